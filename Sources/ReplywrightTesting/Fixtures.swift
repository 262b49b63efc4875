import Foundation
import ReplywrightCore
import ReplywrightStore

/// Small builders for test data.
public enum Fixtures {
    /// A workspace with one API key.
    public static func workspace(_ store: some DataStore, name: String = "Acme Outbound") async throws -> (Workspace, IssuedAPIKey) {
        let workspace = try await store.createWorkspace(name: name)
        let key = try await store.issueAPIKey(for: workspace.id, name: "test")
        return (workspace, key)
    }

    public static func inbound(
        email: String = "maya@brightline.example", externalID: String = "msg-1", body: String = "Sounds good, tell me more.",
        channel: Channel = .email
    ) -> InboundMessage {
        InboundMessage(
            lead: LeadProfile(
                email: email, firstName: "Maya", lastName: "Okafor", company: "Brightline",
                customVariables: ["city": .string("Austin")]),
            message: NewMessage(
                channel: channel, direction: .inbound, sender: .lead, body: body, externalID: externalID,
                occurredAt: Date(timeIntervalSince1970: 1_800_000_000)))
    }
}

extension Fixtures {
    /// A step-1 strategy answer in the schema's shape (JSON text), for scripted model replies.
    public static func strategy(
        intent: String = "pricing_question", sentiment: String = "positive", questions: [String] = [], points: [String] = [],
        facts: [(fact: String, asset: String)] = [], callToAction: String = "a short call", tone: String = "friendly",
        avoid: [String] = []
    ) -> String {
        let value: JSONValue = [
            "intent": .string(intent), "sentiment": .string(sentiment), "questions_to_answer": .array(questions.map { .string($0) }),
            "points": .array(points.map { .string($0) }), "personalisation_hooks": [],
            "facts": .array(facts.map { .object(["fact": .string($0.fact), "asset": .string($0.asset)]) }),
            "call_to_action": .string(callToAction), "tone": .string(tone), "avoid": .array(avoid.map { .string($0) }),
        ]
        return String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
    }
}

extension Fixtures {
    public static let integrationsFact = "We integrate natively with HubSpot and Salesforce; setup takes about ten minutes."
    public static let pricingFact = "Replywright Pro costs $349 per month for up to 5 seats."
    /// Short archetypes with a sign-off only, so scripted replies fit their length band.
    public static let shortSignedArchetypes = ArchetypeCatalog.standard.filter { $0.length == .short && $0.signOff }.map(\.id)

    /// A workspace with pricing, integrations and security assets, a sender name and signature
    /// (Jordan Lee), New York time, and a lead (Maya Okafor of Brightline, city Austin) who asks
    /// about HubSpot and names a time, an hour ago (the message, to ingest).
    public static func salesWorkspace(_ store: some DataStore, variants: Int = 2) async throws -> (Workspace, InboundMessage) {
        let (workspace, _) = try await Fixtures.workspace(store)
        for (kind, title, content) in [
            (KnowledgeAsset.Kind.pricing, "Pricing", pricingFact), (.faq, "Integrations", integrationsFact),
            (.document, "Security", "All data is encrypted at rest and stays in the EU region."),
        ] {
            _ = try await store.createKnowledgeAsset(KnowledgeAssetInput(kind: kind, title: title, content: content), in: workspace.id)
        }
        _ = try await store.saveDraftingSettings(
            DraftingSettings(
                variants: variants, archetypes: shortSignedArchetypes, senderName: "Jordan Lee",
                signature: "Jordan Lee\nHead of Growth, Acme"),
            in: workspace.id)
        _ = try await store.savePolicySettings(PolicySettings(timeZone: "America/New_York"), in: workspace.id)
        var inbound = Fixtures.inbound(body: "Do you integrate with HubSpot? Tuesday at 3pm ET works for me.")
        inbound.message.subject = "Re: quick question"
        // Written now, not an hour ago: "Tuesday at 3pm" is then never a time that passed between
        // the message and the draft (an hour back, tests run on a Tuesday 3–4 pm ET read it as past).
        inbound.message.occurredAt = Date()
        return (workspace, inbound)
    }
}
