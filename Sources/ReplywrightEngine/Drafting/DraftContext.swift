import Foundation
import ReplywrightCore

/// Everything the writer is told about one reply, and the placeholder values every drafting
/// template is rendered with: who the lead is, who signs, the conversation with the answered
/// message marked, the facts relevant to it, each question with the fact that answers it (or
/// none), memory, the booking gate's decision and how the team writes.
struct DraftContext: Sendable {
    struct Sender: Sendable, Hashable {
        /// The dashboard user whose thread it is, when one sent in it.
        var userID: Identifier<User>?
        var name: String
        /// The block under the sign-off word (often just the name).
        var signature: String
    }

    struct Question: Sendable, Hashable {
        var text: String
        /// The passage that answers it; `nil`: no fact does, the sender will confirm.
        var answer: KnowledgeRetriever.Hit?
    }

    var workspaceName: String
    var zone: TimeZone
    var now: Date
    var lead: Lead
    var trigger: Message
    /// The messages before the one answered, oldest first.
    var earlier: [Message]
    var facts: [KnowledgeRetriever.Hit]
    var questions: [Question]
    var memory: String
    var booking: BookingGate.Decision
    /// Times to offer (in words), or the team's link, when the lead asked for times.
    var offers: [String] = []
    /// The instants of `offers` (empty for the link): held for the lead once the draft is stored.
    var slots: [Date] = []
    var bookingLink: String?
    /// Material the lead asked for, with the knowledge's link to it when there is one.
    struct Material: Sendable, Hashable {
        var name: String
        var url: String?
    }

    var material: Material?
    /// Someone the lead copied in.
    var copiedIn: String?
    var sender: Sender
    var voiceExamples: [String]

    /// How many passages a prompt carries at most.
    static let factLimit = 8

    /// Ranks the bundle's knowledge for the message: each question's best passage first, then
    /// the passages nearest the whole message, without repeats.
    /// `semantic`: per query text (the message, each question), each passage's cosine similarity
    /// from the embedding model, when one is configured.
    static func relevantFacts(
        for trigger: Message, reading: ReplyReading, using retriever: KnowledgeRetriever, semantic: [String: [Double]] = [:]
    ) -> (facts: [KnowledgeRetriever.Hit], questions: [Question]) {
        let questions = answerable(reading).map { Question(text: $0, answer: retriever.answer($0, semantic: semantic[$0])) }
        var facts: [KnowledgeRetriever.Hit] = []
        for hit in questions.compactMap(\.answer) + retriever.rank(trigger.body, limit: factLimit, semantic: semantic[trigger.body])
        where !facts.contains(where: { $0.passage == hit.passage }) && facts.count < factLimit {
            facts.append(hit)
        }
        return (facts, questions)
    }

    /// The questions the knowledge should answer. Not the booking ones ("When are you free?",
    /// "Does either work?", "Can you include Sam?": the booking gate and the invite answer
    /// those, nor a request for material or the next steps, which the draft answers with the asset
    /// and the next step), and none when the lead said no, is away, points elsewhere or asked for later
    /// ("Check back in Q1?" asks for no fact). A lead-in before a colon is dropped.
    static func answerable(_ reading: ReplyReading) -> [String] {
        guard IntentPolicy.of(reading.primary).answersQuestions else { return [] }
        return reading.questions.compactMap { question in
            // "Can you send a one-pager?" is answered with the one-pager (`material`).
            guard ReplyReader.requestedMaterial(in: question) == nil else { return nil }
            // "What are the next steps?" is answered with the next step (`asksNextSteps`).
            guard !ReplyReader.asksNextSteps(question) else { return nil }
            let lowered = question.lowercased()
            let aboutBooking =
                ReplyIntent.classify(question) == .wantsTimes
                || ["either work", "does that work", "work for you", "suit you", "include", "invite", "bring", "add my"].contains(
                    where: lowered.contains)
            guard !aboutBooking else { return nil }
            // A lead-in ("Quick question: does it…"), not a clock ("10:30 pst today?").
            guard let colon = question.range(of: ": "), question.distance(from: question.startIndex, to: colon.lowerBound) < question.count - 8
            else {
                return question
            }
            let rest = question[colon.upperBound...].trimmingCharacters(in: .whitespaces)
            return rest.prefix(1).uppercased() + rest.dropFirst()
        }
    }

