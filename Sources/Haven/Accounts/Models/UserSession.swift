import Fluent
import Foundation

/// A signed-in browser. Kept in the database so every app server behind one PostgreSQL knows it. Only a
/// hash of the cookie's value is stored: a copy of the database does not let anyone sign in as anyone.
final class UserSession: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    /// Bound to this session; every form a signed-in person submits carries it.
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(tokenHash: String, userID: UUID, csrfToken: String, now: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
    }
}
