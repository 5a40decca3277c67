import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HomeController())
    try app.register(collection: HelpController())
    try app.register(collection: HealthController())
    try app.register(collection: SignInController())
    try app.register(collection: AccountController())
    try app.register(collection: ModerationController())
    try app.register(collection: AdminController())
    try app.register(collection: OrganizationsController())
    try app.register(collection: AccountAPIController())
    try app.register(collection: DirectoryController())
    try app.register(collection: DirectoryManageController())
    try app.register(collection: HSDSAPIController())
    try app.register(collection: APIDocumentController.load(from: app.directory.resourcesDirectory))
    if Environment.get("HAVEN_BENCHMARK_ROUTE") == "1" {
        app.get(SiteURL.benchmarkCeiling.pathComponents) { _ in "ok" }
    }
}
