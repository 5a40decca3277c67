import Fluent
import Foundation
import Plot

/// The one way Haven sends mail: `Outbox.enqueue` writes a row in the caller's transaction; the
/// `OutboxWorker` delivers it. A mail exists if and only if its action committed.
///
/// ```swift
/// try await req.db.transaction { db in
///     try await user.create(on: db)
///     try await Outbox.enqueue(Mails.verifyEmail(strings: s, name: user.displayName, link: link), to: user.email, on: db)
/// }
/// ```
enum Outbox {
    static func enqueue(_ mail: MailContent, to recipient: String, on db: any Database, now: Date = Date())
        async throws
    {
        try await OutboxMail(
            recipient: recipient, subject: mail.subject, textBody: mail.text, htmlBody: mail.html, now: now
        )
        .create(on: db)
    }
}

/// What a mail says: a subject, a plain-text body and the same in simple HTML.
struct MailContent: Sendable, Equatable {
    var subject: String
    var text: String
    var html: String

    /// A mail made of paragraphs, one link (written out in full in the text version) and the one-line
    /// reason the person got it.
    init(subject: String, paragraphs: [String], link: (label: String, url: String)?, reason: String) {
        self.subject = subject
        var text = paragraphs
        if let link { text.append("\(link.label):\n\(link.url)") }
        text.append("—\n\(reason)")
        self.text = text.joined(separator: "\n\n") + "\n"
        self.html = HTML(
            .head(.encoding(.utf8), .element(named: "title", text: subject)),
            .body(
                .forEach(paragraphs) { .p(.text($0)) },
                .unwrap(link) { link in .p(.a(.safeHref(link.url), .text(link.label))) },
                .hr(),
                .p(.small(.text(reason)))
            )
        ).render()
    }
}
