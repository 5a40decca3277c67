import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Connects Haven to its database: a SQLite file by default, PostgreSQL when `DATABASE_URL` says so.
enum DatabaseSetup {
    /// PostgreSQL connections per event loop; SQLite always has one (the driver's fixed choice).
    static let postgresConnectionsPerEventLoop = 4
    /// How long a SQLite connection waits for another writer before giving up with "database is locked".
    static let sqliteBusyTimeoutMilliseconds = 5000

    static func use(_ location: HavenConfig.DatabaseLocation, on app: Application) async throws {
        let loops = app.eventLoopGroup.makeIterator().map { $0 }.count
        switch location {
        case .sqlite(let path):
            // Queries are not logged: their bound values are people's words.
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
            app.databasePoolSize = loops
            try await prepareSQLite(app, path: path)
        case .postgres(let url):
            do {
                app.databases.use(
                    try .postgres(
                        url: url, maxConnectionsPerEventLoop: postgresConnectionsPerEventLoop,
                        connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace),
                    as: .psql)
            } catch {
                throw ConfigurationError(
                    variable: "DATABASE_URL", accepted: "postgres://user:password@host:port/database", got: url,
                    secret: true)
            }
            app.databasePoolSize = loops * postgresConnectionsPerEventLoop
        }
    }

    /// Opens a SQLite file for a web server: write-ahead log (readers never wait for the writer), a busy
    /// timeout for writers, foreign keys (set by the driver on every connection). The driver keeps one
    /// connection per event loop for the life of the process, so the per-connection setting is applied to
    /// each loop's connection here.
    static func prepareSQLite(_ app: Application, path: String) async throws {
        do {
            for loop in app.eventLoopGroup.makeIterator() {
                guard let sql = app.databases.database(logger: app.logger, on: loop) as? SQLDatabase else { continue }
                try await sql.raw("PRAGMA journal_mode = WAL").run()
                // With a write-ahead log, NORMAL syncs at checkpoints rather than at every commit: the database
                // cannot be corrupted, and a power cut can only lose the last moments of writes (SQLite's own
                // advice for WAL).
                try await sql.raw("PRAGMA synchronous = NORMAL").run()
                try await sql.raw(
                    SQLQueryString("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))")
                ).run()
            }
        } catch {
            throw StartupError("cannot open the SQLite database at \(path): \(String(describing: error))")
        }
    }
}

/// A reason Haven cannot start or a command cannot finish, said in one line.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) {
        self.description = description.replacingOccurrences(of: "\n", with: " ")
    }
}
