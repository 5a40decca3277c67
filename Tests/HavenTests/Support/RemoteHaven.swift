import Foundation
import NIOCore
import NIOPosix
import Vapor

@testable import Haven

/// A `haven serve` process on its own port, and a client that talks to it as a browser on the site would:
/// no redirects followed, form posts from the same origin, the session cookie when given.
struct RemoteHaven: Sendable {
    let running: HavenProcess.Running
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static let client = HTTPClient(
        eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    /// Starts a server on `database`; extra environment (SMTP_URL, HAVEN_MAIL_WORKER, …) as given.
    static func start(database: HavenConfig.DatabaseLocation, environment extra: [String: String] = [:]) async throws
        -> RemoteHaven
    {
        let port = try await HavenProcess.freePort()
        var environment = [
            "DATABASE_URL": TestDatabase.environmentValue(database),
            "HAVEN_BASE_URL": "http://127.0.0.1:\(port)",
            "LOG_LEVEL": "warning",
        ]
        environment.merge(extra) { $1 }
        let running = try HavenProcess.start(["serve", "--port", String(port)], environment: environment)
        _ = try await waitForHealth(port: port)
        return RemoteHaven(running: running, port: port)
    }

    struct Response {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var text: String

        var sessionCookie: String? {
            headers["Set-Cookie"].compactMap { header -> String? in
                guard header.hasPrefix("haven_session=") else { return nil }
                return String(header.dropFirst("haven_session=".count).prefix { $0 != ";" })
            }.first
        }

        var csrfToken: String? {
            text.firstMatch(of: #/name="csrf_token" value="([^"]+)"/#).map { String($0.output.1) }
        }
    }

    func get(_ path: String, cookie: String? = nil) async throws -> Response {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: "Cookie", value: "haven_session=\(cookie)") }
        return try await send(try HTTPClient.Request(url: baseURL + path, method: .GET, headers: headers))
    }

    func post(_ path: String, form: [(String, String)], cookie: String? = nil) async throws -> Response {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        headers.add(name: "Origin", value: baseURL)
        if let cookie { headers.add(name: "Cookie", value: "haven_session=\(cookie)") }
        return try await send(
            try HTTPClient.Request(
                url: baseURL + path, method: .POST, headers: headers, body: .string(TestApp.urlEncoded(form))))
    }

    private func send(_ request: HTTPClient.Request) async throws -> Response {
        let response = try await Self.client.execute(request: request, deadline: .now() + .seconds(30)).get()
        return Response(
            status: response.status, headers: response.headers, text: response.body.map { String(buffer: $0) } ?? "")
    }

    func kill() { running.kill() }
    func stop() { running.stop() }
}

/// An Application on an existing test database, for reading and writing rows around processes under test.
func withDatabase<T: Sendable>(_ location: HavenConfig.DatabaseLocation, _ body: (Application) async throws -> T)
    async throws -> T
{
    let app = try await TestApp.makeApplication(config: HavenConfig(database: location))
    do {
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}
