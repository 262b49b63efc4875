import Foundation

/// One field event from the hosted page's script. Events carry no field values.
public struct FormEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case focus, blur, input, delete, paste, error }

    public var kind: Kind
    public var field: String?
    public var step: String
    /// When it happened, on the server's clock (the client's time shifted by the batch's skew).
    public var at: Date

    public init(kind: Kind, field: String?, step: String, at: Date) {
        self.kind = kind
        self.field = field
        self.step = step
        self.at = at
    }

    /// The most a batch may carry.
    public static let batchLimit = 100

    /// Moves client times onto the server's clock: the batch's newest event is taken to have
    /// happened when the batch arrived, which keeps the spacing the client measured and ignores
    /// whatever its clock says the date is. Times after `receivedAt` cannot happen.
    public static func aligned(clientTimes: [Double], receivedAt: Date) -> [Date] {
        guard let newest = clientTimes.max() else { return [] }
        return clientTimes.map { receivedAt.addingTimeInterval(min(0, ($0 - newest) / 1_000)) }
    }
}
