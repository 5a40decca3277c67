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
