import Foundation

/// Pairwise judging of a current and a candidate draft, asked in both orders (position bias is
/// the judge's most common fault): a win counts only when both orders agree; any disagreement,
/// or a tie in either, is a tie (the MT-Bench rule).
public enum PairwiseVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    case candidate
    case current
    case tie

    /// What a judge said about the pair in the order it was shown.
    public enum Vote: String, Sendable, Hashable, Codable, CaseIterable {
        case first = "A"
        case second = "B"
        case tie
    }

    /// `currentFirst`: the vote with the current draft shown as A; `candidateFirst`: with the
    /// candidate shown as A.
    public static func combine(currentFirst: Vote, candidateFirst: Vote) -> PairwiseVerdict {
        let one: PairwiseVerdict =
            switch currentFirst {
            case .first: .current
            case .second: .candidate
            case .tie: .tie
            }
        let two: PairwiseVerdict =
            switch candidateFirst {
            case .first: .candidate
            case .second: .current
            case .tie: .tie
            }
        return one == two ? one : .tie
    }
}

/// The candidate's adjusted win rate over judged pairs: `(wins + ½·ties) / n` with a Wilson
/// interval. An interval wholly above 0.5 means the candidate is better.
public struct WinRate: Sendable, Equatable, Codable {
    public var wins: Int
    public var losses: Int
    public var ties: Int
    public var rate: Double?
    public var interval: [Double]?

    public init(verdicts: [PairwiseVerdict]) {
        wins = verdicts.filter { $0 == .candidate }.count
        losses = verdicts.filter { $0 == .current }.count
        ties = verdicts.filter { $0 == .tie }.count
        let successes = Double(wins) + Double(ties) / 2
        if let wilson = ProportionInterval.wilson(successes: successes, trials: verdicts.count) {
            rate = MessagePerformanceReport.rounded(successes / Double(verdicts.count))
            interval = [MessagePerformanceReport.rounded(wilson.lowerBound), MessagePerformanceReport.rounded(wilson.upperBound)]
        }
    }

    public var judged: Int { wins + losses + ties }
    /// The whole interval lies above one half.
    public var candidateBetter: Bool { (interval?[0] ?? 0) > 0.5 }
}
