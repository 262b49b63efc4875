import Foundation

/// The workspace's knowledge split into passages and ranked for a message or question with
/// BM25 over stemmed content words (an asset's title counts toward each of its passages), so
/// "Do you integrate with HubSpot?" meets the integrations passage, not whichever asset
/// happens to come first. Pure and deterministic: ties keep the assets' order.
public struct KnowledgeRetriever: Sendable {
    /// A paragraph (or a window of a long one) of one asset.
    public struct Passage: Sendable, Hashable {
        public var asset: String
        public var text: String
    }

    public struct Hit: Sendable, Hashable {
        public var passage: Passage
        public var score: Double
        /// The share of the query's content words the passage holds.
        public var coverage: Double = 0
        /// With embeddings: how far the passage's similarity stands above the typical passage's.
        public var semantic: Double = 0
    }

    /// BM25's usual constants.
    static let k1 = 1.2
    static let b = 0.75
    /// Below this a passage shares only common words with the question: it does not answer it.
    public static let answeringScore = 1.0

    public let passages: [Passage]
    private let frequencies: [[String: Int]]
    private let lengths: [Int]
    private let documentFrequency: [String: Int]
    private let averageLength: Double

    public init(_ items: [LeadContextBundle.Item]) {
        var passages: [Passage] = []
        var frequencies: [[String: Int]] = []
        for item in items {
            let titleTerms = Self.terms(item.title)
            for text in Self.split(item.text) {
                var counts: [String: Int] = [:]
                for term in Self.terms(text) + titleTerms { counts[term, default: 0] += 1 }
                guard !counts.isEmpty else { continue }
                passages.append(Passage(asset: item.title, text: text))
                frequencies.append(counts)
            }
        }
        self.passages = passages
        self.frequencies = frequencies
        lengths = frequencies.map { $0.values.reduce(0, +) }
        var documentFrequency: [String: Int] = [:]
        for counts in frequencies { for term in counts.keys { documentFrequency[term, default: 0] += 1 } }
        self.documentFrequency = documentFrequency
        averageLength = lengths.isEmpty ? 1 : Double(lengths.reduce(0, +)) / Double(lengths.count)
    }

    /// How much the semantic similarity (cosine, 0…1) of an embedding model adds to a BM25 score.
    static let semanticWeight = 2.0
    /// A passage answers by meaning alone when it stands this far above the typical passage's
    /// similarity (embedding models differ in their baseline, so the margin is relative).
    static let semanticMargin = 0.15

    /// Passages sharing content words with `query` (or, with `semantic`: the cosine similarity of
    /// each passage to the query by an embedding model, in `passages` order, close in meaning),
    /// best first, at most `limit`.
    public func rank(_ query: String, limit: Int, semantic: [Double]? = nil) -> [Hit] {
        let queryTerms = Array(Swift.Set(Self.terms(query)))
        if let semantic, semantic.count == passages.count, !passages.isEmpty {
            let lexical = Dictionary(rank(query, limit: passages.count).map { ($0.passage, $0) }, uniquingKeysWith: { first, _ in first })
            let typical = semantic.sorted()[semantic.count / 2]
            var hits = passages.enumerated().map { index, passage in
                var hit = lexical[passage] ?? Hit(passage: passage, score: 0, coverage: 0)
                hit.semantic = max(0, semantic[index] - typical)
                hit.score += Self.semanticWeight * max(0, semantic[index])
                return (index, hit)
            }
            hits.sort { $0.1.score > $1.1.score || ($0.1.score == $1.1.score && $0.0 < $1.0) }
            return hits.prefix(max(0, limit)).map(\.1)
        }
        guard !queryTerms.isEmpty, !passages.isEmpty else { return [] }
        let count = Double(passages.count)
        var hits: [(index: Int, score: Double, matched: Int)] = []
        for (index, counts) in frequencies.enumerated() {
            var score = 0.0
            var matched = 0
            let norm = Self.k1 * (1 - Self.b + Self.b * Double(lengths[index]) / averageLength)
            for term in queryTerms {
                guard let tf = counts[term].map(Double.init) else { continue }
                let df = Double(documentFrequency[term] ?? 0)
                let idf = log(1 + (count - df + 0.5) / (df + 0.5))
                score += idf * tf * (Self.k1 + 1) / (tf + norm)
                matched += 1
            }
            if score > 0 { hits.append((index, score, matched)) }
        }
        hits.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
        return hits.prefix(max(0, limit)).map {
            Hit(passage: passages[$0.index], score: $0.score, coverage: Double($0.matched) / Double(queryTerms.count))
        }
    }

    /// The passage that answers `question`: the best one, when it scores as an answer, holds at
    /// least half the question's content words (a small knowledge base has low BM25 scores: with
    /// one passage every word is "common"), or, with `semantic` similarities from an embedding
    /// model, stands clearly above the typical passage in meaning.
    public func answer(_ question: String, semantic: [Double]? = nil) -> Hit? {
        guard let hit = rank(question, limit: 1, semantic: semantic).first else { return nil }
        let lexical = semantic == nil ? hit.score : lexicalScore(question, hit.passage)
        let covered = hit.coverage >= 0.5 && hit.coverage * Double(Set(Self.terms(question)).count) >= 2
        let close = semantic != nil && hit.semantic >= Self.semanticMargin
        return lexical >= Self.answeringScore || covered || close ? hit : nil
    }

