import Foundation
import Testing

@testable import ReplywrightCore

@Suite("Insights statistics")
struct InsightsStatisticsTests {
    func close(_ range: ClosedRange<Double>?, _ low: Double, _ high: Double) -> Bool {
        guard let range else { return false }
        return abs(range.lowerBound - low) < 5e-7 && abs(range.upperBound - high) < 5e-7
    }

    @Test func wilsonVectors() {
        #expect(close(ProportionInterval.wilson(successes: 10, trials: 100), 0.0552291, 0.1743657))
        #expect(close(ProportionInterval.wilson(successes: 0, trials: 20), 0, 0.1611252))
        #expect(close(ProportionInterval.wilson(successes: 45, trials: 50), 0.7863977, 0.9565242))
        #expect(ProportionInterval.wilson(successes: 0, trials: 0) == nil, "no trials, no interval")
    }

    @Test func newcombeVectors() {
        #expect(close(ProportionInterval.newcombe(successes1: 15, trials1: 100, successes2: 10, trials2: 100), -0.0436613, 0.1441603))
        #expect(close(ProportionInterval.newcombe(successes1: 0, trials1: 50, successes2: 5, trials2: 50), -0.2136023, -0.0089754))
    }

    @Test func pairwiseNeedsBothOrdersToAgree() {
        #expect(PairwiseVerdict.combine(currentFirst: .second, candidateFirst: .first) == .candidate)
        #expect(PairwiseVerdict.combine(currentFirst: .first, candidateFirst: .second) == .current)
        #expect(PairwiseVerdict.combine(currentFirst: .first, candidateFirst: .first) == .tie, "a judge that always picks A decides nothing")
        #expect(PairwiseVerdict.combine(currentFirst: .second, candidateFirst: .second) == .tie)
        #expect(PairwiseVerdict.combine(currentFirst: .tie, candidateFirst: .first) == .tie)
        // A judge that always prefers position A, over many pairs: all ties, rate exactly ½.
        let verdicts = (0..<40).map { _ in PairwiseVerdict.combine(currentFirst: .first, candidateFirst: .first) }
        let rate = WinRate(verdicts: verdicts)
        #expect(rate.ties == 40 && rate.wins == 0 && rate.rate == 0.5)
        #expect(!rate.candidateBetter)
    }

    @Test func winRateAboveHalfOnlyWithEnoughWins() {
        let strong = WinRate(verdicts: Array(repeating: .candidate, count: 18) + [.tie, .current])
        #expect(strong.rate == 0.925 && strong.candidateBetter)
        let weak = WinRate(verdicts: [.candidate, .candidate, .tie])
        #expect(!weak.candidateBetter, "three pairs are too few to call")
    }

    @Test func segmentsFromSenderAndDisposition() {
        #expect(SenderSegment(sender: .setter, disposition: nil) == .setter)
        #expect(SenderSegment(sender: .ai, disposition: .approved) == .aiApproved)
        #expect(SenderSegment(sender: .ai, disposition: .edited) == .aiEdited)
        #expect(SenderSegment(sender: .ai, disposition: .autoSent) == .aiAutoSent)
        #expect(SenderSegment(sender: .ai, disposition: nil) == .aiApproved)
        #expect(SenderSegment(sender: .system, disposition: nil) == nil)
        #expect(SenderSegment(sender: .lead, disposition: nil) == nil)
        #expect(ReplySpeed(waited: 299) == .under5Minutes && ReplySpeed(waited: 300) == .under1Hour)
        #expect(ReplySpeed(waited: 86_399) == .under24Hours && ReplySpeed(waited: 86_400) == .later && ReplySpeed(waited: nil) == .unprompted)
    }
}

@Suite("Attribution")
struct AttributionTests {
    let day: TimeInterval = 86_400
    let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    func message(_ id: String, lead: String = "l1", channel: Channel = .email, at offset: TimeInterval) -> Attribution.Outbound {
        Attribution.Outbound(id: id, leadID: lead, channel: channel, sentAt: t0.addingTimeInterval(offset))
    }

