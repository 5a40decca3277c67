import Fluent
import Foundation

/// A mail waiting to go, going, sent or given up on. Written in the same transaction as the action that
/// causes it, so a mail exists exactly when its action happened.
final class OutboxMail: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "outbox_mails"

    enum Status: String, Codable, Sendable {
        /// Waiting for its `nextAttemptAt`.
        case queued
        /// Claimed by a worker until `leaseUntil`; a worker that died leaves it to be claimed again.
        case sending
        case sent
        /// Every try failed; shown to admins.
        case failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @Field(key: "html_body") var htmlBody: String
    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}

    init(recipient: String, subject: String, textBody: String, htmlBody: String, now: Date) {
        self.recipient = recipient
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.status = .queued
        self.attempts = 0
        self.nextAttemptAt = now
        self.createdAt = now
    }
}
