import Testing

@testable import ReplywrightCore

@Suite("Tenancy rules")
struct TenancyRulesTests {
    @Test func superAdminsMatchWholeEmailIgnoringCase() {
        let allowList = SuperAdminAllowList(commaSeparated: " Ops@Replywright.io , root@example.com,")
        #expect(allowList.count == 2)
        #expect(allowList.contains("ops@replywright.io"))
        #expect(allowList.contains("OPS@REPLYWRIGHT.IO"))
        #expect(!allowList.contains("ops@replywright.io.evil.com"))
        #expect(!allowList.contains("xops@replywright.io"))
        #expect(!allowList.contains(""))
    }

    @Test(arguments: ["a@b.co", "First.Last+tag@sub.example.org", "  padded@example.com "])
    func acceptsEmails(_ email: String) { #expect(EmailAddress.isValid(email)) }

    @Test(arguments: ["", "plain", "@example.com", "a@", "a@b", "a@b..com", "a b@c.com", "a@@b.com"])
    func rejectsEmails(_ email: String) { #expect(!EmailAddress.isValid(email)) }

    @Test func workspaceNamesAreTrimmedAndBounded() throws {
        #expect(try Workspace.validatedName("  Acme  ") == "Acme")
        #expect(throws: AppError.self) { try Workspace.validatedName("   ") }
        #expect(throws: AppError.self) { try Workspace.validatedName(String(repeating: "x", count: 121)) }
    }

    @Test func generatedPasswordsAvoidLookAlikesAndDiffer() {
        var seen = Set<String>()
        for _ in 0..<50 {
            let password = PasswordGenerator.generate()
            #expect(password.count == 16)
            #expect(!password.contains { "0O1lI".contains($0) })
            seen.insert(password)
        }
        #expect(seen.count == 50)
    }
}
