import Fluent
import Foundation
import Vapor

/// `haven directory import PATH [--skip-invalid]`, `haven directory export PATH`,
/// and `haven directory places FILE` (GeoNames postal codes). Progress goes to standard output, problems
/// to standard error, one `file:line: field: problem` a line.
struct DirectoryCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "import, export or places")
        var action: String
        @Argument(
            name: "path",
            help:
                "The data package folder, JSON or ndjson file (import), the folder to write (export), or the GeoNames file (places)."
        )
        var path: String
        @Flag(
            name: "skip-invalid",
            help: "Import the valid rows and report the ones left out, instead of importing nothing.")
        var skipInvalid: Bool
    }

    var help: String {
        "Imports or exports the directory as HSDS 3.1 (haven directory import|export PATH), imports places (haven directory places FILE)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let console = context.console
        try await HavenMigrations.migrate(app)
        switch signature.action {
        case "import":
            try await importData(app: app, console: console, path: signature.path, skipInvalid: signature.skipInvalid)
        case "export":
            let started = Date()
            let counts = try await DirectoryExport.write(to: signature.path, from: app.db) { console.print($0) }
            console.print(
                "Exported \(counts["service", default: 0]) services (\(counts.values.reduce(0, +)) rows) to \(signature.path) in \(Self.seconds(since: started))."
            )
        case "places":
            guard let text = try? String(contentsOfFile: signature.path, encoding: .utf8) else {
                throw StartupError("cannot read \(signature.path) as UTF-8 text")
            }
            do {
                let count = try await Places.load(text, on: app.db)
                console.print("Imported \(count) places from \(signature.path).")
            } catch let error as Places.ParseError {
                throw StartupError("\(signature.path):\(error.line): \(error.problem); nothing was imported")
            }
        default:
            throw StartupError("unknown action \"\(signature.action)\": use import, export or places")
        }
    }

    func importData(app: Application, console: Console, path: String, skipInvalid: Bool) async throws {
        let started = Date()
        var parsed: DirectoryImport.Parsed
        do {
            parsed = try DirectoryImport.read(path: path)
        } catch let error as ImportError {
            throw StartupError(error.description)
        }
        console.print("Read \(parsed.rowCount) rows from \(path) in \(Self.seconds(since: started)).")
        let store = HSDSStore(app.db)
        try await DirectoryImport.check(&parsed) { resource, ids in
            Set(try await store.rows(.named(resource), in: ids).compactMap { $0["id"]?.uuid })
        }
        console.print("Checked them in \(Self.seconds(since: started)).")
        let problems = parsed.problems.sorted { ($0.source.file, $0.source.line) < ($1.source.file, $1.source.line) }
        for warning in parsed.warnings { console.print("warning: \(warning)") }
        for problem in problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
        if !problems.isEmpty && !skipInvalid {
            throw StartupError(
                "\(problems.count) problems found; nothing was imported (fix them, or use --skip-invalid to import the rest)"
            )
        }
        let summary = try await DirectoryImport.write(
            parsed, on: app.db, taxonomy: app.defaultTaxonomy, timeZone: app.havenConfig.timeZone
        ) { console.print($0) }
        app.directoryFacets.forget()
        let skipped = problems.isEmpty ? "" : "; skipped the rows with the \(problems.count) problems above"
        console.print(
            "Imported \(summary.rows["service", default: 0]) services (\(summary.rows.values.reduce(0, +)) rows) in \(Self.seconds(since: started))\(skipped)."
        )
    }

    static func seconds(since start: Date) -> String {
        String(format: "%.1f s", Date().timeIntervalSince(start))
    }
}
