import Vapor

/// Who may use a route. This file and `AccessGuard` are the one place that decides who may do what;
/// handlers never check roles themselves. The authorization matrix test checks every route against it.
enum Access: String, Sendable {
    /// Anyone, signed in or not.
    case anyone
    /// Only people who are not signed in (sign-up, sign-in): a signed-in person is sent to their account.
    case signedOut
    case signedIn
    case moderator
    case organizer
    case admin

    func allows(_ role: Role) -> Bool {
        switch self {
        case .anyone, .signedIn, .signedOut: true
        case .moderator: role == .moderator || role == .admin
        case .organizer: role == .organizer || role == .admin
        case .admin: role == .admin
        }
    }

    /// The roles that may create API tokens.
    static let apiTokens: Access = .organizer
}

/// Enforces an `Access` on a group of routes. A person who is not signed in is sent to sign in (pages) or
/// told 401 (API); a signed-in person without the role gets 403.
struct AccessGuard: AsyncMiddleware {
    let access: Access

    init(_ access: Access) { self.access = access }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        switch (access, request.viewer) {
        case (.anyone, _), (.signedOut, nil):
            return try await next.respond(to: request)
        case (.signedOut, .some):
            return request.redirect(to: SiteURL.account.path, redirectType: .normal)
        case (_, nil):
            if request.url.path.hasPrefix("/api/") || request.method != .GET {
                throw Abort(.unauthorized, reason: "Sign in to do this.")
            }
            return request.redirect(
                to: SiteURL.signIn.path(query: [("next", request.url.string)]), redirectType: .normal)
        case (_, .some(let viewer)):
            guard access.allows(viewer.role) else {
                throw Abort(.forbidden, reason: "Your account does not have access to this page.")
            }
            return try await next.respond(to: request)
        }
    }
}
