import Fluent
import Vapor

/// Works out who is asking: a session cookie for pages, `Authorization: Bearer` for `/api/`. A request with
/// neither costs nothing (no database query, no cookie), so reading stays anonymous and fast.
struct AuthenticationMiddleware: AsyncMiddleware {
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if request.url.path.hasPrefix("/api/"), let bearer = request.headers.bearerAuthorization {
            request.viewer = try await APITokens.authenticate(bearer.token, on: request.db)
            return try await next.respond(to: request)
        }
        guard let token = request.cookies[Sessions.cookieName]?.string, !token.isEmpty else {
            return try await next.respond(to: request)
        }
        var staleCookie = true
        if let (session, user) = try await Sessions.find(token: token, on: request.db) {
            request.viewer = try Viewer(
                user: user, credential: .session(id: try session.requireID(), csrfToken: session.csrfToken))
            staleCookie = false
        }
        let response = try await next.respond(to: request)
        if staleCookie && response.cookies[Sessions.cookieName] == nil {
            response.cookies[Sessions.cookieName] = Sessions.expiredCookie(secure: secureCookies)
        }
        return response
    }
}

/// Personal API tokens: `haven_` and a random secret, shown once, stored as a hash.
enum APITokens {
    static let prefix = "haven_"

    static func make() -> String { prefix + SecureToken.make() }

    /// The token's person, if the token is live and its person may still use the API.
    static func authenticate(_ token: String, on db: Database, now: Date = Date()) async throws -> Viewer {
        guard
            let record = try await APIToken.query(on: db)
                .filter(\.$tokenHash == SecureToken.hash(token))
                .filter(\.$revokedAt == nil)
                .with(\.$user)
                .first(),
            Access.apiTokens.allows(record.user.role)
        else {
            throw Abort(.unauthorized, reason: "The API token is not valid: it may have been revoked.")
        }
        if record.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = now
            try await record.update(on: db)
        }
        return try Viewer(user: record.user, credential: .apiToken(id: try record.requireID()))
    }
}
