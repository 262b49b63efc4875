import Foundation

/// The correction path's second step: remove what breaks scope without rewriting the rest.
/// Sentences with an unfilled placeholder, an unsupported number or a banned phrase go; a
/// leaked plan line goes. What is left is only ever a subset of the candidate's own text.
public enum MinimalEdit {
    public static func apply(_ text: String, check: ScopeCheck) -> String {
        let blocks = text.components(separatedBy: "\n\n").map { block in
            block.components(separatedBy: "\n").compactMap { line -> String? in
                let sentences = sentences(in: line).filter { sentence in
                    check.violations(in: sentence).allSatisfy { violation in
                        switch violation {
                        case .tooShort, .tooLong: return true  // length is judged on the whole text
                        default: return false
                        }
                    }
                }
                let kept = sentences.joined(separator: " ").trimmingCharacters(in: .whitespaces)
                return kept.isEmpty ? nil : kept
            }.joined(separator: "\n")
        }
        return blocks.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// Sentences with their end punctuation; a stop must be followed by a space or the end
    /// ("3.30pm" and "e.g.x" stay whole).
    static func sentences(in line: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(line)
        for (index, character) in characters.enumerated() {
            current.append(character)
            if ".!?".contains(character), index + 1 == characters.count || characters[index + 1].isWhitespace {
                result.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { result.append(rest) }
        return result
    }
}
