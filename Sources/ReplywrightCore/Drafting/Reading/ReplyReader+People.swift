import Foundation

/// People in a reply: who the lead points us to (a referral) and who they ask to include.
extension ReplyReader {
    /// A word of the original text with its case, and whether punctuation ends it.
    struct Word {
        var text: String
        var lower: String
        var endsClause: Bool
        var isEmail: Bool
    }

    static func words(_ text: String) -> [Word] {
        text.split(whereSeparator: { $0.isWhitespace }).map { piece in
            let raw = String(piece)
            let isEmail = raw.contains("@") && raw.contains(".")
            let trimmed =
                isEmail
                ? raw.trimmingCharacters(in: CharacterSet(charactersIn: "()<>,;:!?\"'.").union(.whitespaces))
                : raw.trimmingCharacters(in: .punctuationCharacters)
            let ends = raw.last.map { ",.;:!?)".contains($0) } ?? false
            return Word(text: trimmed, lower: trimmed.lowercased().replacingOccurrences(of: "’", with: "'"), endsClause: ends, isEmail: isEmail)
        }
    }

    /// Phrases after which a referral names someone: "talk to Priya", "try sam@…", "looping in Dana".
    static let referralTriggers: [[String]] = [
        "talk to", "speak to", "speak with", "reach out to", "contact", "write to", "email", "ask", "loop in", "looping in",
        "cc'ing", "ccing", "copying", "adding", "forwarding this to", "forwarded it to", "forwarding it to", "belongs with",
        "better person is", "try", "please contact", "send this to", "send it to", "forward this to", "talking to",
    ].map { $0.split(separator: " ").map(String.init) }

    /// Words that describe a person's role, after which the name often follows.
    static let roleWords: Set<String> = [
        "my", "our", "colleague", "the", "at", "in", "her", "him", "head", "of", "sales", "vp", "cro", "ceo", "cto", "founder",
        "cofounder", "director", "lead", "manager", "revops", "ops", "marketing", "team", "sdr", "growth", "procurement",
        "partnerships", "who", "from",
    ]

    /// Titles before a name: "our founder Anika", "our RevOps lead Tom".
    static let titles: Set<String> = ["founder", "cofounder", "lead", "director", "cro", "vp", "head", "manager", "ceo", "cto"]

    /// The people a referral points to: names (capitalised, as written) or email addresses.
    static func referrals(in text: String) -> [String] {
        let words = words(text)
        var people: [String] = []
        // "Dana Whitfield" once, not also "Whitfield".
        func add(_ name: String) {
            guard !name.isEmpty, !people.contains(where: { $0 == name || $0.contains(name) }) else { return }
            // "Dana Whitfield (dana@orbit.example)": the address is Dana's, not a second person.
            if name.contains("@"), let local = name.split(separator: "@").first?.split(whereSeparator: { ".-_".contains($0) }).first?.lowercased(),
                people.contains(where: { $0.lowercased().split(separator: " ").contains(Substring(local)) })
            {
                return
            }
            people.removeAll { name.contains($0) }
            people.append(name)
        }
        func name(at index: Int) -> String? {
            guard index < words.count else { return nil }
            let word = words[index]
            if word.isEmail { return word.text }
            guard let first = word.text.first, first.isUppercase, word.text.count > 1, !ReplyLexicon.notNames.contains(word.text),
                word.text.allSatisfy({ $0.isLetter || $0 == "-" })
            else { return nil }
            if !word.endsClause, index + 1 < words.count, let next = words[index + 1].text.first, next.isUppercase,
                !ReplyLexicon.notNames.contains(words[index + 1].text), words[index + 1].text.allSatisfy({ $0.isLetter || $0 == "-" })
            {
                return word.text + " " + words[index + 1].text
            }
            return word.text
        }
        for index in words.indices {
            // "talk to (my colleague | our head of sales,) Priya"
            for trigger in referralTriggers
            where index + trigger.count <= words.count
                && trigger.indices.allSatisfy({ words[index + $0].lower == trigger[$0] })
                && !words[index + trigger.count - 1].endsClause
            {
                var cursor = index + trigger.count
                var skipped = 0
                while cursor < words.count, skipped < 5 {
                    if let found = name(at: cursor) {
                        add(found)
                        break
                    }
                    guard roleWords.contains(words[cursor].lower) || words[cursor].lower.count <= 3 else { break }
                    cursor += 1
                    skipped += 1
                }
            }
            // "Priya, she runs our SDR team", "Dana who owns outbound", "Kate on our growth team", "our founder Anika"
            if let found = name(at: index), !words[index].isEmail {
                let after = words[(index + 1)..<min(words.count, index + 5)].map(\.lower)
                let roleVerbs: Set<String> = ["runs", "owns", "handles", "manages", "leads", "decides", "took", "can", "is"]
                let directVerbs: Set<String> = ["runs", "owns", "handles", "manages", "leads", "decides"]
                if let pronoun = after.firstIndex(where: { ["she", "he", "who", "she's", "he's"].contains($0) }),
                    after[(pronoun + 1)...].contains(where: roleVerbs.contains) || after[pronoun].hasSuffix("'s")
                {
                    add(found)
                } else if let verb = after.first, directVerbs.contains(verb) {
                    add(found)  // "Sarah Kim runs outbound here"
                } else if after.count >= 3, ["on", "from", "in"].contains(after[0]), ["our", "my", "revops", "sales"].contains(after[1]),
                    after.dropFirst(2).contains(where: { ["team", "pod", "department", "side", "revops", "sales", "marketing"].contains($0) })
                {
                    add(found)
                } else {
                    let before = words[max(0, index - 3)..<index].map(\.lower)
                    if before.contains(where: { ["our", "my"].contains($0) }), before.contains(where: titles.contains) { add(found) }
                }
            }
        }
        // An address with "try", "contact", "instead": where to write.
        if people.allSatisfy({ !$0.contains("@") }) {
            let lowered = text.lowercased()
            if ["try", "contact", "instead", "write", "reach"].contains(where: lowered.contains) {
                for word in words where word.isEmail { add(word.text) }
            }
        }
        return people
    }

    /// People the lead asks to bring in: "Can you include my colleague Sam?", "invite Dana too".
    static func invited(in text: String) -> [String] {
        let words = words(text)
        var people: [String] = []
        for (index, word) in words.enumerated() where ["include", "invite", "add", "bring", "cc"].contains(word.lower) {
            var cursor = index + 1
            while cursor < words.count, cursor <= index + 3,
                ["my", "our", "colleague", "cofounder", "manager", "boss", "partner"]
                    .contains(words[cursor].lower)
            {
                cursor += 1
            }
            guard cursor < words.count else { continue }
            let candidate = words[cursor]
            if candidate.isEmail
                || (candidate.text.first?.isUppercase == true && candidate.text.count > 1
                    && !ReplyLexicon.notNames.contains(candidate.text))
            {
                if !people.contains(candidate.text) { people.append(candidate.text) }
            }
        }
        return people
    }
}
