import Fluent
import SQLKit
import Vapor

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct HealthController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.healthz.pathComponents, use: Self.health)
        routes.get(SiteURL.metrics.pathComponents, use: Self.metrics)
    }

    struct Status: Content {
        var status: String
    }

    static func health(req: Request) async throws -> Response {
        let ping = await DatabasePing.run(on: req.db)
        let status: HTTPStatus = ping == nil ? .serviceUnavailable : .ok
        let response = Response(status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        try response.content.encode(Status(status: ping == nil ? "unavailable" : "ok"), as: .json)
        return response
    }

    static func metrics(req: Request) async throws -> Response {
        let config = req.application.havenConfig
        let ping = await DatabasePing.run(on: req.db)
        let driver =
            switch config.database {
            case .sqlite: "sqlite"
            case .postgres: "postgres"
            }
        let gauges: [MetricsRegistry.Gauge] = [
            .init(
                name: "haven_database_up", help: "1 when the database answered a query just now, else 0.",
                labels: [("driver", driver)], value: ping == nil ? 0 : 1),
            .init(
                name: "haven_database_ping_seconds", help: "How long the database took to answer SELECT 1.",
                labels: [("driver", driver)], value: ping ?? 0),
            .init(
                name: "haven_database_pool_connections_max",
                help: "Connections the pool may open: per event loop times event loops.",
                labels: [("driver", driver)], value: Double(req.application.databasePoolSize)),
        ]
        let body = req.application.metrics.render(gauges: gauges)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}

enum DatabasePing {
    /// Seconds `SELECT 1` took, or nil when the database did not answer within the timeout.
    static func run(on database: Database, timeout: Duration = .seconds(3)) async -> Double? {
        guard let sql = database as? SQLDatabase else { return nil }
        let start = ContinuousClock.now
        let answered = await Deadline.run(within: timeout) { try await sql.raw("SELECT 1").run() } != nil
        guard answered else { return nil }
        let elapsed = start.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
