import Foundation

/// Every mail Haven sends, written from the string catalog in the recipient's language.
enum Mails {
    static func verifyEmail(_ s: Strings, name: String, link: String) -> MailContent {
        MailContent(
            subject: s["mail.verify.subject"],
            paragraphs: [s["mail.greeting", ["name": name]], s["mail.verify.body"], s["mail.verify.expiry"]],
            link: (s["mail.verify.link"], link), reason: s["mail.verify.reason"])
    }

    /// To an address that already has an account, when someone signs up with it: the page says the same
    /// thing whether or not the address was known, so only the mailbox's owner learns which.
    static func alreadyRegistered(_ s: Strings, name: String, signInLink: String, resetLink: String) -> MailContent {
        MailContent(
            subject: s["mail.alreadyRegistered.subject"],
            paragraphs: [
                s["mail.greeting", ["name": name]], s["mail.alreadyRegistered.body"],
                s["mail.alreadyRegistered.reset", ["link": resetLink]],
            ],
            link: (s["mail.alreadyRegistered.link"], signInLink), reason: s["mail.alreadyRegistered.reason"])
    }

    static func resetPassword(_ s: Strings, name: String, link: String) -> MailContent {
        MailContent(
            subject: s["mail.reset.subject"],
            paragraphs: [s["mail.greeting", ["name": name]], s["mail.reset.body"], s["mail.reset.expiry"]],
            link: (s["mail.reset.link"], link), reason: s["mail.reset.reason"])
    }

    static func confirmNewEmail(_ s: Strings, name: String, link: String) -> MailContent {
        MailContent(
            subject: s["mail.changeEmail.subject"],
            paragraphs: [s["mail.greeting", ["name": name]], s["mail.changeEmail.body"], s["mail.verify.expiry"]],
            link: (s["mail.changeEmail.link"], link), reason: s["mail.changeEmail.reason"])
    }
}

extension Mails {
    /// To the account's address after its password changed (on the account page or by a reset link): if it
    /// was not them, they learn at once and can take the account back.
    static func passwordChanged(_ s: Strings, name: String, resetLink: String) -> MailContent {
        MailContent(
            subject: s["mail.passwordChanged.subject"],
            paragraphs: [s["mail.greeting", ["name": name]], s["mail.passwordChanged.body"]],
            link: (s["mail.passwordChanged.link"], resetLink), reason: s["mail.passwordChanged.reason"])
    }

    /// To the old address once the account moved to a new one. The new address is shown half hidden.
    static func emailChanged(_ s: Strings, name: String, newEmail: String, resetLink: String) -> MailContent {
        MailContent(
            subject: s["mail.emailChanged.subject"],
            paragraphs: [
                s["mail.greeting", ["name": name]], s["mail.emailChanged.body", ["email": masked(newEmail)]],
            ],
            link: (s["mail.passwordChanged.link"], resetLink), reason: s["mail.emailChanged.reason"])
    }

    /// "river@example.org" → "r****@example.org".
    static func masked(_ email: String) -> String {
        let parts = email.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let first = parts[0].first else { return email }
        return "\(first)\(String(repeating: "*", count: max(3, parts[0].count - 1)))@\(parts[1])"
    }
}