    /// Values shared by every drafting template.
    var values: [String: String] {
        [
            "workspace_name": workspaceName,
            "today": SpokenTime.today(now, in: zone),
            "channel": channelWords,
            "subject": trigger.subject.map { $0.isEmpty ? "(none)" : $0 } ?? "(none)",
            "lead": leadText,
            "sender_name": sender.name,
            "conversation": conversationText,
            "inbound": trigger.body.trimmingCharacters(in: .whitespacesAndNewlines),
            "facts": factsText,
            "memory": memory.isEmpty ? "(nothing yet)" : memory,
            "booking": bookingText,
            "questions": questionsText,
            "voice_examples": voiceExamples.isEmpty
                ? "(no examples yet: write plainly and warmly)"
                : voiceExamples.map { "<<<\n\($0)\n>>>" }.joined(separator: "\n"),
            "plan": "",
            "structure": "",
            "signature": sender.signature,
        ]
    }

    /// The values for one candidate: its archetype's structure, the sign-off it calls for and
    /// the plan (empty for a single step).
    func values(archetype: Archetype, plan: String?) -> [String: String] {
        var values = self.values
        values["structure"] = structure(archetype)
        values["signature"] = signature(for: archetype)
        values["plan"] = plan ?? "(no plan: answer the marked message directly from the facts)"
        return values
    }

    var channelWords: String {
        switch trigger.channel.replyChannel {
        case .email, .form: return "email"
        case .sms: return "SMS (at most 320 characters; no greeting block, no sign-off)"
        case .linkedin: return "LinkedIn message (short; no signature block)"
        }
    }

    func structure(_ archetype: Archetype) -> String {
        switch trigger.channel.replyChannel {
        case .sms:
            return "One to three short sentences, at most 320 characters in all. No greeting line and no sign-off."
        case .linkedin:
            let words = min(archetype.length.words.upperBound, 80)
            return "Open with: \(archetype.opening.rawValue.replacingOccurrences(of: "_", with: " ")). At most \(words) words, "
                + "one or two short paragraphs. \(archetype.close == .question ? "End with a question." : "End with a statement.") "
                + "End with your first name only."
        case .email, .form:
            return archetype.instructions
        }
    }

    func signature(for archetype: Archetype) -> String {
        switch trigger.channel.replyChannel {
        case .sms: return "(none: SMS has no sign-off)"
        case .linkedin: return firstName ?? "(none: no person to sign as)"
        case .email, .form:
            if archetype.signOff { return sender.signature }
            return firstName.map { "\($0) (the first name alone, on its own last line)" } ?? "(none: no person to sign as)"
        }
    }

    /// The sender's first name, when a person sends (not the "The team" fallback).
    private var firstName: String? { SignOff.firstName(of: sender.name) }

    var leadText: String {
        var lines: [String] = []
        let name = [lead.firstName, lead.lastName].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
        lines.append("Name: \(name.isEmpty ? "(not given: greet without a name)" : name)")
        if let first = lead.firstName, !first.isEmpty { lines.append("First name: \(first)") }
        if let company = lead.company, !company.isEmpty { lines.append("Company: \(company)") }
        let variables = lead.customVariables.compactMapValues(\.textValue).sorted { $0.key < $1.key }
        if !variables.isEmpty {
            lines.append("Custom variables:")
            lines += variables.map { "- \($0.key): \($0.value)" }
        }
        if lead.optedOut { lines.append("Opted out of contact.") }
        if lead.isBooked { lines.append("Already booked a meeting.") }
        return lines.joined(separator: "\n")
    }

