import Hummingbird
import ReplywrightCore

/// Per-request state: the core Hummingbird storage plus who is calling.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `APIKeyAuthMiddleware` for `/v1` routes, whose handlers see it on `APIRequestContext`.
    public var apiKey: APIKey?
    /// Set by `DashboardAuthMiddleware` for dashboard pages, whose handlers see it on `DashboardRequestContext`.
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
}

/// The context of every `/v1` handler: the API key is not optional, so a handler cannot be
/// written without the key's workspace (the group's `APIKeyAuthMiddleware` puts it on the
/// parent context; building this context without one is refused with 401).
public struct APIRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let apiKey: APIKey
    public let remoteAddress: String?

    public init(context: AppRequestContext) throws {
        guard let apiKey = context.apiKey else { throw AppError(.unauthorized, "missing API key") }
        self.coreContext = context.coreContext
        self.apiKey = apiKey
        self.remoteAddress = context.remoteAddress
    }

    public var maxUploadSize: Int { ServerLimits.maxBodyBytes }

    /// The caller's workspace.
    public var workspaceID: Identifier<Workspace> { apiKey.workspaceID }

    /// The caller's workspace, for changes only a workspace admin may make.
    public func adminWorkspaceID() throws -> Identifier<Workspace> {
        guard apiKey.role == .admin else { throw AppError(.forbidden, "only a workspace admin may do this; this key is a setter key") }
        return workspaceID
    }
}

/// Fixed limits of the HTTP server.
public enum ServerLimits {
    /// 1 MiB: far above any real webhook, far below what could hurt the process.
    public static let maxBodyBytes = 1 << 20
}
