import Fluent
import Vapor

/// Signed-in sessions: a random cookie value in the browser, its hash in the `sessions` table.
///
/// The cookie has no expiry date, so it goes when the browser closes: people use shared and watched
/// devices. On the server a session ends after 14 days without use, at sign-out, or when the password
/// is reset.
enum Sessions {
    static let cookieName = "haven_session"
    static let idleLifetime: TimeInterval = 14 * 24 * 3600
    /// `last_seen_at` is written at most this often, so reading pages does not mean writing rows.
    static let touchInterval: TimeInterval = 300

    /// A new session (and so a new id, whatever the browser held before) for a person who just proved who
    /// they are. Returns the cookie value; only its hash is stored.
    static func start(userID: UUID, on db: Database, now: Date = Date()) async throws -> String {
        let token = SecureToken.make()
        let session = UserSession(
            tokenHash: SecureToken.hash(token), userID: userID, csrfToken: SecureToken.make(), now: now,
            expiresAt: now.addingTimeInterval(idleLifetime))
        try await session.create(on: db)
        return token
    }

    /// The live session and its person for a cookie value, or nil.
    static func find(token: String, on db: Database, now: Date = Date()) async throws -> (UserSession, User)? {
        // One query for both (a join, not Fluent's eager load, which takes a second).
        guard
            let session = try await UserSession.query(on: db)
                .join(User.self, on: \UserSession.$user.$id == \User.$id)
                .filter(\.$tokenHash == SecureToken.hash(token))
                .filter(\.$expiresAt > now)
                .first()
        else { return nil }
        let user = try session.joined(User.self)
        if now.timeIntervalSince(session.lastSeenAt) > touchInterval {
            session.lastSeenAt = now
            session.expiresAt = now.addingTimeInterval(idleLifetime)
            try await session.update(on: db)
        }
        return (session, user)
    }

    static func end(sessionID: UUID, on db: Database) async throws {
        try await UserSession.query(on: db).filter(\.$id == sessionID).delete()
    }

    /// Ends every session of a person (after a password reset), except optionally the one in use.
    static func endAll(userID: UUID, except keep: UUID? = nil, on db: Database) async throws {
        let query = UserSession.query(on: db).filter(\.$user.$id == userID)
        if let keep { query.filter(\.$id != keep) }
        try await query.delete()
    }

    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredCookie(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, isSecure: secure,
            isHTTPOnly: true, sameSite: .lax)
    }
}
