import ArgumentParser
import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightServer
import ReplywrightStore

/// `replywright admin …`: tenancy administration; each prints one JSON object on stdout.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Create workspaces, users and API keys.",
        subcommands: [CreateWorkspace.self, CreateUser.self, CreateAPIKey.self])

    struct CreateWorkspace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-workspace", abstract: "Create a workspace.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The workspace's name.") var name: String

        func run() async throws {
            try await reportingErrors {
                let runtime = try await CommandRuntime.make(global)
                let workspace = try await DatabaseConnector.withStore(runtime.configuration.database, logger: runtime.logger) {
                    try await $0.createWorkspace(name: name)
                }
                printJSON(["id": workspace.id.rawValue, "name": workspace.name, "createdAt": ISO8601.format(workspace.createdAt)])
            }
        }
    }

    struct CreateUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-user",
            abstract: "Create a user (or reuse one with that email) and give them a role in a workspace.",
            discussion: "Without --password (or REPLYWRIGHT_USER_PASSWORD) a random password is generated and printed once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Workspace id.") var workspace: String
        @Option(help: "The user's email (sign-in name).") var email: String
        @Option(help: "setter or admin.") var role: String
        @Option(help: "Password for a new user (env REPLYWRIGHT_USER_PASSWORD or REPLYWRIGHT_USER_PASSWORD_FILE). Avoid: it lands in shell history.")
        var password: String?

        func run() async throws {
            try await reportingErrors {
                guard let role = WorkspaceRole(rawValue: role.lowercased()) else {
                    throw AppError.invalid("role must be setter or admin")
                }
                let runtime = try await CommandRuntime.make(global)
                let supplied = password ?? runtime.configuration.sources.text(.userPassword)
                let added = try await DatabaseConnector.withStore(runtime.configuration.database, logger: runtime.logger) { store in
                    try await WorkspaceMembers(store: store, passwordHasher: BcryptPasswordHasher())
                        .add(email: email, role: role, to: Identifier(workspace), password: supplied)
                }
                var output: [String: Any] = [
                    "userId": added.user.id.rawValue, "email": added.user.email, "workspaceId": workspace, "role": role.rawValue,
                    "created": added.created, "superAdmin": runtime.configuration.superAdmins.contains(added.user.email),
                ]
                output["password"] = added.generatedPassword
                printJSON(output)
            }
        }
    }

    struct CreateAPIKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-api-key", abstract: "Create a workspace API key; the key is shown only this once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Workspace id.") var workspace: String
        @Option(help: "A label to tell keys apart.") var name = "default"
        @Option(help: "admin (may change settings) or setter.") var role = "admin"

        func run() async throws {
            try await reportingErrors {
                guard let role = WorkspaceRole(rawValue: role.lowercased()) else {
                    throw AppError.invalid("role must be setter or admin")
                }
                let runtime = try await CommandRuntime.make(global)
                let issued = try await DatabaseConnector.withStore(runtime.configuration.database, logger: runtime.logger) {
                    try await $0.issueAPIKey(for: Identifier(workspace), name: name, role: role)
                }
                printJSON([
                    "id": issued.key.id.rawValue, "workspaceId": workspace, "name": issued.key.name,
                    "role": issued.key.role.rawValue, "prefix": issued.key.prefix, "key": issued.secret,
                ])
            }
        }
    }
}
