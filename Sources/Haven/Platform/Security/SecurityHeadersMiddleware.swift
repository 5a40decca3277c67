import Vapor

/// Adds the headers that keep every response on Haven's own origin and out of other sites' reach.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// Nothing loads from another origin and no inline script runs.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    /// Added to every response; built once, since this runs on every request.
    let headers: [(String, String)]

    init(strictTransportSecurity: Bool) {
        var headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), payment=(), interest-cohort=()"),
        ]
        if strictTransportSecurity {
            headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        }
        self.headers = headers
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        // A page someone read on a shared device should not be left in its disk cache for the next person.
        if response.headers.first(name: .contentType)?.hasPrefix("text/html") == true {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
