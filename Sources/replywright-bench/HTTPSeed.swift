import Foundation
import HummingbirdBcrypt
import ReplywrightCore
import ReplywrightStore

// Seeds a workspace with many pending drafts for the HTTP benchmark (scripts/bench-http.sh):
// one admin user, one API key, N leads each with an inbound message and a pending draft.
// Prints one JSON object: workspace id, API key, login.
//
//   .build/release/replywright-bench seed-drafts --database URL [--drafts 10000]
enum HTTPSeed {
    static func run(_ arguments: ArraySlice<String>) async throws {
        var database = "sqlite:/tmp/replywright-bench-http.sqlite"
        var count = 10_000
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--database": database = value
            case "--drafts": count = Int(value) ?? count
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let location = try DatabaseLocation.parse(database)
        try await DatabaseConnector.withStore(location, logger: benchLogger) { store in
            let workspace = try await store.createWorkspace(name: "HTTP bench")
            let password = "bench-password-1"
            let user = try await store.createUser(email: "bench-\(workspace.id)@bench.example", passwordHash: Bcrypt.hash(password, cost: 4))
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .admin))
            let key = try await store.issueAPIKey(for: workspace.id, name: "bench")
            let scores = CandidateScores(coverage: 0.8, voice: nil, scope: 1, uniqueness: 0.9, relevance: 0.7)
            let started = Date()
            for index in 0..<count {
                try await store.transaction { tx in
                    let lead = try await tx.upsertLead(
                        LeadProfile(email: "lead\(index)@bench.example", firstName: "Lead \(index)", company: "Company \(index % 97)"),
                        in: workspace.id)
                    let (message, _) = try await tx.insertMessage(
                        NewMessage(
                            channel: .email, direction: .inbound, sender: .lead, body: "Sounds good, can you send me some times?",
                            externalID: "bench-\(index)", occurredAt: started.addingTimeInterval(Double(index))),
                        leadID: lead.id, in: workspace.id)
                    let time = started.addingTimeInterval(Double(index))
                    _ = try await tx.insertDraft(
                        Draft(
                            id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspace.id, leadID: lead.id,
                            triggerMessageID: message.id, status: .pending, source: .rules, intent: .wantsTimes,
                            archetypeID: ArchetypeCatalog.standard[index % ArchetypeCatalog.standard.count].id,
                            body: "Hi Lead \(index),\n\nHappy to find a time. Tuesday or Wednesday afternoon?\n\nBest,\nThe team", scores: scores,
                            combinedScore: 0.85, correction: .none, candidateStats: [["words": 20, "combined": 0.85]], createdAt: time,
                            updatedAt: time))
                }
            }
            let output: [String: String] = [
                "workspaceId": workspace.id.rawValue, "apiKey": key.secret, "email": user.email, "password": password,
                "drafts": String(count), "seconds": String(format: "%.1f", Date().timeIntervalSince(started)),
            ]
            let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
