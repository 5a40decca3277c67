import Fluent
import SQLKit
import Vapor

/// `haven backup PATH`: a consistent copy of the SQLite database, taken while the server keeps running.
///
/// `VACUUM INTO` reads one snapshot of the database (a read transaction, which in WAL mode never waits for
/// writers nor blocks them) and writes it as a new, compacted file.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "Where to write the copy; the file must not exist yet.")
        var path: String
    }

    var help: String { "Writes a consistent copy of the SQLite database to PATH while Haven keeps running." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard case .sqlite = app.havenConfig.database else {
            throw StartupError(
                "haven backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/OPERATIONS.md)")
        }
        let target = URL(fileURLWithPath: signature.path).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw StartupError("\(signature.path) already exists; choose a new file name so no backup is overwritten")
        }
        let started = ContinuousClock.now
        try await Backup.sqlite(into: target.path, on: app.db)
        let size = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
        context.console.print("Backed up to \(signature.path) (\(size / 1024) KiB) in \(started.duration(to: .now)).")
    }
}

enum Backup {
    static func sqlite(into path: String, on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { throw StartupError("the database does not speak SQL") }
        do {
            try await sql.raw("VACUUM INTO \(bind: path)").run()
        } catch {
            throw StartupError("the backup to \(path) failed: \(DatabaseErrors.describe(error))")
        }
    }
}
