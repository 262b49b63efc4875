import Foundation

/// How a setter wants their text refined.
public enum RefineMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Rethink content and order.
    case developmental
    /// Rework sentences.
    case line
    /// Fix the surface only: spelling-level slips, spacing, capitals.
    case copy

    public var scoring: ScoringMode {
        switch self {
        case .developmental: return .developmental
        case .line: return .line
        case .copy: return .copy
        }
    }
}

/// A direction for the refinement.
public enum RefineNudge: String, Sendable, Hashable, Codable, CaseIterable {
    case shorter, warmer, simplify
    case moreDirect = "more_direct"
    case moreFormal = "more_formal"
    case addUrgency = "add_urgency"

    /// The instruction for a model.
    public var instruction: String {
        switch self {
        case .shorter: return "Make it shorter: cut filler, keep every point."
        case .warmer: return "Make it warmer and more personal, without flattery."
        case .simplify: return "Use simpler words and shorter sentences."
        case .moreDirect: return "Make it more direct: lead with the point, drop hedges."
        case .moreFormal: return "Make it more formal: no slang, no contractions."
        case .addUrgency: return "Add a gentle sense of urgency without inventing deadlines or offers."
        }
    }
}

/// The rules tier's refinements: deterministic text edits that never add facts.
public enum RulesRefiner {
    /// Surface fixes every mode applies: spacing, a lone lowercase "i", sentence capitals.
    public static func copyEdit(_ text: String) -> String {
        var output = text.replacingOccurrences(of: "\r\n", with: "\n")
        while output.contains("  ") { output = output.replacingOccurrences(of: "  ", with: " ") }
        output = output.replacingOccurrences(of: " i ", with: " I ").replacingOccurrences(of: " i'", with: " I'")
        output = output.replacingOccurrences(of: " ,", with: ",").replacingOccurrences(of: " .", with: ".")
        var result = ""
        var capitalizeNext = true
        for character in output {
            if capitalizeNext, character.isLetter {
                result.append(contentsOf: character.uppercased())
                capitalizeNext = false
            } else {
                result.append(character)
                if ".!?\n".contains(character) { capitalizeNext = true } else if !character.isWhitespace { capitalizeNext = false }
            }
        }
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static func apply(_ nudge: RefineNudge, to text: String) -> String {
        switch nudge {
        case .shorter: return shorter(text)
        case .warmer: return warmer(text)
        case .simplify: return replacing(text, simpler)
        case .moreDirect: return replacing(text, hedges)
        case .moreFormal: return replacing(text, formal)
        case .addUrgency: return appendingBeforeSignOff(text, "It would be great to settle this in the next few days.")
        }
    }

    static func shorter(_ text: String) -> String {
        let fillers = [
            "no pressure", "just wanted", "hope this helps", "let me know if you have any questions", "feel free to",
            "happy to adapt", "whatever works best", "hope you're well", "hope you are well", "hope all is well",
        ]
        let blocks = text.components(separatedBy: "\n\n")
        return blocks.map { block in
            let sentences = MinimalEdit.sentences(in: block.replacingOccurrences(of: "\n", with: " "))
            guard sentences.count > 1 else { return block }
            let kept = sentences.filter { sentence in !fillers.contains { sentence.lowercased().contains($0) } }
            return (kept.isEmpty ? [sentences[0]] : kept).joined(separator: " ")
        }.joined(separator: "\n\n")
    }

    static func warmer(_ text: String) -> String {
        var blocks = text.components(separatedBy: "\n\n")
        let line = "Thanks so much for taking the time to reply."
        let insertAt = blocks.count > 1 && blocks[0].count < 40 ? 1 : 0
        if !text.lowercased().contains("thank") { blocks.insert(line, at: min(insertAt, blocks.count)) }
        return blocks.joined(separator: "\n\n")
    }

    static func appendingBeforeSignOff(_ text: String, _ sentence: String) -> String {
        var blocks = text.components(separatedBy: "\n\n")
        let hasSignOff = blocks.count > 1 && StructureSkeleton.isSignOff(blocks.last ?? "")
        blocks.insert(sentence, at: hasSignOff ? blocks.count - 1 : blocks.count)
        return blocks.joined(separator: "\n\n")
    }

    static func replacing(_ text: String, _ pairs: [(String, String)]) -> String {
        pairs.reduce(text) { output, pair in
            output.replacingOccurrences(of: pair.0, with: pair.1, options: [.caseInsensitive])
        }
    }

    static let hedges: [(String, String)] = [
        ("I was wondering if ", ""), ("I think ", ""), ("just ", ""), ("maybe ", ""), ("perhaps ", ""), ("kind of ", ""),
        ("sort of ", ""), (", if that's okay", ""), (" if that's ok", ""), ("I'd love to ", "I want to "),
    ]

    static let formal: [(String, String)] = [
        ("Hey ", "Hello "), ("Cheers,", "Kind regards,"), ("I'll", "I will"), ("we'll", "we will"), ("you'll", "you will"),
        ("don't", "do not"), ("can't", "cannot"), ("won't", "will not"), ("it's", "it is"), ("we're", "we are"),
        ("you're", "you are"), ("I'm", "I am"), ("that's", "that is"), ("let's", "let us"), ("thanks!", "thank you."),
        ("yeah", "yes"), ("gonna", "going to"), ("wanna", "want to"),
    ]

    static let simpler: [(String, String)] = [
        ("utilize", "use"), ("approximately", "about"), ("in order to", "to"), ("facilitate", "help"), ("regarding", "about"),
        ("additionally", "also"), ("subsequently", "then"), ("commence", "start"), ("endeavour", "try"), ("endeavor", "try"),
        ("at this point in time", "now"), ("due to the fact that", "because"), ("in the event that", "if"),
    ]
}