    func parameters(asOf offset: TimeInterval = 60 * 86_400) -> AttributionParameters {
        AttributionParameters(from: t0.addingTimeInterval(-30 * day), to: t0.addingTimeInterval(60 * day), asOf: t0.addingTimeInterval(offset))
    }

    func label(_ messages: [Attribution.Outbound], bookedAt: TimeInterval?, asOf: TimeInterval = 60 * 86_400, complete: Bool = true)
        -> Attribution.Result
    {
        Attribution.label(
            messages: messages,
            leads: [Attribution.LeadState(leadID: "l1", bookedAt: bookedAt.map { t0.addingTimeInterval($0) }, historyComplete: complete)],
            parameters: parameters(asOf: asOf))
    }

    @Test func bookingAtTheMessageInstantCreditsTheOneBefore() {
        let result = label([message("m1", at: 0), message("m2", at: day)], bookedAt: day)
        #expect(result.crossChannel["m2"] == .notBooked, "strictly before: a message sent at bookedAt is not credited")
        #expect(result.crossChannel["m1"] == .booked)
    }

    @Test func windowEdgeFourteenDays() {
        let inside = label([message("m1", at: 0)], bookedAt: 14 * day - 1)
        #expect(inside.crossChannel["m1"] == .booked)
        let exactly = label([message("m1", at: 0)], bookedAt: 14 * day)
        #expect(exactly.crossChannel["m1"] == .booked, "at most 14 days before: the edge is inside")
        let outside = label([message("m1", at: 0)], bookedAt: 14 * day + 1)
        #expect(outside.crossChannel["m1"] == .notBooked)
        #expect(outside.unattributedBookings == [.noOutboundInWindow: 1])
    }

    @Test func lastMessageTakesTheCreditAcrossChannels() {
        let result = label([message("e1", at: 0), message("s1", channel: .sms, at: day), message("e2", at: 2 * day)], bookedAt: 3 * day)
        #expect(result.crossChannel == ["e1": .notBooked, "s1": .notBooked, "e2": .booked])
        #expect(result.withinChannel == ["e1": .notBooked, "s1": .booked, "e2": .booked], "each channel credits its own last message")
    }

    @Test func notBookedOnlyAfterMaturity() {
        // Sent at 0; not booked; 14 + 7 days must pass.
        #expect(label([message("m1", at: 0)], bookedAt: nil, asOf: 21 * day - 1).crossChannel["m1"] == .pending)
        #expect(label([message("m1", at: 0)], bookedAt: nil, asOf: 21 * day).crossChannel["m1"] == .notBooked)
    }

    @Test func bookingsAfterAsOfAreNotKnownYet() {
        let result = label([message("m1", at: 0)], bookedAt: 5 * day, asOf: 4 * day)
        #expect(result.crossChannel["m1"] == .pending)
        #expect(result.unattributedBookings.isEmpty)
    }

    @Test func tiesAndIncompleteHistoryAreUnattributed() {
        let tied = label([message("m1", at: 0), message("m2", channel: .sms, at: 0)], bookedAt: day)
        #expect(tied.crossChannel == ["m1": .unattributed, "m2": .unattributed])
        #expect(tied.withinChannel == ["m1": .booked, "m2": .booked], "on each channel alone there is no tie")
        #expect(tied.unattributedBookings == [.tied: 1])
        let incomplete = label([message("m1", at: 0)], bookedAt: day, complete: false)
        #expect(incomplete.crossChannel["m1"] == .unattributed)
        #expect(incomplete.unattributedBookings == [.incompleteHistory: 1])
    }

    @Test func bookedWithNoOutbound() {
        let result = label([], bookedAt: day)
        #expect(result.unattributedBookings == [.noOutboundInWindow: 1])
    }
}

