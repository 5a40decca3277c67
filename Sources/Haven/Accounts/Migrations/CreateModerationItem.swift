import Fluent
import SQLKit

struct CreateModerationItem: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("moderation_items")
            .id()
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("subject_id", .string, .required)
            .field("reason", .string, .required)
            .field("details", .string, .required)
            .field("reporter_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("priority", .int, .required)
            .field("status", .string, .required)
            .field("resolution", .string)
            .field("resolution_note", .string)
            .field("claimed_by_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("claimed_at", .datetime)
            .field("resolver_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("resolved_at", .datetime)
            .create()
        // The queue's order: open items, urgent first, then oldest first.
        try await (database as! any SQLDatabase).create(index: "moderation_items_queue")
            .on("moderation_items").column("status").column("priority").column("created_at")
            .run()
        try await (database as! any SQLDatabase).create(index: "moderation_items_subject")
            .on("moderation_items").column("kind").column("subject_id")
            .run()
    }

    func revert(on database: Database) async throws { try await database.schema("moderation_items").delete() }
}
