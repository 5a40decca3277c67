import Fluent
import Vapor

/// Sets up a Haven application: database, migrations, strings, middleware, routes and commands.
///
/// Connects to SQLite at once (to open it for a web server) but not to PostgreSQL, so a server whose
/// database is down still starts, answers `/healthz` with 503 and shows crisis lines.
public func configure(_ app: Application, config: HavenConfig) async throws {
    app.havenConfig = config
    app.metrics = MetricsRegistry()
    app.crisisLines = CrisisLineCatalog()
    app.pageCache = RenderedPageCache()
    app.installationSecret = InstallationSecret()
    app.moderationKinds = ModerationKinds()
    app.moderationKinds.register(DirectoryCorrections.moderationKind)
    app.directoryFacets = DirectoryFacets()

    let locales = URL(fileURLWithPath: app.directory.resourcesDirectory).appendingPathComponent("Locales")
    do {
        app.localization = try Localization.load(from: locales)
    } catch {
        throw StartupError("cannot read the string catalogs in \(locales.path): \(error)")
    }

    let passwords = URL(fileURLWithPath: app.directory.resourcesDirectory).appendingPathComponent(
        "Security/common-passwords.txt")
    do {
        app.passwordPolicy = try PasswordPolicy.load(from: passwords)
    } catch {
        throw StartupError("cannot read the common-password list \(passwords.path): \(error)")
    }
    do {
        app.defaultTaxonomy = try DefaultTaxonomy.load(resources: app.directory.resourcesDirectory)
    } catch {
        throw StartupError("cannot read the directory's taxonomy Resources/Directory/taxonomy.json: \(error)")
    }
    if let smtp = config.smtp {
        app.outboxWorker = OutboxWorker(
            settings: .init(smtp: smtp, from: config.mailFrom, fromName: "Haven", trustRoots: config.smtpTrustRoots))
    }

    try await DatabaseSetup.use(config.database, on: app)
    HavenMigrations.register(on: app)

    // Outermost first: observe every request (even failed ones), add security headers to every response
    // (error pages too), turn errors into pages, refuse oversized bodies, then static files, then routes.
    app.middleware = Middlewares()
    app.middleware.use(RequestObservationMiddleware(metrics: app.metrics))
    app.middleware.use(SecurityHeadersMiddleware(strictTransportSecurity: config.isHTTPS))
    app.middleware.use(ErrorMiddleware())
    app.middleware.use(BodyLimitMiddleware(maxBytes: config.maxBodyBytes))
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    // Who is asking (session cookie or API token), then refuse forged state changes before any handler runs.
    app.middleware.use(AuthenticationMiddleware(secureCookies: config.isHTTPS))
    app.middleware.use(RequestForgeryMiddleware(baseOrigin: config.baseOrigin, maxBodyBytes: config.maxBodyBytes))
    app.routes.defaultMaxBodySize = ByteCount(value: config.maxBodyBytes)
    app.http.server.configuration.hostname = "127.0.0.1"
    app.http.server.configuration.port = 8080
    app.http.server.configuration.serverName = nil

    try routes(app)

    app.asyncCommands.use(MigratingServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(DirectoryCommand(), as: "directory")
}
