import Fluent

struct CreateAuditEntry: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("audit_log")
            .id()
            .field("created_at", .datetime, .required)
            .field("actor_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("action", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .create()
    }

    func revert(on database: Database) async throws { try await database.schema("audit_log").delete() }
}
