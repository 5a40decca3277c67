import Fluent

struct CreateCrisisLine: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("crisis_lines")
            // managed fields
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // data fields
            .field("country_code", .string, .required)
            .field("name", .string, .required)
            .field("phone", .string)
            .field("sms", .string)
            .field("chat_url", .string)
            .field("website", .string)
            .field("open_24_7", .bool, .required)
            .field("hours", .string)
            .field("languages", .array(of: .string), .required)
            .field("topics", .array(of: .string), .required)
            .field("source_url", .string, .required)
            .field("last_verified", .date, .required)
            .field("rank", .int, .required)
            .unique(on: "country_code", "name")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("crisis_lines").delete()
    }
}
