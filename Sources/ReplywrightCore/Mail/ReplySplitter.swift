import Foundation

/// Finds what a person wrote in an email body, apart from the history they quoted and the
/// signature under it. Pure and line-based; tested on the public fixtures of GitHub's
/// email_reply_parser and Mailgun's talon (`Tests/ReplywrightCoreTests/Fixtures/mail`).
///
/// Quoted history starts at the first of:
/// - an "On … wrote:" header, wrapped over up to four lines or sharing a line with the reply,
///   in its localised forms ("Am … schrieb", "Le … a écrit", "El … escribió", "Op … schreef",
///   "Em … escreveu", "Il … ha scritto", "Den … skrev", "W dniu … napisał"…);
/// - a "date, name <address>" line followed by `>` lines (Gmail's older form);
/// - an Outlook header block (`From:` with `Sent:`/`Date:`/`To:`/`Subject:` in the lines after
///   it, in eleven languages, bold or not), with the rule line above it;
/// - "-----Original Message-----" and its translations; a forwarded-message marker.
/// When `>` lines follow an "On … wrote:" header and the sender's text continues below them
/// (a bottom-posted or inline reply), that text is theirs too. `>` lines are quoted anywhere.
///
/// The signature starts at the first of: a "-- " line, a rule of underscores, a device line
/// ("Sent from my iPhone", "Von meinem iPhone gesendet"), a sign-off ("Best,", "Regards, Ana",
/// "Mit freundlichen Grüßen") with only a few short lines after it, a "-Name" line at the end,
/// a bare name on the last line, or a legal or unsubscribe footer.
public enum ReplySplitter {
    /// At most this much of a body is split: a reply's own words come first (the reader reads
    /// `ReplyReader.readLimit` of them), and the rest is history.
    public static let limit = 50_000

    public static func split(_ body: String) -> ReplyParts {
        let lines = String(body.prefix(limit)).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\u{00a0}", with: " ").components(separatedBy: "\n")
        var own: [String] = []
        var quoted: [String] = []
        if let start = historyStart(in: lines) {
            own = Array(lines[..<start.line])
            if !start.prefix.isEmpty { own.append(start.prefix) }
            let after = Array(lines[start.end...])
            if start.inlineCapable, let inline = inlineReply(after) {
                own += inline.own
                quoted = Array(lines[start.line..<start.end]) + inline.quoted
            } else {
                quoted = Array(lines[start.line...])
            }
        } else {
            own = lines
        }
        var text: [String] = []
        for line in own {
            if isQuoted(line) { quoted.append(line) } else { text.append(line) }
        }
        let cut = signatureStart(in: text)
        return ReplyParts(
            visible: joined(text[..<cut]), signature: joined(text[cut...]), quoted: joined(quoted[...]))
    }

    // MARK: - Quoted history

    struct HistoryStart {
        /// The first line of the history.
        var line: Int
        /// The line after its header.
        var end: Int
        /// The reply's text before the header on the header's own line ("reply On … wrote:").
        var prefix: String = ""
        /// An "On … wrote:" header: the reply may go on below the `>` lines it introduces.
        var inlineCapable: Bool
    }

    static func historyStart(in lines: [String]) -> HistoryStart? {
        lines.indices.lazy.compactMap { startsHistory(lines, at: $0) }.first
    }

