/// Random passwords for generated logins: 16 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), about 93 bits. The generator is injected; callers pass the system CSPRNG.
public enum PasswordGenerator {
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    public static func generate(length: Int = 16, using generator: inout some RandomNumberGenerator) -> String {
        String((0..<max(length, 8)).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// From the system CSPRNG; also used for session and CSRF tokens (43 characters ≈ 250 bits).
    public static func generate(length: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(length: length, using: &generator)
    }
}

/// What a password chosen by a person must be.
public enum PasswordRules {
    public static let minimumLength = 10

    public static func validate(_ password: String) throws(AppError) {
        guard password.count >= minimumLength else { throw .invalid("password must be at least \(minimumLength) characters") }
        guard password.utf8.count <= 72 else { throw .invalid("password must be at most 72 bytes (bcrypt ignores the rest)") }
    }
}
