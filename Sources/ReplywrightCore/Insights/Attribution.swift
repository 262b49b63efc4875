import Foundation

/// Credits bookings to the messages that earned them: the reference definition of the
/// report's labels (the store computes the same labels in SQL for large cohorts; tests keep
/// the two equal).
///
/// - A lead is booked when its appointment is booked or rescheduled (canceled is not), at
///   `bookedAt`; bookings after `asOf` are not known yet.
/// - **Cross-channel**: the credited message is the lead's last outbound message strictly before
///   `bookedAt` and at most `attributionDays` before it. **Within-channel**: the same per channel.
/// - Any other message is `not_booked` once `asOf ≥ sentAt + attributionDays + maturityDays`,
///   else `pending`.
/// - `unattributed`: messages tied at the credited instant, and every message of a lead whose
///   history is incomplete. Such bookings are counted by reason.
public enum Attribution {
    /// One outbound message, as attribution needs it.
    public struct Outbound: Sendable, Hashable {
        public var id: String
        public var leadID: String
        public var channel: Channel
        public var sentAt: Date

        public init(id: String, leadID: String, channel: Channel, sentAt: Date) {
            self.id = id
            self.leadID = leadID
            self.channel = channel
            self.sentAt = sentAt
        }
    }

    /// One lead's booking state.
    public struct LeadState: Sendable, Hashable {
        public var leadID: String
        /// `nil` when the lead is not booked.
        public var bookedAt: Date?
        public var historyComplete: Bool

        public init(leadID: String, bookedAt: Date?, historyComplete: Bool = true) {
            self.leadID = leadID
            self.bookedAt = bookedAt
            self.historyComplete = historyComplete
        }
    }

    public struct Result: Sendable, Equatable {
        /// Cross-channel outcome of each message (of every message given).
        public var crossChannel: [String: MessageOutcome]
        public var withinChannel: [String: MessageOutcome]
        /// Bookings that credit no message (cross-channel), by reason.
        public var unattributedBookings: [UnattributedReason: Int]
    }

    /// Labels `messages` (all outbound messages of the leads, sent before `asOf`; the cohort is
    /// chosen afterwards, because a message outside it can still take the credit).
    public static func label(messages: [Outbound], leads: [LeadState], parameters: AttributionParameters) -> Result {
        let known = messages.filter { $0.sentAt < parameters.asOf }
        let byLead = Dictionary(grouping: known, by: \.leadID)
        var cross: [String: MessageOutcome] = [:]
        var within: [String: MessageOutcome] = [:]
        var unattributed: [UnattributedReason: Int] = [:]
        let cutoff = parameters.maturityCutoff
        for message in known {
            let fallback: MessageOutcome = message.sentAt <= cutoff ? .notBooked : .pending
            cross[message.id] = fallback
            within[message.id] = fallback
        }
        for lead in leads {
            let mine = byLead[lead.leadID] ?? []
            guard lead.historyComplete else {
                for message in mine {
                    cross[message.id] = .unattributed
                    within[message.id] = .unattributed
                }
                if let bookedAt = lead.bookedAt, bookedAt <= parameters.asOf { unattributed[.incompleteHistory, default: 0] += 1 }
                continue
            }
            guard let bookedAt = lead.bookedAt, bookedAt <= parameters.asOf else { continue }
            let windowStart = bookedAt.addingTimeInterval(-parameters.attributionWindow)
            let inWindow = mine.filter { $0.sentAt < bookedAt && $0.sentAt >= windowStart }
            switch credit(inWindow, into: &cross) {
            case .credited: break
            case .none: unattributed[.noOutboundInWindow, default: 0] += 1
            case .tied: unattributed[.tied, default: 0] += 1
            }
            for channelMessages in Dictionary(grouping: inWindow, by: \.channel).values {
                _ = credit(channelMessages, into: &within)
            }
        }
        return Result(crossChannel: cross, withinChannel: within, unattributedBookings: unattributed)
    }

    private enum Credit { case credited, none, tied }

    private static func credit(_ candidates: [Outbound], into labels: inout [String: MessageOutcome]) -> Credit {
        guard let last = candidates.map(\.sentAt).max() else { return .none }
        let latest = candidates.filter { $0.sentAt == last }
        if latest.count == 1 {
            labels[latest[0].id] = .booked
            return .credited
        }
        for message in latest { labels[message.id] = .unattributed }
        return .tied
    }
}
