import Vapor

/// Who is making a request: a signed-in person (by session cookie) or an API client (by bearer token).
struct Viewer: Sendable {
    var userID: UUID
    var displayName: String
    var email: String
    var role: Role
    var language: String
    var emailVerified: Bool
    /// How the request was authenticated; a bearer token carries no ambient authority, a cookie does.
    var credential: Credential

    enum Credential: Sendable {
        case session(id: UUID, csrfToken: String)
        case apiToken(id: UUID)
    }

    var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }

    var sessionID: UUID? {
        if case .session(let id, _) = credential { return id }
        return nil
    }

    init(user: User, credential: Credential) throws {
        userID = try user.requireID()
        displayName = user.displayName
        email = user.email
        role = user.role
        language = user.language
        emailVerified = user.emailVerifiedAt != nil
        self.credential = credential
    }
}

extension Request {
    private struct ViewerKey: StorageKey { typealias Value = Viewer }

    /// Set by `AuthenticationMiddleware`; nil for people who are not signed in.
    var viewer: Viewer? {
        get { storage[ViewerKey.self] }
        set { storage[ViewerKey.self] = newValue }
    }

    /// The signed-in person; routes behind an `AccessGuard` may rely on it.
    func requireViewer() throws -> Viewer {
        guard let viewer else { throw Abort(.unauthorized) }
        return viewer
    }
}