@Suite("Message-performance report")
struct MessagePerformanceReportTests {
    let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    func messages() -> (messages: [ReportMessage], leads: [Attribution.LeadState]) {
        var messages: [ReportMessage] = []
        var leads: [Attribution.LeadState] = []
        let senders: [SenderSegment] = [.setter, .aiApproved, .aiEdited, .aiAutoSent]
        for index in 0..<200 {
            let lead = "lead\(index)"
            let sender = senders[index % 4]
            let sentAt = t0.addingTimeInterval(Double(index) * 3_600)
            messages.append(
                ReportMessage(
                    outbound: Attribution.Outbound(id: "m\(index)", leadID: lead, channel: index % 3 == 0 ? .sms : .email, sentAt: sentAt),
                    sender: sender, archetype: sender == .setter ? nil : "direct", characters: 100 + index * 7, waited: Double(index * 97),
                    intent: "interested"))
            // Setters book 1 in 4 of their leads, the AI 1 in 8.
            let books = sender == .setter ? index % 16 == 0 : index % 32 == 1
            leads.append(Attribution.LeadState(leadID: lead, bookedAt: books ? sentAt.addingTimeInterval(86_400) : nil))
        }
        return (messages, leads)
    }

    var parameters: AttributionParameters {
        AttributionParameters(from: t0, to: t0.addingTimeInterval(30 * 86_400), asOf: t0.addingTimeInterval(90 * 86_400))
    }

    @Test func sameInputsSameBytes() throws {
        let input = messages()
        let first = ReportCell.cells(messages: input.messages, leads: input.leads, parameters: parameters)
        let second = ReportCell.cells(messages: input.messages.reversed(), leads: input.leads.reversed(), parameters: parameters)
        let a = MessagePerformanceReport.build(
            cells: first.cells, unattributedBookings: first.unattributedBookings, parameters: parameters, parametersHash: "h")
        let b = MessagePerformanceReport.build(
            cells: second.cells.reversed(), unattributedBookings: second.unattributedBookings, parameters: parameters, parametersHash: "h")
        #expect(try a.canonicalJSON() == b.canonicalJSON())
        #expect(a.csv() == b.csv())
        #expect(try MessagePerformanceReport.decode(a.canonicalJSON()) == a, "the stored JSON reads back equal")
    }

    @Test func segmentsCountEachMessageOnceWithRatesAndComparisons() throws {
        let input = messages()
        let cells = ReportCell.cells(messages: input.messages, leads: input.leads, parameters: parameters)
        let report = MessagePerformanceReport.build(
            cells: cells.cells, unattributedBookings: cells.unattributedBookings, parameters: parameters, parametersHash: "h")
        #expect(report.totals.messages == 200 && report.segments.reduce(0) { $0 + $1.messages } == 200)
        #expect(report.withinChannel.reduce(0) { $0 + $1.messages } == 200)
        let setter = try #require(report.bySender.first { $0.sender == .setter })
        #expect(setter.booked == 13 && setter.notBooked == 37)
        #expect(setter.bookedRate == 0.26)
        let wilson = try #require(ProportionInterval.wilson(successes: 13, trials: 50))
        #expect(setter.interval == [MessagePerformanceReport.rounded(wilson.lowerBound), MessagePerformanceReport.rounded(wilson.upperBound)])
        #expect(report.comparisons.map(\.sender) == [.aiApproved, .aiEdited, .aiAutoSent])
        let approved = try #require(report.comparisons.first)
        #expect(approved.difference! < 0, "in this data the AI books fewer")
        #expect(report.byLength.map(\.key) == ["under_300", "300_to_700", "700_to_1200", "over_1200"], "bands in their order")
        #expect(report.byArchetype.map(\.key) == ["direct", "none"])
        #expect(
            report.csv().split(separator: "\r\n").first
                == "table,sender,channel,key,messages,booked,not_booked,pending,unattributed,booked_rate,ci_low,ci_high")
    }

    @Test func csvNeutralisesFormulas() {
        #expect(MessagePerformanceReport.csvField("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(MessagePerformanceReport.csvField("-0.04") == "-0.04", "numbers stay numbers")
        #expect(MessagePerformanceReport.csvField("a,b") == "\"a,b\"")
    }
}
