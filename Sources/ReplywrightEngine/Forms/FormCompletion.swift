import Foundation
import ReplywrightCore
import ReplywrightStore

/// A completed session becomes a lead entering C2: the lead is created or updated by the email
/// answer, the answers become custom variables, and the submission is stored as an inbound
/// message on channel `form` (its external id is the session's, so a retried completion stores
/// and drafts nothing twice) whose draft job is queued with it.
public struct FormCompletion: Sendable {
    let store: any DataStore

    public init(store: any DataStore) { self.store = store }

    public func complete(_ session: FormSession, definition: FormDefinition, at now: Date) async throws -> InboundIngestor.Result {
        try await InboundIngestor(store: store).ingest(Self.inbound(session, definition: definition, at: now), in: session.workspaceID)
    }

    /// The lead and the message a completed session stands for.
    public static func inbound(_ session: FormSession, definition: FormDefinition, at now: Date) throws -> InboundMessage {
        guard let emailField = definition.emailField, let email = session.answers[emailField.id]?.textValue else {
            throw AppError.invalid("a completed form needs its email answer")
        }
        var variables: [String: JSONValue] = ["form": .string(definition.slug)]
        for (id, value) in session.answers where id != emailField.id { variables[id] = value }
        let text = { (id: String) in session.answers[id]?.textValue }
        let profile = LeadProfile(
            email: email, firstName: text("first_name"), lastName: text("last_name"), company: text("company"), customVariables: variables)
        let message = Self.body(session, definition: definition, emailField: emailField.id)
        let inbound = NewMessage(
            channel: .form, direction: .inbound, sender: .lead, subject: definition.name, body: message,
            externalID: "form-session:\(session.id)", occurredAt: now)
        return InboundMessage(lead: profile, message: inbound)
    }

    /// The submission as the drafting side reads a lead's message: a first line in the lead's
    /// voice saying what they asked for (a call, a download, or just the form), then their own
    /// words (textarea answers), then the other answers as quoted lines ("> Team size: 40"),
    /// which the reply reader treats as a record rather than something the lead said (so
    /// "What do you use today?" is not read as a question, nor an address as a referral).
    static func body(_ session: FormSession, definition: FormDefinition, emailField: String) -> String {
        let opening =
            switch session.plan.cta.action {
            case .bookCall: "I filled in your form \"\(definition.name)\" and would like to book a call."
            case .download: "I filled in your form \"\(definition.name)\" to get the download."
            case .submit, .next: "I filled in your form \"\(definition.name)\"."
            }
        var own: [String] = []
        var record: [String] = []
        for field in definition.allFields where field.kind != .hidden && field.id != emailField {
            guard let value = session.answers[field.id] else { continue }
            if field.kind == .textarea {
                own.append(words(value))
            } else {
                let label = field.label.trimmingCharacters(in: CharacterSet(charactersIn: "?:")).trimmingCharacters(in: .whitespaces)
                record.append("> \(label): \(words(value))")
            }
        }
        return ([opening] + own + (record.isEmpty ? [] : [record.joined(separator: "\n")])).joined(separator: "\n\n")
    }

    static func words(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number: value.textValue ?? ""
        case .bool(let flag): flag ? "yes" : "no"
        case .array(let items): items.map(words).joined(separator: ", ")
        default: ""
        }
    }
}
