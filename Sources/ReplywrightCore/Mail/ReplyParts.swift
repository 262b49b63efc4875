import Foundation

/// An email body taken apart: what the sender wrote now, their signature and footer, and the
/// earlier mail they quoted (`ReplySplitter`).
public struct ReplyParts: Sendable, Hashable, Codable {
    /// The sender's new words: no quoted history, no signature, no device line, no footer.
    public var visible: String
    /// The sign-off and what follows it, "-- " blocks, "Sent from my iPhone", legal and
    /// unsubscribe footers: theirs, but not what they are saying.
    public var signature: String
    /// Earlier mail: `>` lines, everything under an "On … wrote:" header, an Outlook
    /// `From:/Sent:` block, "-----Original Message-----" or a forwarded block.
    public var quoted: String

    public init(visible: String, signature: String = "", quoted: String = "") {
        self.visible = visible
        self.signature = signature
        self.quoted = quoted
    }

    /// The text above the quoted history, signature included (what quote-strippers such as
    /// talon return).
    public var reply: String {
        [visible, signature].filter { !$0.isEmpty }.joined(separator: "\n\n")
    }
}
