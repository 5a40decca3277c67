import Fluent

/// The directory's organization table (HSDS `organization`), created with accounts because organizers
/// belong to one. The directory issue adds the remaining HSDS fields.
struct CreateOrganization: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("organizations")
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("email", .string)
            .field("website", .string)
            .create()
        try await database.schema("organization_staff")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .unique(on: "organization_id", "user_id")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("organization_staff").delete()
        try await database.schema("organizations").delete()
    }
}
