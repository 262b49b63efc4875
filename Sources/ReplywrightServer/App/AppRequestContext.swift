import Hummingbird
import ReplywrightCore

/// Per-request state: the core Hummingbird storage plus who is calling.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `APIKeyAuthMiddleware` for `/v1` routes.
    public var apiKey: APIKey?
    /// Set by `DashboardAuthMiddleware` for dashboard pages.
    public var dashboard: DashboardUser?
    /// A dashboard form post's fields (read once, by the middleware that checks its CSRF token).
    public var form: [String: String] = [:]
    /// The peer's IP address (`nil` when there is no socket, as in router tests).
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Requests larger than this are refused with 413 before they are parsed.
    public var maxUploadSize: Int { ServerLimits.maxBodyBytes }

    /// The caller's workspace; only reachable behind the API-key middleware.
    public func workspaceID() throws -> Identifier<Workspace> {
        guard let apiKey else { throw AppError(.unauthorized, "missing API key") }
        return apiKey.workspaceID
    }

    /// The caller's workspace, for changes only a workspace admin may make.
    public func adminWorkspaceID() throws -> Identifier<Workspace> {
        let workspaceID = try workspaceID()
        guard apiKey?.role == .admin else { throw AppError(.forbidden, "only a workspace admin may do this; this key is a setter key") }
        return workspaceID
    }
}

/// Fixed limits of the HTTP server.
public enum ServerLimits {
    /// 1 MiB: far above any real webhook, far below what could hurt the process.
    public static let maxBodyBytes = 1 << 20
}
