import Foundation

/// One message in a lead's conversation, inbound or outbound, on any channel.
public struct Message: Sendable, Codable, Equatable, Identifiable {
    public var id: Identifier<Message>
    public var workspaceID: Identifier<Workspace>
    public var leadID: Identifier<Lead>
    public var channel: Channel
    public var direction: MessageDirection
    public var sender: MessageSender
    public var subject: String?
    public var body: String
    /// The sending platform's id for this message; unique per workspace, used to de-duplicate.
    public var externalID: String?
    /// The draft this message was sent from, for outbound AI or setter messages.
    public var draftID: String?
    /// The dashboard user who sent it (outbound setter messages sent from the dashboard).
    public var sentByUserID: Identifier<User>?
    /// When the message was sent or received on its channel.
    public var occurredAt: Date
    public var createdAt: Date
    /// An inbound email's new words (`ReplySplitter`): no quoted history, signature or footer.
    /// `nil`: the body is all new words (outbound messages, messages stored before it was read).
    public var visibleBody: String?
    /// Who or what wrote an inbound message (`AutomatedMailDetector`).
    public var kind: MailKind
    /// Why it was read as `kind` ("header Auto-Submitted: auto-replied"), for the page.
    public var kindEvidence: String?

    public init(
        id: Identifier<Message>, workspaceID: Identifier<Workspace>, leadID: Identifier<Lead>,
        channel: Channel, direction: MessageDirection, sender: MessageSender, subject: String? = nil,
        body: String, externalID: String? = nil, draftID: String? = nil, sentByUserID: Identifier<User>? = nil, occurredAt: Date,
        createdAt: Date, visibleBody: String? = nil, kind: MailKind = .person, kindEvidence: String? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.leadID = leadID
        self.channel = channel
        self.direction = direction
        self.sender = sender
        self.subject = subject
        self.body = body
        self.externalID = externalID
        self.draftID = draftID
        self.sentByUserID = sentByUserID
        self.occurredAt = occurredAt
        self.createdAt = createdAt
        self.visibleBody = visibleBody
        self.kind = kind
        self.kindEvidence = kindEvidence
    }

    /// The words the sender wrote now: the visible body, else the body.
    public var visibleText: String { visibleBody ?? body }
}

/// The channel a message travels on.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case email
    case sms
    case linkedin
    /// A hosted form's submission (C5): the lead wrote nothing, the answers are the message.
    case form

    /// How a message on this channel is answered: a form submission by email.
    public var replyChannel: Channel { self == .form ? .email : self }
}

public enum MessageDirection: String, Sendable, Codable, CaseIterable {
    case inbound
    case outbound
}

/// Who wrote a message: the lead, a human setter, the AI, or the system (notices, bounces).
public enum MessageSender: String, Sendable, Codable, CaseIterable {
    case lead
    case setter
    case ai
    case system
}

/// A message to be stored; the store assigns the id and creation time.
public struct NewMessage: Sendable, Equatable {
    public var channel: Channel
    public var direction: MessageDirection
    public var sender: MessageSender
    public var subject: String?
    public var body: String
    public var externalID: String?
    public var draftID: String?
    public var sentByUserID: Identifier<User>?
    public var occurredAt: Date
    /// How an AI message went out (from its draft, or as an import says); for the report.
    public var disposition: Draft.Disposition?
    /// The rules tier's reading of an inbound message (`ReplyIntent`), for the report.
    public var intent: ReplyIntent?
    /// See `Message.visibleBody`, `kind` and `kindEvidence`.
    public var visibleBody: String?
    public var kind: MailKind
    public var kindEvidence: String?

    public init(
        channel: Channel, direction: MessageDirection, sender: MessageSender, subject: String? = nil,
        body: String, externalID: String? = nil, draftID: String? = nil, sentByUserID: Identifier<User>? = nil, occurredAt: Date,
        disposition: Draft.Disposition? = nil, intent: ReplyIntent? = nil, visibleBody: String? = nil, kind: MailKind = .person,
        kindEvidence: String? = nil
    ) {
        self.channel = channel
        self.direction = direction
        self.sender = sender
        self.subject = subject
        self.body = body
        self.externalID = externalID
        self.draftID = draftID
        self.sentByUserID = sentByUserID
        self.occurredAt = occurredAt
        self.disposition = disposition
        self.intent = intent
        self.visibleBody = visibleBody
        self.kind = kind
        self.kindEvidence = kindEvidence
    }
}

extension Message {
    /// The message as drafting and the overseer read it, prompts included: the sender's new
    /// words (`visibleText`: quoted history, signature and footer cut), their first
    /// `ReplyReader.readLimit` characters (the stored message keeps all of it). A 1 MB email
    /// would otherwise go whole into every model request, and a quoted thread read as the
    /// lead's own words.
    public var readable: Message {
        var message = self
        message.body = ReplyReader.readable(visibleText)
        message.visibleBody = nil
        return message
    }
}
