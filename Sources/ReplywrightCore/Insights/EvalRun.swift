import Foundation

/// One eval: recent inbound messages with known outcomes drafted under the current prompt or
/// knowledge and under a candidate change, each pair scored directly and judged pairwise.
public struct EvalRun: Sendable, Equatable, Codable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable {
        case running, completed, failed
    }

    /// What the candidate changes.
    public enum TargetKind: String, Sendable, Hashable, Codable {
        case prompt, knowledge
    }

    public var id: Identifier<EvalRun>
    public var workspaceID: Identifier<Workspace>
    public var targetKind: TargetKind
    /// The prompt key, or the knowledge asset id ("new" for an added asset).
    public var target: String
    /// The candidate, as JSON (`DraftTrial`).
    public var candidate: String
    public var state: State
    /// `llm` when a model judged, `rules` when the scoring functions did.
    public var judge: DecisionSource
    public var summary: EvalSummary
    public var createdBy: String?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(
        id: Identifier<EvalRun>, workspaceID: Identifier<Workspace>, targetKind: TargetKind, target: String, candidate: String,
        state: State = .running, judge: DecisionSource, summary: EvalSummary = EvalSummary(items: []), createdBy: String?, createdAt: Date,
        finishedAt: Date? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.targetKind = targetKind
        self.target = target
        self.candidate = candidate
        self.state = state
        self.judge = judge
        self.summary = summary
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, targetKind, target, candidate, state, judge, summary, createdBy, createdAt, finishedAt
        case workspaceID = "workspaceId"
    }
}

/// A rubric score: would a setter send it unedited (`pass`), how good (0–10), why.
public struct DirectScore: Sendable, Equatable, Codable {
    public var pass: Bool
    public var score: Double
    public var reason: String

    public init(pass: Bool, score: Double, reason: String) {
        self.pass = pass
        self.score = min(max(score, 0), 10)
        self.reason = reason
    }
}

/// One message of an eval: both drafts, their scores, the two pairwise votes and the verdict.
public struct EvalItem: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var messageID: String
    /// What became of the lead: `booked` or `not_booked`.
    public var outcome: String
    public var currentText: String
    public var candidateText: String
    public var currentScore: DirectScore?
    public var candidateScore: DirectScore?
    /// The judge's vote with the current draft shown first, then with the candidate first.
    public var votes: [PairwiseVerdict.Vote]
    /// `nil` when a verdict could not be had (dropped from the win rate and counted).
    public var verdict: PairwiseVerdict?
    public var error: String?
    public var position: Int

    public init(
        id: String, messageID: String, outcome: String, currentText: String, candidateText: String, currentScore: DirectScore?,
        candidateScore: DirectScore?, votes: [PairwiseVerdict.Vote], verdict: PairwiseVerdict?, error: String?, position: Int
    ) {
        self.id = id
        self.messageID = messageID
        self.outcome = outcome
        self.currentText = currentText
        self.candidateText = candidateText
        self.currentScore = currentScore
        self.candidateScore = candidateScore
        self.votes = votes
        self.verdict = verdict
        self.error = error
        self.position = position
    }
}

/// An eval's result: the candidate's adjusted win rate with its interval, the mean rubric scores,
/// and how many verdicts were lost.
public struct EvalSummary: Sendable, Equatable, Codable {
    public var items: Int
    public var winRate: WinRate
    public var currentMeanScore: Double?
    public var candidateMeanScore: Double?
    public var currentPassRate: Double?
    public var candidatePassRate: Double?
    public var verdictErrors: Int
    /// The win rate's interval lies wholly above one half: the candidate may become a proposal.
    public var candidateBetter: Bool

    public init(items: [EvalItem]) {
        self.items = items.count
        let verdicts = items.compactMap(\.verdict)
        winRate = WinRate(verdicts: verdicts)
        verdictErrors = items.count - verdicts.count
        let current = items.compactMap(\.currentScore)
        let candidate = items.compactMap(\.candidateScore)
        func mean(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : MessagePerformanceReport.rounded(values.reduce(0, +) / Double(values.count))
        }
        currentMeanScore = mean(current.map(\.score))
        candidateMeanScore = mean(candidate.map(\.score))
        currentPassRate = mean(current.map { $0.pass ? 1 : 0 })
        candidatePassRate = mean(candidate.map { $0.pass ? 1 : 0 })
        candidateBetter = winRate.candidateBetter
    }
}

/// The rules-tier judge: the drafting scorer's combined score stands in for the rubric, and
/// the higher score wins a pair (a tie within `margin`). Symmetric, so both orders agree.
public enum RulesJudge {
    public static let margin = 0.02

    public static func score(combined: Double, threshold: Double = ScoringMode.draft.threshold) -> DirectScore {
        DirectScore(
            pass: combined >= threshold, score: (combined * 100).rounded() / 10,
            reason: "scoring functions: combined \(String(format: "%.2f", combined)) against a threshold of \(threshold)")
    }

    /// The vote for a pair shown as (first, second).
    public static func vote(first: Double, second: Double) -> PairwiseVerdict.Vote {
        if abs(first - second) <= margin { return .tie }
        return first > second ? .first : .second
    }
}
