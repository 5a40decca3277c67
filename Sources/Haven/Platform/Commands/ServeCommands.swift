import Vapor

/// `haven serve [--hostname H] [--port P]`: migrates (idempotent), then serves.
struct MigratingServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "The address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "The port to listen on (default 8080).")
        var port: Int?
        @Option(name: "bind", short: "b", help: "hostname:port in one.")
        var bind: String?
    }

    var help: String { "Migrates the database if needed, then serves Haven over HTTP." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await HavenMigrations.migrate(app)
        try await app.serve(hostname: signature.hostname, port: signature.port, bind: signature.bind)
    }
}

/// `haven demo`: migrates, loads the demo data into an empty database, serves on 127.0.0.1:8080.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "The address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "The port to listen on (default 8080).")
        var port: Int?
    }

    var help: String { "Migrates, loads demo data into an empty database and serves on 127.0.0.1:8080." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await HavenMigrations.migrate(app)
        let loaded = try await DemoData.loadIfEmpty(
            on: app.db, context: .init(resources: app.directory.resourcesDirectory, taxonomy: app.defaultTaxonomy),
            logger: app.logger)
        if !loaded.isEmpty {
            context.console.print("Loaded demo data: \(loaded.joined(separator: ", ")).")
        }
        if loaded.contains(DemoAccounts.loader.name) {
            let emails = DemoAccounts.accounts.map(\.email).joined(separator: ", ")
            context.console.print("Demo accounts (password \"\(DemoAccounts.password)\"): \(emails).")
            context.console.print(
                "No SMTP_URL is set, so mail stays in the outbox: sign in as admin and open Admin → Mail outbox.")
        }
        let hostname = signature.hostname ?? "127.0.0.1"
        let port = signature.port ?? 8080
        context.console.print("Haven is running at http://\(hostname):\(port)/ — press Ctrl-C to stop.")
        try await app.serve(hostname: hostname, port: port, bind: nil)
    }
}

/// `haven migrate`: runs pending migrations and says which.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Runs every migration that has not run yet (serve and demo do this too)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let ran = try await HavenMigrations.migrate(context.application)
        context.console.print(ran.isEmpty ? "The database is up to date." : "Migrated: \(ran.joined(separator: ", ")).")
    }
}

extension Application {
    /// Starts Vapor's HTTP server the way `vapor serve` would (signals, graceful shutdown).
    func serve(hostname: String?, port: Int?, bind: String?) async throws {
        var arguments = ["haven"]
        if let hostname { arguments += ["--hostname", hostname] }
        if let port { arguments += ["--port", String(port)] }
        if let bind { arguments += ["--bind", bind] }
        var context = CommandContext(console: console, input: CommandInput(arguments: arguments))
        context.application = self
        if let worker = outboxWorker, havenConfig.runsMailWorker {
            worker.start(database: { [unowned self] in self.db }, logger: logger)
            lifecycle.use(OutboxWorkerLifecycle(worker: worker))
        }
        Housekeeping.start(on: self)
        try await servers.asyncCommand.run(using: &context)
    }
}

/// Stops the mail worker when the server shuts down, after the batch in hand.
private struct OutboxWorkerLifecycle: LifecycleHandler {
    let worker: OutboxWorker

    func shutdownAsync(_ application: Application) async { await worker.stop() }
}
