import Foundation
import Testing

@testable import ReplywrightCore

@Suite("Inbound webhook validation")
struct InboundWebhookPayloadTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func decode(_ json: String) throws -> InboundWebhookPayload {
        try JSONDecoder().decode(InboundWebhookPayload.self, from: Data(json.utf8))
    }

    func reason(_ json: String) -> String? {
        do {
            _ = try decode(json).validated(now: now)
            return nil
        } catch let error as DecodingError {
            return DecodingErrorDescription.describe(error)
        } catch let error as AppError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func validPayloadBecomesDomainMessage() throws {
        let inbound = try decode(
            """
            {"lead": {"email": " Maya@Brightline.EXAMPLE ", "firstName": "Maya", "lastName": " ", "company": "Brightline",
                      "customVariables": {"city": "Austin", "seats": 6}},
             "message": {"id": "ext-1", "channel": "SMS", "subject": null, "body": "Tuesday works",
                         "receivedAt": "2026-11-20T15:04:05.123Z"}}
            """
        ).validated(now: now)
        #expect(inbound.lead.email == "maya@brightline.example")
        #expect(inbound.lead.lastName == nil, "blank names are treated as unknown")
        #expect(inbound.lead.customVariables?["seats"] == .number(6))
        #expect(inbound.message.channel == .sms)
        #expect(inbound.message.externalID == "ext-1")
        #expect(inbound.message.direction == .inbound && inbound.message.sender == .lead)
        #expect(inbound.message.occurredAt == ISO8601.parse("2026-11-20T15:04:05.123Z"))
    }

    @Test func missingReceivedAtUsesArrivalTime() throws {
        let inbound = try decode(#"{"lead":{"email":"a@b.co"},"message":{"id":"1","channel":"email","body":"hi"}}"#)
            .validated(now: now)
        #expect(inbound.message.occurredAt == now)
    }

    @Test(arguments: [
        (#"{"lead":{"email":"a@b.co"},"message":{"id":"1","channel":"fax","body":"hi"}}"#, "message.channel: unknown channel 'fax'"),
        (#"{"lead":{"email":"not-an-email"},"message":{"id":"1","channel":"email","body":"hi"}}"#, "lead.email"),
        (#"{"lead":{"email":"a@b.co"},"message":{"id":"  ","channel":"email","body":"hi"}}"#, "message.id must not be empty"),
        (#"{"lead":{"email":"a@b.co"},"message":{"id":"1","channel":"email","body":"   "}}"#, "message.body must not be empty"),
        (#"{"lead":{"email":"a@b.co"},"message":{"id":"1","channel":"email","body":"x","receivedAt":"yesterday"}}"#, "message.receivedAt"),
        (#"{"lead":{"email":"a@b.co"},"message":{"channel":"email","body":"x"}}"#, "message.id is required"),
        (#"{"lead":{"email":"a@b.co"}}"#, "message is required"),
        (#"{"lead":{"email":42},"message":{"id":"1","channel":"email","body":"x"}}"#, "lead.email has the wrong type (expected a string)"),
        (
            #"{"lead":{"email":"a@b.co","customVariables":[1]},"message":{"id":"1","channel":"email","body":"x"}}"#,
            "lead.customVariables has the wrong type"
        ),
        (#"{"lead": "#, "not valid JSON"),
    ])
    func invalidPayloadsNameTheProblem(json: String, expected: String) {
        let message = reason(json)
        #expect(message?.contains(expected) == true, "got: \(message ?? "accepted")")
    }
}
