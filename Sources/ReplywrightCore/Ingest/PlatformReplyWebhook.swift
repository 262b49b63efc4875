import Foundation

/// Reply webhooks of common sending platforms, translated into the generic inbound payload
/// (so validation and ingest are the same). Platforms send every event type to one URL:
/// anything that is not a reply translates to `nil` and is acknowledged without storing.
public enum PlatformReplyWebhook {
    public enum Platform: String, Sendable, CaseIterable {
        case smartlead
        case instantly
    }

    public static func translate(_ body: JSONValue, from platform: Platform) throws(AppError) -> InboundWebhookPayload? {
        guard case .object = body else { throw .invalid("the body must be a JSON object") }
        switch platform {
        case .smartlead: return try smartlead(body)
        case .instantly: return try instantly(body)
        }
    }

    /// Smartlead `EMAIL_REPLY`: `sl_lead_email`, `to_name`, `subject`, `reply_message`
    /// (`message_id`, `text`, `html`, `time`), `event_timestamp` (older fields as fallbacks).
    static func smartlead(_ body: JSONValue) throws(AppError) -> InboundWebhookPayload? {
        let event = body.field("event_type")?.textValue ?? ""
        guard event == "EMAIL_REPLY" else { return nil }
        let reply = body.field("reply_message")
        guard let email = (body.field("sl_lead_email") ?? body.field("to_email"))?.textValue else {
            throw .invalid("sl_lead_email: missing")
        }
        guard let id = (reply?.field("message_id") ?? body.field("message_id"))?.textValue ?? body.field("stats_id")?.textValue else {
            throw .invalid("reply_message.message_id: missing")
        }
        let text =
            reply?.field("text")?.textValue ?? body.field("preview_text")?.textValue
            ?? (reply?.field("html") ?? body.field("reply_body"))?.textValue.map(plainText)
        // A subject-only auto-reply has no text.
        guard text != nil || body.field("subject")?.textValue != nil else { throw .invalid("reply_message.text: missing") }
        let names = (body.field("to_name")?.textValue ?? "").split(separator: " ", maxSplits: 1).map(String.init)
        return InboundWebhookPayload(
            lead: .init(email: email, firstName: names.first, lastName: names.count > 1 ? names[1] : nil),
            message: .init(
                id: "smartlead:\(id)", channel: "email", subject: body.field("subject")?.textValue, body: text,
                receivedAt: (reply?.field("time") ?? body.field("event_timestamp") ?? body.field("time_replied"))?.textValue))
    }

    /// Instantly `reply_received`: `lead_email`, `reply_text` (or `reply_text_snippet`),
    /// `reply_subject`, `email_id` (the email replied to), `timestamp`, and the lead's own
    /// fields when the workspace sends them (`firstName`, `lastName`, `companyName`).
    static func instantly(_ body: JSONValue) throws(AppError) -> InboundWebhookPayload? {
        let event = body.field("event_type")?.textValue ?? ""
        guard event == "reply_received" else { return nil }
        guard let email = body.field("lead_email")?.textValue else { throw .invalid("lead_email: missing") }
        let text = (body.field("reply_text") ?? body.field("reply_text_snippet"))?.textValue
        guard text != nil || body.field("reply_subject")?.textValue != nil else { throw .invalid("reply_text: missing") }
        guard let timestamp = body.field("timestamp")?.textValue else { throw .invalid("timestamp: missing") }
        // The payload has no id of the reply itself: the email replied to plus the time is stable.
        let repliedTo = body.field("email_id")?.textValue ?? email
        return InboundWebhookPayload(
            lead: .init(
                email: email, firstName: body.field("firstName")?.textValue, lastName: body.field("lastName")?.textValue,
                company: body.field("companyName")?.textValue),
            message: .init(
                id: "instantly:\(repliedTo):\(timestamp)", channel: "email", subject: body.field("reply_subject")?.textValue,
                body: text, receivedAt: timestamp))
    }

    /// Tags dropped, common entities decoded, blank lines kept as paragraph breaks.
    static func plainText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<br>", with: "\n", options: .caseInsensitive)
            .replacingOccurrences(of: "<br/>", with: "\n", options: .caseInsensitive)
            .replacingOccurrences(of: "</p>", with: "\n\n", options: .caseInsensitive)
        text = text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
