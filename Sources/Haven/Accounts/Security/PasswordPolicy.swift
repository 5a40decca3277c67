import Crypto
import Foundation
import Vapor

/// What makes a password acceptable, after NIST SP 800-63B: at least 10 characters, not one of the
/// passwords attackers try first, no composition rules. Plain Swift, no HTTP.
struct PasswordPolicy: Sendable {
    static let minimumLength = 10
    /// Long passphrases are welcome; this only stops a multi-megabyte "password".
    static let maximumLength = 1000

    enum Problem: Equatable, Sendable {
        case tooShort, tooLong, common, containsEmail
    }

    /// Lower-cased common passwords, shipped in `Resources/Security/common-passwords.txt`.
    var commonPasswords: Set<String>

    static func load(from file: URL) throws -> PasswordPolicy {
        let text = try String(contentsOf: file, encoding: .utf8)
        let words = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return PasswordPolicy(commonPasswords: Set(words))
    }

    func problem(with password: String, email: String) -> Problem? {
        let length = password.count
        if length < Self.minimumLength { return .tooShort }
        if length > Self.maximumLength { return .tooLong }
        let lowered = password.lowercased()
        if commonPasswords.contains(lowered) || Self.isRepetitive(lowered) { return .common }
        let localPart = email.split(separator: "@").first.map(String.init) ?? ""
        if localPart.count >= 4 && lowered.contains(localPart.lowercased()) { return .containsEmail }
        return nil
    }

    /// "aaaaaaaaaa", "1212121212", "abcdefghij", "0987654321": a repeated or sequential run is as weak as a
    /// listed password however long it is.
    static func isRepetitive(_ password: String) -> Bool {
        let scalars = password.unicodeScalars.map(\.value)
        guard scalars.count > 1 else { return true }
        for period in 1...min(3, scalars.count / 2) {
            if scalars.indices.allSatisfy({ $0 < period || scalars[$0] == scalars[$0 - period] }) { return true }
        }
        let steps = zip(scalars.dropFirst(), scalars).map { Int($0) - Int($1) }
        return steps.allSatisfy { $0 == 1 } || steps.allSatisfy { $0 == -1 }
    }
}

/// Bcrypt, with the password first reduced to a SHA-256 digest: Bcrypt reads only 72 bytes, and a long
/// passphrase must count in full.
enum Passwords {
    static let cost = 12

    static func hash(_ password: String) throws -> String {
        try Bcrypt.hash(prepared(password), cost: cost)
    }

    static func verify(_ password: String, against hash: String) -> Bool {
        (try? Bcrypt.verify(prepared(password), created: hash)) ?? false
    }

    /// Checked when an address has no account, so that answering takes as long as for one that does.
    static let decoyHash: String = (try? Bcrypt.hash("decoy-\(UUID().uuidString)", cost: cost)) ?? ""

    private static func prepared(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
