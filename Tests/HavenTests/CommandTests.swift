import FluentSQLiteDriver
import Foundation
import NIOPosix
import Testing
import Vapor

@testable import Haven

/// The `haven` executable as operators use it: separate processes, real environment variables.
@Suite("The haven command")
struct CommandTests {
    @Test(arguments: [
        ("DATABASE_URL", "nope"),
        ("HAVEN_COUNTRY", "XX"),
        ("LOG_LEVEL", "chatty"),
    ])
    func badSettingStopsStartUpWithOneLine(variable: String, value: String) async throws {
        let result = try await HavenProcess.run(["serve"], environment: [variable: value])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1, "stderr was: \(result.stderr)")
        #expect(result.stderr.hasPrefix("haven: \(variable) must be"))
        #expect(result.stdout.isEmpty)
    }

    /// `serve` migrates an empty database on its own, serves, and stops cleanly on SIGTERM.
    @Test func serveMigratesAndServes() async throws {
        let database = try await TestDatabase.empty()
        defer { Task { try? await database.drop() } }
        let port = try await HavenProcess.freePort()
        let server = try HavenProcess.start(
            ["serve", "--hostname", "127.0.0.1", "--port", String(port)],
            environment: ["DATABASE_URL": TestDatabase.environmentValue(database.location)])
        defer { server.stop() }
        let body = try await waitForHealth(port: port)
        #expect(body == #"{"status":"ok"}"#)
        let help = try await httpGet(port: port, path: "/help")
        #expect(help.contains("988 Suicide &amp; Crisis Lifeline"), "the seed migration ran")
        server.stop()
        #expect(server.process.terminationStatus == 0)
        // Every log line is one JSON object and none holds the client's address.
        let lines = server.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }
        let requestLines = lines.filter { $0.contains(#""message":"request""#) }
        #expect(requestLines.count >= 2)
        #expect(requestLines.allSatisfy { !$0.contains("127.0.0.1") })
    }

    /// The newcomer's first command: creates the SQLite file in the working folder's place, migrates, serves.
    @Test(.enabled(if: TestDatabase.backend == .sqlite, "demo runs on SQLite"))
    func demoCreatesTheDatabaseAndServes() async throws {
        let path = TestDatabase.temporaryPath("demo", ext: "sqlite")
        defer { TestDatabase.removeSQLite(path) }
        let port = try await HavenProcess.freePort()
        let demo = try HavenProcess.start(
            ["demo", "--port", String(port)], environment: ["DATABASE_URL": "sqlite:\(path)"])
        defer { demo.stop() }
        let health = try await waitForHealth(port: port)
        #expect(health == #"{"status":"ok"}"#)
        #expect(FileManager.default.fileExists(atPath: path))
        let home = try await httpGet(port: port, path: "/")
        #expect(home.contains(#"<aside class="crisis-banner""#) && home.contains("data-quick-exit"))
        // The demo accounts it prints work.
        let remote = RemoteHaven(running: demo, port: port)
        let signIn = try await remote.post(
            "/sign-in", form: [("email", "admin@haven-demo.example"), ("password", DemoAccounts.password)])
        #expect(signIn.status == .seeOther)
        let admin = try await remote.get("/admin/organizations", cookie: signIn.sessionCookie)
        #expect(admin.text.contains("Riverside Peer Support"))
        demo.stop()
        let output = demo.result().stdout
        #expect(output.contains("Haven is running at http://127.0.0.1:\(port)/"))
        #expect(output.contains("Demo accounts (password \"\(DemoAccounts.password)\"): admin@haven-demo.example"))
    }

    @Test func migrateIsIdempotent() async throws {
        let database = try await TestDatabase.empty()
        defer { Task { try? await database.drop() } }
        let environment = ["DATABASE_URL": TestDatabase.environmentValue(database.location)]
        let first = try await HavenProcess.run(["migrate"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Migrated: CreateCrisisLine, SeedCrisisLines, CreateUser,"))
        let second = try await HavenProcess.run(["migrate"], environment: environment)
        #expect(second.status == 0)
        #expect(second.stdout.contains("The database is up to date."))
    }

    @Test func backupOnPostgreSQLPointsToPgDump() async throws {
        let result = try await HavenProcess.run(
            ["backup", "/tmp/never-written.sqlite"], environment: ["DATABASE_URL": "postgres://u:pw@127.0.0.1:1/x"])
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "haven: haven backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/OPERATIONS.md)"
            ])
    }

    @Test func backupNeverOverwritesAFile() async throws {
        let existing = TestDatabase.temporaryPath("existing", ext: "sqlite")
        _ = FileManager.default.createFile(atPath: existing, contents: Data("keep me".utf8))
        defer { try? FileManager.default.removeItem(atPath: existing) }
        let source = TestDatabase.temporaryPath("source", ext: "sqlite")
        defer { TestDatabase.removeSQLite(source) }
        let result = try await HavenProcess.run(
            ["backup", existing], environment: ["DATABASE_URL": "sqlite:\(source)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
    }

    /// A backup taken while another process writes as fast as it can is a complete, consistent database.
    @Test(.enabled(if: TestDatabase.backend == .sqlite, "SQLite backups; PostgreSQL uses pg_dump"))
    func backupWhileAnotherProcessWritesIsConsistent() async throws {
        let source = TestDatabase.temporaryPath("live", ext: "sqlite")
        let copy = TestDatabase.temporaryPath("backup", ext: "sqlite")
        defer { TestDatabase.removeSQLite(source); TestDatabase.removeSQLite(copy) }
        let environment = ["DATABASE_URL": "sqlite:\(source)"]
        let migrated = try await HavenProcess.run(["migrate"], environment: environment)
        #expect(migrated.status == 0)

        let writer = try startWriter(database: source)
        defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }
        try await waitUntil { try await rowCount(source, "SELECT count(*) FROM backup_probe") > 200 }

        let result = try await HavenProcess.run(["backup", copy], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Backed up to \(copy)"))
        let copied = try await rowCount(copy, "SELECT count(*) FROM backup_probe")
        try await waitUntil { try await rowCount(source, "SELECT count(*) FROM backup_probe") > copied + 200 }
        // SIGKILL: the test process blocks SIGTERM (Dispatch's signal sources) and children inherit that mask.
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()

        let integrity = try await sqliteText(copy, "PRAGMA integrity_check")
        #expect(integrity == "ok")
        #expect(copied > 200, "the copy holds what was written before it")
        let lines = try await rowCount(copy, "SELECT count(*) FROM crisis_lines")
        #expect(lines == SeedCrisisLines.lines.count)
        // Each writer transaction inserts two rows; a consistent snapshot never holds half of one.
        #expect(copied % 2 == 0)
    }

    // MARK: helpers

    /// A separate process that writes to the database continuously, two rows per transaction.
    func startWriter(database: String) throws -> Process {
        let script = """
            import os, sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("CREATE TABLE IF NOT EXISTS backup_probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
            parent, deadline = os.getppid(), time.monotonic() + 60
            # Stops by itself after a minute, or as soon as the test process is gone.
            while time.monotonic() < deadline and os.getppid() == parent:
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO backup_probe (payload) VALUES (?)", ("x" * 200,))
                db.execute("INSERT INTO backup_probe (payload) VALUES (?)", ("y" * 200,))
                db.execute("COMMIT")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, database]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func sqliteText(_ path: String, _ sql: String) async throws -> String {
        try await withSQLite(path) { try await $0.query(sql).first?.columns.first?.data.string ?? "" }
    }

    func rowCount(_ path: String, _ sql: String) async throws -> Int {
        try await withSQLite(path) { try await $0.query(sql).first?.columns.first?.data.integer ?? -1 }
    }

    func withSQLite<T>(_ path: String, _ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            _ = try await connection.query("PRAGMA busy_timeout = 5000")
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Polls until `condition` holds (at most 30 s).
func waitUntil(_ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition not met within 30 s")
}

/// A GET to a server running in another process.
func httpGet(port: Int, path: String) async throws -> String {
    let response = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(port)\(path)").get()
    return response.body.map { String(buffer: $0) } ?? ""
}

/// Waits for a freshly started server to answer /healthz.
func waitForHealth(port: Int) async throws -> String {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if let body = try? await httpGet(port: port, path: "/healthz"), !body.isEmpty { return body }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw StartupError("the server did not answer /healthz within 60 s")
}
