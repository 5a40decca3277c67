import Vapor

/// Times every request, counts it in the metrics by route pattern (never the raw path, which could hold
/// personal data and would make the series unbounded) and writes one structured access-log line holding
/// no address, query, header or body.
struct RequestObservationMiddleware: AsyncMiddleware {
    let metrics: MetricsRegistry

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // The error middleware sits inside this one, so this only happens if it failed itself.
            observe(request, status: 500, since: start)
            throw error
        }
        observe(request, status: Int(response.status.code), since: start)
        return response
    }

    private func observe(_ request: Request, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = Self.routeLabel(for: request, status: status)
        metrics.record(method: request.method.rawValue, route: route, status: status, seconds: seconds)
        request.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(status),
                "duration_ms": .stringConvertible(Double((seconds * 100_000).rounded()) / 100),
            ])
    }

    /// The route pattern (`/directory/services/:id`), or `static` for files, or `unmatched`.
    static func routeLabel(for request: Request, status: Int) -> String {
        if let route = request.route {
            return "/" + route.path.map(\.description).joined(separator: "/")
        }
        return status == 404 || status == 405 ? "unmatched" : "static"
    }
}
