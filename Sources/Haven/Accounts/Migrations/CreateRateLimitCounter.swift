import Fluent

/// Counters for fixed windows, one row per (bucket, window). In the database so the limits hold across
/// app servers; old windows are deleted as they are passed.
struct CreateRateLimitCounter: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("rate_limit_counters")
            .field("bucket", .string, .required)
            .field("window_start", .int64, .required)
            .field("hits", .int64, .required)
            .unique(on: "bucket", "window_start")
            .create()
    }

    func revert(on database: Database) async throws { try await database.schema("rate_limit_counters").delete() }
}
