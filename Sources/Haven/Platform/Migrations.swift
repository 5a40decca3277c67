import Fluent
import Vapor

/// Every migration Haven has, in the order they run. Read top to bottom, this is the schema's history.
/// Append only: a migration that has landed is never edited or reordered.
enum HavenMigrations {
    static func register(on app: Application) {
        // Crisis & safety — crisis lines, first cut, seeded with cited national lines.
        app.migrations.add(CreateCrisisLine())
        app.migrations.add(SeedCrisisLines())
        // Accounts — people, sessions, mailed links, API tokens, organizations and their staff, rate limits,
        // the moderation queue and audit log, the mail outbox.
        app.migrations.add(CreateUser())
        app.migrations.add(CreateSession())
        app.migrations.add(CreateAccountToken())
        app.migrations.add(CreateAPIToken())
        app.migrations.add(CreateOrganization())
        app.migrations.add(CreateInstallationSecret())
        app.migrations.add(CreateRateLimitCounter())
        app.migrations.add(CreateModerationItem())
        app.migrations.add(CreateAuditEntry())
        app.migrations.add(CreateOutboxMail())
        // Directory — the HSDS 3.1 tables, Haven's default taxonomy, and the search index over them.
        app.migrations.add(CreateDirectoryTables())
        app.migrations.add(SeedDirectoryTaxonomy(taxonomy: app.defaultTaxonomy))
        app.migrations.add(CreateDirectorySearch())
    }

    /// Runs whatever has not run yet; safe to call on every start. Returns the names of what ran.
    @discardableResult
    static func migrate(_ app: Application) async throws -> [String] {
        do {
            try await app.migrator.setupIfNeeded().get()
            let pending = try await app.migrator.previewPrepareBatch().get().map {
                String($0.0.name.split(separator: ".").last ?? "")
            }
            try await app.autoMigrate()
            return pending
        } catch {
            throw StartupError("the database could not be migrated: \(DatabaseErrors.describe(error))")
        }
    }
}

enum DatabaseErrors {
    /// PostgresNIO hides details from `description` so they cannot leak into responses; start-up messages
    /// are for the operator, so they show the driver's own account.
    static func describe(_ error: Error) -> String {
        String(reflecting: error).replacingOccurrences(of: "\n", with: " ")
    }
}
