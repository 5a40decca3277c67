import FluentPostgresDriver
import Foundation
import Logging
import NIOPosix

@testable import Haven

/// The database the suite runs against, chosen by the test command: `HAVEN_TEST_DATABASE=postgres` with
/// `HAVEN_TEST_POSTGRES_URL` pointing at a server the harness started, or SQLite (the default).
///
/// Each test gets a database of its own, copied from a template that was migrated once per run, so tests
/// are isolated and can run in parallel.
enum TestDatabase {
    enum Backend: String { case sqlite, postgres }

    static var backend: Backend {
        Backend(rawValue: ProcessInfo.processInfo.environment["HAVEN_TEST_DATABASE"] ?? "sqlite") ?? .sqlite
    }

    static var postgresAdminURL: String {
        ProcessInfo.processInfo.environment["HAVEN_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres"
    }

    /// A migrated database for one test, and how to throw it away afterwards.
    struct Instance: Sendable {
        var location: HavenConfig.DatabaseLocation
        var drop: @Sendable () async throws -> Void
    }

    /// A fresh, migrated database.
    static func migrated() async throws -> Instance {
        switch backend {
        case .sqlite:
            let template = try await Templates.shared.sqliteTemplate()
            let path = temporaryPath("haven-test", ext: "sqlite")
            try FileManager.default.copyItem(atPath: template, toPath: path)
            return Instance(location: .sqlite(path: path), drop: { removeSQLite(path) })
        case .postgres:
            let template = try await Templates.shared.postgresTemplate()
            let name = "haven_test_\(uniqueSuffix())"
            try await Postgres.execute("CREATE DATABASE \(name) TEMPLATE \(template)")
            return Instance(
                location: .postgres(url: Postgres.url(database: name)),
                drop: { try await Postgres.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
        }
    }

    /// A fresh, empty database (nothing migrated), for tests of commands that must migrate it themselves.
    static func empty() async throws -> Instance {
        switch backend {
        case .sqlite:
            let path = temporaryPath("haven-empty", ext: "sqlite")
            return Instance(location: .sqlite(path: path), drop: { removeSQLite(path) })
        case .postgres:
            let name = "haven_empty_\(uniqueSuffix())"
            try await Postgres.execute("CREATE DATABASE \(name)")
            return Instance(
                location: .postgres(url: Postgres.url(database: name)),
                drop: { try await Postgres.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
        }
    }

    /// 16 lower-case hex digits: safe in a PostgreSQL identifier and a file name.
    static func uniqueSuffix() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)).lowercased()
    }

    static func temporaryPath(_ prefix: String, ext: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString).\(ext)").path
    }

    static func removeSQLite(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The `DATABASE_URL` value for a location, as an operator would write it.
    static func environmentValue(_ location: HavenConfig.DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url
        }
    }
}

/// Makes each template once per test run; tests waiting for it share the one result.
actor Templates {
    static let shared = Templates()
    private var sqlite: Task<String, Error>?
    private var postgres: Task<String, Error>?

    func sqliteTemplate() async throws -> String {
        if sqlite == nil {
            sqlite = Task {
                let path = TestDatabase.temporaryPath("haven-template", ext: "sqlite")
                try await Self.migrate(.sqlite(path: path))
                return path
            }
        }
        return try await sqlite!.value
    }

    func postgresTemplate() async throws -> String {
        if postgres == nil {
            postgres = Task {
                let name = "haven_template_\(TestDatabase.uniqueSuffix())"
                try await Postgres.execute("CREATE DATABASE \(name)")
                try await Self.migrate(.postgres(url: Postgres.url(database: name)))
                return name
            }
        }
        return try await postgres!.value
    }

    private static func migrate(_ location: HavenConfig.DatabaseLocation) async throws {
        let app = try await TestApp.makeApplication(config: HavenConfig(database: location))
        do {
            try await HavenMigrations.migrate(app)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// Administrative statements on the test PostgreSQL server (create and drop databases).
enum Postgres {
    static func url(database: String) -> String {
        var components = URLComponents(string: TestDatabase.postgresAdminURL)!
        components.path = "/" + database
        return components.string!
    }

    static func execute(_ statement: String) async throws {
        let components = URLComponents(string: TestDatabase.postgresAdminURL)!
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
            username: components.user ?? "postgres", password: components.password,
            database: String(components.path.dropFirst()), tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "test-postgres-admin"))
        do {
            try await connection.query(
                PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test-postgres-admin"))
        } catch {
            try? await connection.close()
            throw StartupError("PostgreSQL refused \"\(statement)\": \(String(reflecting: error))")
        }
        try await connection.close()
    }
}

extension TestDatabase {
    /// A fresh, migrated SQLite database whatever the suite's backend, for tests that compare the two.
    static func migratedSQLite() async throws -> Instance {
        let template = try await Templates.shared.sqliteTemplate()
        let path = temporaryPath("haven-test", ext: "sqlite")
        try FileManager.default.copyItem(atPath: template, toPath: path)
        return Instance(location: .sqlite(path: path), drop: { removeSQLite(path) })
    }
}
