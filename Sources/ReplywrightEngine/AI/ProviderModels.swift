import Foundation
import ReplywrightCore
import ReplywrightLLM
import Synchronization

/// The model ids the configured provider offers, for offering them on the settings page and
/// checking a model a workspace names before it is saved. The list is asked for with a short
/// deadline and remembered (a minute; a failure for 15 s), so a settings page never waits long
/// on a slow provider and a busy one is not asked on every page.
public final class ProviderModels: Sendable {
    public enum Check: Sendable, Equatable {
        /// The provider lists it.
        case listed
        /// The provider answered and does not list it: the nearest ids it does list.
        case unlisted(nearest: [String])
        /// The list could not be had (the reason in words); the model was not checked.
        case unchecked(String)
        /// No provider is configured: drafts use the rules tier whatever the model.
        case noProvider
    }

    private let provider: (any LLMProvider)?
    private let timeout: TimeInterval
    private let now: @Sendable () -> Date
    private let cached = Mutex<(answer: Result<[String], ListFailure>, until: Date)?>(nil)

    struct ListFailure: Error { var reason: String }

    public init(provider: (any LLMProvider)?, timeout: TimeInterval = 3, now: @escaping @Sendable () -> Date = Date.init) {
        self.provider = provider
        self.timeout = timeout
        self.now = now
    }

    /// The provider's model ids; `nil` without a provider or when it could not be asked.
    public func models() async -> [String]? {
        guard provider != nil else { return nil }
        return try? await list().get()
    }

    public func check(_ model: String) async -> Check {
        guard provider != nil else { return .noProvider }
        switch await list() {
        case .failure(let failure): return .unchecked(failure.reason)
        case .success(let models) where models.contains(model): return .listed
        case .success(let models): return .unlisted(nearest: EditDistance.nearest(to: model, in: models, maximum: max(3, model.count / 3)))
        }
    }

    private func list() async -> Result<[String], ListFailure> {
        guard let provider else { return .failure(ListFailure(reason: "no provider is configured")) }
        if let hit = cached.withLock({ $0 }), hit.until > now() { return hit.answer }
        let answer: Result<[String], ListFailure>
        do {
            let models = try await provider.listModels(deadline: now().addingTimeInterval(timeout))
            // Some servers list none: that says nothing about the model.
            answer = models.isEmpty ? .failure(ListFailure(reason: "the provider listed no models")) : .success(models)
        } catch {
            // The reason in words for a page: "connection_refused: the server refused…" → "the server refused…".
            let message = (error as? LLMError)?.message ?? String(describing: error)
            answer = .failure(ListFailure(reason: message.replacing(#/^[a-z_]+: /#, with: "")))
        }
        let until = now().addingTimeInterval(answer.isSuccess ? 60 : 15)
        cached.withLock { $0 = (answer, until) }
        return answer
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
