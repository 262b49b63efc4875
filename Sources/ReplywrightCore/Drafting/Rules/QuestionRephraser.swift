import Foundation

/// A lead's question turned into words the reply can carry ("Does it work with Pipedrive?" →
/// "whether it works with Pipedrive"; "How long does onboarding take?" → "how long onboarding
/// takes"), with the sides swapped ("your" for "our", "we" for "you"), so a reply that cannot
/// answer yet says what it will confirm without quoting the lead back. `nil` when the question
/// does not have a shape it knows: the reply then names no question. Pure.
public enum QuestionRephraser {
    static let auxiliaries: Set<String> = ["do", "does", "did", "is", "are", "was", "were", "can", "could", "will", "would", "should", "has", "have"]
    static let interrogatives: Set<String> = ["who", "what", "when", "where", "which", "how", "why"]
    static let swaps: [String: String] = [
        "you": "we", "your": "our", "yours": "ours", "we": "you", "our": "your", "ours": "yours", "us": "you", "i": "you", "me": "you",
        "my": "your",
    ]

    public static func embedded(_ question: String) -> String? {
        var text = question.trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = text.last, "?!. ".contains(last) { text.removeLast() }
        // A lead-in before a colon or a dash is not the question ("Quick one: does it…").
        if let range = text.range(of: ": ") ?? text.range(of: " - ") { text = String(text[range.upperBound...]) }
        var words = text.split(separator: " ").map(String.init)
        guard words.count >= 2, words.count <= 18, !text.contains("\n") else { return nil }
        let first = words[0].lowercased()
        var lead: [String] = []
        if interrogatives.contains(first) {
            // "How long", "Which teams", "What kind of": the wh-phrase runs to the auxiliary.
            var index = 0
            while index < words.count, !auxiliaries.contains(words[index].lowercased()), index < 4 { index += 1 }
            guard index < words.count, auxiliaries.contains(words[index].lowercased()) else {
                // "Who else uses this?": no inversion to undo.
                return swapped(words).joined(separator: " ").lowercasedFirst
            }
            lead = Array(words[..<index])
            words = Array(words[index...])
        } else if auxiliaries.contains(first) {
            lead = ["whether"]
        } else {
            return nil
        }
        // words = auxiliary, subject…, rest. The subject: a pronoun, or a determiner and a noun, or a noun.
        let auxiliary = words[0].lowercased()
        guard words.count >= 2 else { return nil }
        // "What are the next steps" → "what the next steps are"; "How big is your team" → "how big
        // our team is": after a wh-phrase, "to be" and a determiner, the rest is the subject.
        if interrogatives.contains(first), ["is", "are", "was", "were"].contains(auxiliary),
            ["the", "a", "an", "your", "our", "this", "that", "these", "those", "my", "their"].contains(words[1].lowercased())
        {
            return (lead.map { $0.lowercased() } + swapped(Array(words[1...])) + [auxiliary]).joined(separator: " ").lowercasedFirst
        }
        var subjectLength = 1
        if ["the", "a", "an", "your", "our", "this", "that", "my"].contains(words[1].lowercased()), words.count >= 3 { subjectLength = 2 }
        let subject = Array(words[1...subjectLength])
        var rest = Array(words[(subjectLength + 1)...])
        var clause: [String]
        switch auxiliary {
        case "do", "does", "did":
            // "does onboarding take" → "onboarding takes"; "do you support" → "we support".
            guard let verb = rest.first else { return nil }
            let subjectWord = swapped(subject).last?.lowercased() ?? ""
            let third = auxiliary == "does" && !["you", "we", "they", "i"].contains(subjectWord)
            rest[0] = auxiliary == "did" ? verb : third ? thirdPerson(verb) : verb
            clause = swapped(subject) + swapped(rest)
        default:
            // "is it compliant" → "it is compliant"; "can you send" → "we can send".
            let pronoun = swapped(subject)
            let verb =
                auxiliary == "are" && pronoun.last?.lowercased() == "we"
                ? "are" : auxiliary == "are" && pronoun.last?.lowercased() == "i" ? "am" : auxiliary
            clause = pronoun + [verb] + swapped(rest)
        }
        guard !clause.isEmpty else { return nil }
        return (lead.map { $0.lowercased() } + clause).joined(separator: " ").lowercasedFirst
    }

    static func swapped(_ words: [String]) -> [String] {
        words.map { word in
            let bare = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
            guard let swap = swaps[bare] else { return word }
            return word.lowercased().replacingOccurrences(of: bare, with: swap)
        }
    }

    /// "take" → "takes", "go" → "goes", "have" → "has", "carry" → "carries".
    static func thirdPerson(_ verb: String) -> String {
        let lowered = verb.lowercased()
        if lowered == "have" { return "has" }
        if lowered == "do" { return "does" }
        if lowered.hasSuffix("y"), let before = lowered.dropLast().last, !"aeiou".contains(before) { return String(verb.dropLast()) + "ies" }
        if ["s", "sh", "ch", "x", "z", "o"].contains(where: lowered.hasSuffix) { return verb + "es" }
        return verb + "s"
    }
}

extension String {
    /// The first letter lowercased, unless the first word is a name or "I" ("HubSpot" stays).
    fileprivate var lowercasedFirst: String {
        guard let first = first, let second = dropFirst().first, !second.isUppercase else { return self }
        return first.lowercased() + dropFirst()
    }
}
