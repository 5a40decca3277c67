import Vapor

/// Refuses state-changing requests that did not come from Haven's own pages, before any handler runs.
///
/// Two checks, both needed: the browser must say the request is same-origin (`Sec-Fetch-Site`, or `Origin`
/// where that is missing), and a signed-in person's request must carry the token bound to their session
/// (form field `csrf_token` or header `X-CSRF-Token`). API clients that authenticate with a bearer token
/// carry no ambient authority a foreign page could borrow, so only the first check applies when a browser
/// sends those headers.
struct RequestForgeryMiddleware: AsyncMiddleware {
    static let formField = "csrf_token"
    static let header = "X-CSRF-Token"

    /// The deployment's configured origin (`HAVEN_BASE_URL`), if any.
    let baseOrigin: String?
    let maxBodyBytes: Int

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if [.GET, .HEAD, .OPTIONS].contains(request.method) { return try await next.respond(to: request) }
        guard comesFromOwnOrigin(request) else {
            throw Abort(.forbidden, reason: "This form was sent from another site, so it was not accepted.")
        }
        if let expected = request.viewer?.csrfToken {
            let sent = try await submittedToken(request)
            guard let sent, SecureToken.constantTimeEqual(sent, expected) else {
                throw Abort(
                    .forbidden,
                    reason:
                        "This form has expired or was not sent from this site. Go back, reload the page and try again.")
            }
        }
        return try await next.respond(to: request)
    }

    private func comesFromOwnOrigin(_ request: Request) -> Bool {
        if let site = request.headers.first(name: "Sec-Fetch-Site") {
            return site == "same-origin"
        }
        if let origin = request.headers.first(name: .origin) {
            return isOwn(origin: origin, host: request.headers.first(name: .host))
        }
        // Every browser sends one of the two on a POST; what sends neither is a program, which may act only
        // with a bearer token.
        if case .apiToken = request.viewer?.credential { return true }
        return false
    }

    func isOwn(origin: String, host: String?) -> Bool {
        let origin = origin.lowercased()
        if let baseOrigin, origin == baseOrigin { return true }
        guard let url = URL(string: origin), let originHost = url.host, let host = host?.lowercased() else {
            return false
        }
        let defaultPort = url.scheme == "https" ? 443 : 80
        let originAuthority = "\(originHost):\(url.port ?? defaultPort)"
        let hostAuthority = host.contains(":") ? host : "\(host):\(defaultPort)"
        return originAuthority == hostAuthority
    }

    private func submittedToken(_ request: Request) async throws -> String? {
        if let header = request.headers.first(name: Self.header) { return header }
        _ = try await request.body.collect(max: maxBodyBytes).get()
        return try? request.content.get(String.self, at: Self.formField)
    }
}

extension HavenConfig {
    /// `scheme://host[:port]` of the base URL, as browsers write it in `Origin`.
    var baseOrigin: String? {
        guard let baseURL, let scheme = baseURL.scheme, let host = baseURL.host else { return nil }
        return (baseURL.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)").lowercased()
    }
}
