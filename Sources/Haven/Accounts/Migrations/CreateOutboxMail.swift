import Fluent
import SQLKit

struct CreateOutboxMail: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("outbox_mails")
            .id()
            .field("created_at", .datetime, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("lease_until", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .create()
        // What workers scan for: due mail.
        try await (database as! any SQLDatabase).create(index: "outbox_mails_due")
            .on("outbox_mails").column("status").column("next_attempt_at")
            .run()
    }

    func revert(on database: Database) async throws { try await database.schema("outbox_mails").delete() }
}