    /// The passage's BM25 score for `query` alone.
    func lexicalScore(_ query: String, _ passage: Passage) -> Double {
        rank(query, limit: passages.count).first { $0.passage == passage }?.score ?? 0
    }

    /// Paragraphs (blank-line or line separated); a long one is cut into windows of whole
    /// sentences of about 60 words, so one fact does not drown in a page.
    static func split(_ text: String) -> [String] {
        let paragraphs = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return paragraphs.flatMap { paragraph -> [String] in
            guard TextShingles.words(paragraph).count > 80 else { return [paragraph] }
            var windows: [String] = []
            var current: [String] = []
            for sentence in sentences(paragraph) {
                current.append(sentence)
                if TextShingles.words(current.joined(separator: " ")).count >= 60 {
                    windows.append(current.joined(separator: " "))
                    current = []
                }
            }
            if !current.isEmpty { windows.append(current.joined(separator: " ")) }
            return windows
        }
    }

    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if ".!?".contains(character) {
                let trimmed = current.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { sentences.append(trimmed) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }

    /// Stemmed content words: stop words and question words carry no topic; a few word families
    /// a lead and a knowledge base name differently meet ("cost" and "pricing", "integrate" and
    /// "integrations").
    static func terms(_ text: String) -> [String] {
        let words = TextShingles.words(text)
        var terms = words.filter { $0.count > 1 && !StrategyCoverage.stopWords.contains($0) && !questionWords.contains($0) }
            .map { families[$0] ?? StrategyCoverage.stem($0) }
        // "How much is it?" asks the price without a word for it.
        if zip(words, words.dropFirst()).contains(where: { $0 == "how" && $1 == "much" }) { terms.append("price") }
        return terms
    }

    static let families: [String: String] = {
        var table: [String: String] = [:]
        for (canonical, words) in [
            (
                "price",
                [
                    "price", "prices", "priced", "pricing", "cost", "costs", "charge", "charges", "fee", "fees", "expensive", "cheap",
                    "cheaper", "budget", "$",
                ]
            ),
            (
                "integrate",
                [
                    "integrate", "integrates", "integrated", "integration", "integrations", "connect", "connects", "connector",
                    "sync", "syncs",
                ]
            ),
            ("onboard", ["onboard", "onboarding", "setup", "implementation", "implement", "kickoff"]),
            ("secure", ["security", "secure", "gdpr", "dpa", "privacy", "encrypted", "encryption", "compliance", "compliant"]),
            ("result", ["result", "results", "roi", "numbers", "metrics", "outcomes", "case", "studies"]),
        ] {
            for word in words { table[word] = canonical }
        }
        return table
    }()

    static let questionWords: Swift.Set<String> = [
        "do", "does", "did", "is", "be", "we", "us", "me", "my", "i", "if", "or", "of", "to", "in", "on", "at", "an", "as", "so",
        "there", "here", "please", "thanks", "thank", "know", "let", "tell", "wondering", "curious", "quick", "question",
        "hi", "hello", "hey", "yes", "no", "ok", "okay", "much", "many", "get", "got", "offer", "provide", "support", "send",
        "like", "want", "need", "use", "using", "able", "it", "its", "am", "are", "was", "you're", "i'm", "we're", "don't",
    ]
}

/// The questions in a lead's message: sentences that end in a question mark, and requests
/// phrased as statements ("Please send me the pricing", "I'd like to know…").
public enum QuestionExtractor {
    public static func questions(in text: String) -> [String] {
        let cleaned = text.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(">") }
            .joined(separator: "\n")
        return cleaned.components(separatedBy: "\n").flatMap(KnowledgeRetriever.sentences).filter { sentence in
            let lowered = sentence.lowercased().replacingOccurrences(of: "’", with: "'")
            let words = TextShingles.words(lowered)
            guard words.count >= 2 else { return false }  // "?" or "Huh?" asks nothing to answer
            return sentence.hasSuffix("?") || requests.contains { lowered.hasPrefix($0) || lowered.contains(" \($0)") }
                || openings.contains { words.starts(with: $0) }
        }
    }

    /// How a question opens when a lead leaves off the question mark.
    static let openings: [[String]] = [
        "how do", "how does", "how long", "how many", "how much", "what is", "what's", "whats", "what are", "do you", "does it",
        "can you", "can it", "is there", "are there", "is it", "are you", "where are", "where is", "which",
    ].map { $0.split(separator: " ").map(String.init) }

    static let requests = [
        "please send", "can you send", "could you send", "send me", "send over", "i'd like to know", "i would like to know",
        "let me know", "i'm wondering", "i am wondering", "wondering if", "wondering whether", "curious about", "curious how",
        "tell me more", "share more",
    ]
}
