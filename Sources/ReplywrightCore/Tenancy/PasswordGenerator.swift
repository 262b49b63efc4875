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
        guard Set(password.filter { !$0.isWhitespace }).count > 1 else {
            throw .invalid("password must not be only spaces or one character repeated")
        }
        guard !common.contains(password.lowercased().filter { !$0.isWhitespace }) else {
            throw .invalid("password is one of the most common passwords; choose another")
        }
    }

    /// Passwords of ten or more characters that lead the public breach lists (lower case,
    /// without spaces): the first a guesser tries.
    static let common: Set<String> = [
        "1234567890", "0123456789", "0987654321", "1q2w3e4r5t", "qwertyuiop", "password12", "password123", "password1234",
        "passw0rd123", "iloveyou12", "letmein123", "welcome123", "abc1234567", "qwerty1234", "qwerty12345", "1qaz2wsx3edc",
        "administrator", "changeme123", "football123", "superman123", "princess123", "trustno1234", "asdfghjkl1", "zxcvbnm123",
        "12345678910", "123456789a", "a123456789", "dragon1234", "monkey1234", "sunshine123",
    ]
}