    var conversationText: String {
        Self.transcript(earlier, zone: zone, leadName: lead.firstName.flatMap { $0.isEmpty ? nil : $0 } ?? "the lead", us: sender.name)
    }

    /// Messages oldest first (the last twelve), each headed by its date and who wrote it.
    static func transcript(_ messages: [Message], zone: TimeZone, leadName: String, us: String) -> String {
        guard !messages.isEmpty else { return "(this is the lead's first message in the thread)" }
        return messages.suffix(12).map { message in
            let who: String =
                switch message.sender {
                case .lead: "\(leadName) (lead)"
                case .setter: "\(us) (us)"
                case .ai: "us"
                case .system: "system notice"
                }
            return
                "[\(SpokenTime.short(message.occurredAt, in: zone)), \(who)]\n\(message.readable.body.trimmingCharacters(in: .whitespacesAndNewlines))"
        }.joined(separator: "\n\n")
    }

    var factsText: String { Self.factsText(facts) }

    /// Passages as prompt lines, each with its asset in brackets.
    static func factsText(_ facts: [KnowledgeRetriever.Hit]) -> String {
        guard !facts.isEmpty else { return "(no facts: state none, and say you will confirm anything the lead asked)" }
        return facts.map { "[\($0.passage.asset)] \($0.passage.text)" }.joined(separator: "\n")
    }

    var questionsText: String {
        var lines = questions.enumerated().map { index, question in
            let answer =
                question.answer.map { "answered by [\($0.passage.asset)] \($0.passage.text)" }
                ?? "no fact covers this: say \(sender.name) will confirm it, in your own words (do not quote the question)"
            return "\(index + 1). \(question.text) → \(answer)"
        }
        if let material {
            lines.append(
                "The lead asked for the \(material.name) → "
                    + (material.url.map { "send this link: \($0)" } ?? "none is on file: say you will send it (the sender attaches it)"))
        }
        if let copiedIn { lines.append("The lead copied \(copiedIn) into the thread: address them too; do not write to them separately.") }
        return lines.isEmpty ? "(none: the lead asked no question)" : lines.joined(separator: "\n")
    }

    var bookingText: String {
        let base = booking.instruction(defaultZone: zone)
        if let link = bookingLink, offers == [link] { return base + " To book, offer the team's scheduling link: \(link)" }
        guard !offers.isEmpty else { return base }
        return base + " Offer these times: " + offers.joined(separator: "; ") + "."
    }
}

extension BookingGate.Decision {
    /// The decision as an instruction for a writer or reviewer, times in the lead's zone when
    /// known, else `defaultZone` (the workspace's).
    func instruction(defaultZone: TimeZone) -> String {
        switch self {
        case .confirm(let slot):
            let zone = TimeZone(identifier: slot.timeZone) ?? defaultZone
            return "The lead proposed \(SpokenTime.describe(slot, in: zone, also: defaultZone)) (\"\(slot.phrase)\"). Confirm exactly that time "
                + "in words and say the invite is on its way; offer no other times."
        case .propose(let window):
            let zone = TimeZone(identifier: window.timeZone) ?? defaultZone
            return "The lead offered \(SpokenTime.describe(window, in: zone)) (\"\(window.phrase)\"). Offer one concrete time "
                + "inside it and ask them to confirm."
        case .askAgain(let reason):
            return "The times the lead offered cannot be used (\(reason)). Ask kindly for one or two other times."
        case .hold(let reason):
            switch reason {
            case "the lead opted out": return "The lead opted out: no call to action and no times."
            case "the lead already booked": return "The lead already booked a meeting: offer no new times and do not ask them to book."
            default:
                return "The lead proposed no times. Suggest a short call only if their message invites one; "
                    + "otherwise answer and stop."
            }
        }
    }
}
