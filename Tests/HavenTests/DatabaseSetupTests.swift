import Fluent
import SQLKit
import Testing
import Vapor

@testable import Haven

@Suite("Database setup")
struct DatabaseSetupTests {
    /// Every pooled connection (one per event loop) is set up for a web server, not just the first.
    @Test(.enabled(if: TestDatabase.backend == .sqlite, "SQLite settings"))
    func sqliteIsOpenedForAWebServer() async throws {
        try await withApp { app in
            let loops = Array(app.app.eventLoopGroup.makeIterator())
            #expect(app.app.databasePoolSize == loops.count)
            for loop in loops {
                let sql = try #require(app.app.databases.database(logger: app.app.logger, on: loop) as? SQLDatabase)
                #expect(try await pragma("journal_mode", on: sql) == "wal")
                #expect(try await pragma("busy_timeout", on: sql) == "5000")
                #expect(try await pragma("foreign_keys", on: sql) == "1")
            }
        }
    }

    @Test(.enabled(if: TestDatabase.backend == .postgres, "PostgreSQL pool"))
    func postgresUsesAPool() async throws {
        try await withApp { app in
            let loops = Array(app.app.eventLoopGroup.makeIterator()).count
            #expect(app.app.databasePoolSize == loops * DatabaseSetup.postgresConnectionsPerEventLoop)
            let metrics = try await app.get("/metrics").text
            #expect(metrics.contains("haven_database_pool_connections_max{driver=\"postgres\"} \(Double(loops * 4))"))
            #expect(metrics.contains("haven_database_up{driver=\"postgres\"} 1.0"))
        }
    }

    @Test func migrationsRunInTheirListedOrderAndOnlyOnce() async throws {
        try await withApp { app in
            // The template was migrated once; a second run finds nothing to do.
            let ran = try await HavenMigrations.migrate(app.app)
            #expect(ran == [])
            let names = try await (app.app.db as! SQLDatabase)
                .raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at").all()
                .map { try $0.decode(column: "name", as: String.self) }
            #expect(
                names == [
                    "Haven.CreateCrisisLine", "Haven.SeedCrisisLines", "Haven.CreateUser", "Haven.CreateSession",
                    "Haven.CreateAccountToken", "Haven.CreateAPIToken", "Haven.CreateOrganization",
                    "Haven.CreateInstallationSecret", "Haven.CreateRateLimitCounter", "Haven.CreateModerationItem",
                    "Haven.CreateAuditEntry", "Haven.CreateOutboxMail", "Haven.CreateDirectoryTables",
                    "Haven.SeedDirectoryTaxonomy", "Haven.CreateDirectorySearch",
                ])
        }
    }

    func pragma(_ name: String, on sql: SQLDatabase) async throws -> String {
        let row = try #require(try await sql.raw(SQLQueryString("PRAGMA \(unsafeRaw: name)")).first())
        let column = try #require(row.allColumns.first)
        if let text = try? row.decode(column: column, as: String.self) { return text }
        return String(try row.decode(column: column, as: Int.self))
    }
}
