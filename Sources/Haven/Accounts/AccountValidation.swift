import Foundation

/// Checks of what people type into account forms; each problem is a message next to its field.
enum AccountValidation {
    static let displayNameLimit = 60

    static func displayName(_ name: String, strings s: Strings) -> [FormError] {
        if name.isEmpty { return [FormError(field: "display_name", message: s["account.error.nameMissing"])] }
        if name.count > displayNameLimit {
            return [
                FormError(
                    field: "display_name", message: s["account.error.nameTooLong", ["max": "\(displayNameLimit)"]])
            ]
        }
        if name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            return [FormError(field: "display_name", message: s["account.error.nameInvalid"])]
        }
        return []
    }

    static func email(_ email: String, strings s: Strings, field: String = "email") -> [FormError] {
        if email.isEmpty { return [FormError(field: field, message: s["account.error.emailMissing"])] }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && email.count <= 254 && MailMessage.isSafeAddress(email)
        return valid ? [] : [FormError(field: field, message: s["account.error.emailInvalid"])]
    }

    static func newPassword(
        _ password: String, email: String, policy: PasswordPolicy, strings s: Strings, field: String
    )
        -> [FormError]
    {
        let key: String? =
            switch policy.problem(with: password, email: email) {
            case .tooShort: "account.error.passwordShort"
            case .tooLong: "account.error.passwordLong"
            case .common: "account.error.passwordCommon"
            case .containsEmail: "account.error.passwordEmail"
            case nil: nil
            }
        guard let key else { return [] }
        return [
            FormError(
                field: field,
                message: s[key, ["min": "\(PasswordPolicy.minimumLength)", "max": "\(PasswordPolicy.maximumLength)"]])
        ]
    }
}