    /// Whether the history starts at line `index`.
    static func startsHistory(_ lines: [String], at index: Int) -> HistoryStart? {
        let line = lines[index]
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !isQuoted(line), trimmed.count <= 400 else { return nil }
        if trimmed.contains(rx(originalMessage)) || trimmed.contains(rx(forwarded)) {
            return HistoryStart(line: index, end: index + 1, inlineCapable: false)
        }
        if let found = wroteHeader(lines, at: index) { return found }
        guard isOutlookBlock(lines, at: index) else { return nil }
        // The rule drawn above the block belongs to it.
        var first = index
        while first > 0, lines[first - 1].trimmingCharacters(in: .whitespaces).isEmpty { first -= 1 }
        let start = first > 0 && lines[first - 1].contains(rx(#"^\s*(?:_{5,}|-{5,}|\*{5,})\s*$"#)) ? first - 1 : index
        return HistoryStart(line: start, end: index + 1, inlineCapable: false)
    }

    /// "On Tue, Sep 25, 2012 at 3:01 PM, Ann <ann@x.com> wrote:" and its relatives, joined
    /// over up to four lines; also inside a line after the reply ("thanks On … wrote:").
    static func wroteHeader(_ lines: [String], at index: Int) -> HistoryStart? {
        let line = lines[index]
        // The header on the reply's own line ("thanks On … wrote:", "reply--- On … wrote:").
        if let match = line.firstMatch(of: rx(#"(?:\s|-{2,})\s*(?=(?:On|Am|Le|El|Op|Em|Il|Den|På)\s)"#)),
            !line[..<match.range.lowerBound].trimmingCharacters(in: .whitespaces).isEmpty
        {
            let rest = line[match.range.upperBound...].trimmingCharacters(in: .whitespaces)
            if isWroteHeader(rest) {
                let prefix = String(line[..<match.range.lowerBound]).trimmingCharacters(in: .whitespaces)
                return HistoryStart(line: index, end: index + 1, prefix: prefix, inlineCapable: true)
            }
        }
        var joinedText = ""
        let opensLikeAHeader = line.trimmingCharacters(in: .whitespaces).contains(rx(#"^(?:-{2,}\s*)?"# + openers + #"\b|^\d"#))
        for extra in 0..<6 where index + extra < lines.count {
            let next = lines[index + extra].trimmingCharacters(in: .whitespaces)
            // The header's last line may be quoted itself ("> wrote:" after a wrapped address).
            if extra > 0, isQuoted(lines[index + extra]), !next.contains(rx(#"^>\s*"# + markers + #"\s*:"#)) { break }
            // A header that only looks like one for its address does not span a paragraph:
            // "…(dana@orbit.example).\n\nKim\n\nOn … wrote:" is the reply, a name, then the header.
            if extra > 0, next.isEmpty, !opensLikeAHeader { break }
            joinedText = extra == 0 ? next : joinedText + (next.isEmpty ? "" : " " + next)
            guard joinedText.count <= 400 else { break }
            // A header that wraps starts on a line of its own ("Hi,\nOn … wrote:" is a greeting, then one).
            if extra == 1, !startsLikeHeader(lines[index].trimmingCharacters(in: .whitespaces)) { break }
            if isWroteHeader(joinedText) {
                return HistoryStart(line: index, end: index + extra + 1, inlineCapable: true)
            }
            // Gmail's older header: a date and an address, then the `>` lines.
            if extra < 2, joinedText.contains(rx(#"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b.{0,160}@.{0,160}$"#)),
                let quote = lines[(index + extra + 1)...].first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
                isQuoted(quote)
            {
                return HistoryStart(line: index, end: index + extra + 1, inlineCapable: true)
            }
        }
        return nil
    }

    /// A line a wrapped header can start with: an opener ("On", "Am"…), a date, an address.
    static func startsLikeHeader(_ line: String) -> Bool {
        line.contains(rx(#"^(?:-{2,}\s*)?"# + openers + #"\b|^\d|@|<$"#))
    }

    static let openers = #"(?:On|Am|Le|El|Op|Em|Il|Den|På|Dne|W dniu|Vào|Ngày|В|Il giorno|El día)"#
    static let markers =
        #"(?:wrote|sent|schrieb|a écrit|écrit|escribió|escribio|schreef|geschreven|ha scritto|scrisse|escreveu|skrev|napisał|napisal|kirjoitti|napsal|написал|написала|đã viết|写道)"#

    static func isWroteHeader(_ text: String) -> Bool {
        guard text.count <= 400, text.contains(where: \.isNumber) || text.contains("@") || text.contains("wrote ----") else { return false }
        // "---- Ann wrote ----" (Android), "------On 12/29/1987 Ann wrote-----".
        if text.contains(rx(#"(?i)^-{2,}\s*.{1,200}\b"# + markers + #"\b\s*-{2,}$"#)) { return true }
        let opensLikeOne = text.contains(rx(#"^(?:-{2,}\s*)?"# + openers + #"\b"#))
        let endsLikeOne = text.contains(rx(#"(?i)\b"# + markers + #"\s*[:：]\s*$"#))
        // The Dutch and Norse orders put the name after the verb: "Op … schreef Ann <a@x.nl>:".
        let verbInside = text.contains(rx(#"(?i)\b"# + markers + #"\b.{0,160}[:：]\s*$"#))
        let looksAddressed = text.contains("@") || text.contains(rx(#"\d{1,2}[:.]\d{2}"#))
        return (opensLikeOne && (endsLikeOne || verbInside)) || (endsLikeOne && looksAddressed)
    }

    static let originalMessage =
        #"(?i)^-{3,}\s*(?:original message|reply message|ursprüngliche nachricht|original-nachricht|antwort nachricht|oprindelig meddelelse|message d'origine|mensaje original|oorspronkelijk bericht|messaggio originale|mensagem original|ursprungligt meddelande|opprinnelig melding|wiadomość oryginalna|alkuperäinen viesti)\s*-{3,}$"#
    static let forwarded =
        #"(?i)^(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|doorgestuurd bericht|messaggio inoltrato|mensagem encaminhada|vidarebefordrat meddelande|videresendt meddelelse)\s*-{2,}|begin forwarded message:|anfang der weitergeleiteten nachricht:|début du message réexpédié :?)$"#

    static let headerKey =
        #"(?i)^\s*\*?\s*(from|von|de|van|från|fra|od|da|от|kimden|feladó|lähettäjä|发件人|寄件者|date|datum|sent|gesendet|envoyé|enviado|fecha|verzonden|skickat|sendt|inviato|wysłano|data|to|an|à|a|para|aan|till|til|do|cc|subject|betreff|objet|asunto|assunto|onderwerp|ämne|emne|oggetto|temat|tárgy|发送时间|收件人|主题)\s*\*?\s*[:：]"#
    static let fromKeys: Set<String> = [
        "from", "von", "de", "van", "från", "fra", "od", "da", "от", "kimden", "feladó", "lähettäjä", "发件人", "寄件者", "date", "datum",
    ]

    /// An Outlook-style header block: a `From:` (or `Date:`) line with at least one more header
    /// line among the next seven (wrapped values and blank lines between them allowed).
    static func isOutlookBlock(_ lines: [String], at index: Int) -> Bool {
        guard let first = lines[index].firstMatch(of: rx(headerKey)),
            let key = first.output[1].substring?.lowercased(), fromKeys.contains(key)
        else { return false }
        var keys = 1
        for next in lines[(index + 1)..<min(lines.count, index + 8)] where next.contains(rx(headerKey)) { keys += 1 }
        return keys >= 2
    }

    /// Below an "On … wrote:" header: `>` lines first, then the sender's own text again (a
    /// bottom-posted or inline reply). `nil` when no own text follows the quote. Each run of own
    /// lines is one block, joined to the next by a blank line; a block that is a mailing list's
    /// footer (a rule of underscores, an unsubscribe line) is the list's, not the sender's.
    static func inlineReply(_ after: [String]) -> (own: [String], quoted: [String])? {
        guard let firstText = after.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }), isQuoted(after[firstText]) else {
            return nil
        }
        var blocks: [[String]] = [[]]
        var quoted: [String] = []
        for index in firstText..<after.count {
            let line = after[index]
            if isQuoted(line) {
                quoted.append(line)
                if !(blocks.last?.isEmpty ?? true) { blocks.append([]) }
            } else if startsHistory(after, at: index) != nil {
                quoted += after[index...]  // another header: the rest is history
                break
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        var own: [String] = []
        for (number, block) in blocks.enumerated() {
            let text = block.drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard let first = text.first?.trimmingCharacters(in: .whitespaces) else { continue }
            // A wrapped link between two quoted lines ("…/action\n_nonce=3dd)") is the quote's.
            let words = first.split(separator: " ")
            let wrappedToken = block.count == 1 && number < blocks.count - 1 && (words.count == 1 || (words.count <= 2 && first.contains("://")))
            if first.contains(rx(#"^_{5,}$"#)) || isFooter(first) || wrappedToken {
                quoted += block
                continue
            }
            let kept = Array(text.reversed().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed())
            own += (own.isEmpty ? [] : [""]) + kept
        }
        guard !own.isEmpty else { return nil }
        return ([""] + own, quoted)
    }

    /// A `>` line; not a decoration such as ">>> http://example.com <<<".
    static func isQuoted(_ line: String) -> Bool { line.drop { $0 == " " || $0 == "\t" }.first == ">" && !line.contains("<<<") }

    // MARK: - Signature

    /// The first line of the signature in the sender's own lines (`lines.count`: none).
    static func signatureStart(in lines: [String]) -> Int {
        let nonBlank = lines.indices.filter { !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        guard let last = nonBlank.last else { return lines.count }
        for index in nonBlank {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let textBefore = nonBlank.contains { $0 < index }
            let linesAfter = nonBlank.filter { $0 > index }
            if trimmed == "--" || line == "-- " || trimmed == "—" { return index }
            if trimmed.contains(rx(#"^_{5,}$"#)), !linesAfter.isEmpty { return index }
            if isDeviceLine(trimmed) { return index }
            if isFooter(trimmed) { return index }
            guard textBefore else { continue }
            if isSignOff(trimmed), linesAfter.count <= 6, linesAfter.allSatisfy({ lines[$0].count <= 80 }),
                !linesAfter.contains(where: { lines[$0].hasSuffix("?") })
            {
                return index
            }
            if trimmed.contains(rx(#"^[-–—]\s?\p{Lu}[\p{L}'.-]+(?:\s+\p{Lu}[\p{L}'.-]+){0,2}$"#)), linesAfter.count <= 6,
                linesAfter.allSatisfy({ lines[$0].count <= 80 })
            {
                return index
            }
            // A name alone on the last line signs the message, unless the sentence above runs on
            // into it ("please contact\nPriya Nair").
            let previous = nonBlank.last { $0 < index }.map { lines[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            if index == last, SignOff.isName(trimmed, words: 1...3),
                !trimmed.split(separator: " ").contains(where: { ReplyLexicon.notNames.contains(String($0)) }),
                previous.last.map({ ".!?)".contains($0) }) == true || isSignOff(previous)
            {
                return index
            }
        }
        return lines.count
    }

    static let signOffs: Set<String> = SignOff.words.union([
        "best wishes", "warmly", "warm wishes", "thanks again", "thanks so much", "thank you so much", "many thanks", "with thanks",
        "respectfully", "yours", "yours truly", "yours sincerely", "kindest regards", "best,", "br", "rgds", "thx", "ty",
        "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "viele grüße", "beste grüße", "lg", "vg", "mfg",
        "gruß", "grüße", "cordialement", "bien cordialement", "bien à vous", "salutations", "merci", "saludos", "un saludo",
        "atentamente", "saludos cordiales", "met vriendelijke groet", "met vriendelijke groeten", "groeten", "groet",
        "cordiali saluti", "saluti", "distinti saluti", "atenciosamente", "abraços", "obrigado", "obrigada", "med vänlig hälsning",
        "vänliga hälsningar", "hälsningar", "med venlig hilsen", "venlig hilsen", "med vennlig hilsen", "hilsen", "pozdrawiam",
        "z poważaniem",
    ])

    /// "Best,", "Thanks!", "Regards, Ana", "Mit freundlichen Grüßen".
    static func isSignOff(_ line: String) -> Bool {
        let lowered = line.lowercased()
        let bare = lowered.trimmingCharacters(in: CharacterSet(charactersIn: ",.!-— "))
        if signOffs.contains(bare) { return true }
        // The sign-off and the name on one line.
        guard let comma = lowered.firstIndex(where: { $0 == "," || $0 == "!" }) else { return false }
        let word = String(lowered[..<comma]).trimmingCharacters(in: .whitespaces)
        let name = line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        return signOffs.contains(word) && SignOff.isName(name, words: 1...3)
    }

    static func isDeviceLine(_ line: String) -> Bool {
        guard !line.contains(","), line.count <= 70 else { return false }
        return line.contains(
            rx(
                #"(?i)^(?:sent (?:from|with|via|using) \S+(?:\s+\S+){0,4}|get outlook for \S+|von meinem \S+(?:\s+\S+)? gesendet|gesendet von (?:meinem )?\S+(?:\s+\S+)?|envoyé (?:de|depuis) (?:mon )?\S+(?:\s+\S+)?|enviado (?:desde|do|de) (?:mi |meu )?\S+(?:\s+\S+)?|inviato da(?:l mio)? \S+(?:\s+\S+)?|verzonden (?:vanaf|met) (?:mijn )?\S+(?:\s+\S+)?|skickat från min \S+(?:\s+\S+)?|sendt fra min \S+(?:\s+\S+)?|wysłane z \S+(?:\s+\S+)?|发自我的\S+)[.!]?$"#
            ))
    }

    /// A legal notice or a mailing tool's footer: the sender did not write it to us.
    static func isFooter(_ line: String) -> Bool {
        line.contains(
            rx(
                #"(?i)^(?:\**\s*)?(?:this (?:e-?mail|message|communication)(?: and any (?:files|attachments))? (?:is|are|may|contains?|and)\b|confidential(?:ity)? (?:notice|note|disclaimer)|disclaimer:|the information (?:contained )?in this (?:e-?mail|message)|if you (?:are not|have received this)|privileged (?:and|&) confidential|diese e-?mail (?:enthält|ist|kann)|ce (?:message|courriel) (?:et|est|peut)|este (?:mensaje|correo) (?:y|es|puede|contiene)|dit (?:e-?mail)?bericht (?:is|kan|bevat)|questo messaggio|to unsubscribe\b|unsubscribe (?:here|from|at)|click here to unsubscribe|if you (?:no longer wish|would (?:prefer|like) not) to|you (?:are )?received this (?:e-?mail|message) because|you are receiving this|manage (?:your )?(?:email )?preferences|update your preferences|reply to this email directly|view it on github)"#
            ))
    }

    static func joined(_ lines: ArraySlice<String>) -> String {
        lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func rx(_ pattern: String) -> Regex<AnyRegexOutput> { CachedRegex.simple(pattern) }
}
