import Foundation
import Haven
import NIOCore
import NIOPosix
import Vapor

/// The package root, where `Resources/` and `Public/` are.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A Haven application configured as in production, on its own fresh database, served on a free loopback
/// port and spoken to over real HTTP.
struct TestApp: Sendable {
    let app: Application
    let baseURL: String
    let config: HavenConfig

    static func makeApplication(config: HavenConfig) async throws -> Application {
        let app = try await Application.make(.testing)
        // Migrations and requests log at info; the suite's output should show failures, not traffic.
        app.logger.logLevel = .warning
        app.directory = DirectoryConfiguration(workingDirectory: packageRoot.path + "/")
        // Tests check redirects themselves (303 to sign in, to the account page).
        app.http.client.configuration.redirectConfiguration = .disallow
        do {
            try await configure(app, config: config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await send(.GET, path, headers: headers)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: ByteBuffer? = nil)
        async throws -> TestResponse
    {
        let response = try await app.client.send(method, headers: HTTPHeaders(headers), to: URI(string: baseURL + path))
        {
            request in
            if let body { request.body = body }
        }
        return TestResponse(
            status: response.status, headers: response.headers,
            text: response.body.map { String(buffer: $0) } ?? "")
    }
}

struct TestResponse: Sendable {
    var status: HTTPStatus
    var headers: HTTPHeaders
    var text: String

    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// Runs `body` against a started Haven on a fresh, migrated database; tears everything down afterwards.
/// `adjust` changes the configuration first (country, base URL, ...); `setUp` runs before the server starts,
/// for tests that add routes.
func withApp(
    _ adjust: (inout HavenConfig) -> Void = { _ in },
    database: TestDatabase.Instance? = nil,
    setUp: (Application) throws -> Void = { _ in },
    _ body: (TestApp) async throws -> Void
) async throws {
    let instance: TestDatabase.Instance
    if let database { instance = database } else { instance = try await TestDatabase.migrated() }
    var config = HavenConfig(database: instance.location)
    adjust(&config)
    let app = try await TestApp.makeApplication(config: config)
    do {
        try setUp(app)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw StartupError("no port") }
        try await body(TestApp(app: app, baseURL: "http://127.0.0.1:\(port)", config: config))
    } catch {
        await app.server.shutdown()
        try? await app.asyncShutdown()
        try? await instance.drop()
        throw error
    }
    await app.server.shutdown()
    try await app.asyncShutdown()
    try await instance.drop()
}
