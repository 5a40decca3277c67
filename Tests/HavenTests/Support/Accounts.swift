import Fluent
import Foundation
import Vapor

@testable import Haven

/// A signed-in browser, as far as a test needs one: the session cookie and the form token.
struct TestSession: Sendable {
    var cookie: String
    var csrfToken: String
}

extension TestApp {
    /// A password that passes the policy, used for every test account.
    static let password = "a long test passphrase"

    /// An account made straight in the database, verified unless told otherwise.
    @discardableResult
    func createUser(
        _ email: String, role: Role = .member, name: String? = nil, verified: Bool = true,
        password: String = TestApp.password
    ) async throws -> User {
        let user = User(
            email: email, displayName: name ?? String(email.split(separator: "@")[0]),
            passwordHash: try Passwords.hash(password), role: role)
        if verified { user.emailVerifiedAt = Date() }
        try await user.create(on: app.db)
        return user
    }

    /// A session made straight in the database (no password check, so no Bcrypt): for tests that need many.
    func session(for user: User) async throws -> TestSession {
        let cookie = try await Sessions.start(userID: user.requireID(), on: app.db)
        let row = try await UserSession.query(on: app.db).filter(\.$tokenHash == SecureToken.hash(cookie)).first()
        guard let row else { throw StartupError("session not stored") }
        return TestSession(cookie: cookie, csrfToken: row.csrfToken)
    }

    /// Signs in through the real form and reads the form token from the account page.
    func signIn(_ email: String, password: String = TestApp.password) async throws -> TestSession {
        let response = try await post("/sign-in", form: [("email", email), ("password", password)])
        guard response.status == .seeOther, let cookie = response.sessionCookie else {
            throw StartupError("sign-in as \(email) failed with \(response.status)")
        }
        let account = try await get("/account", headers: [("Cookie", "\(Sessions.cookieName)=\(cookie)")])
        guard let token = account.csrfToken else { throw StartupError("no form token on /account") }
        return TestSession(cookie: cookie, csrfToken: token)
    }

    func get(_ path: String, as session: TestSession?) async throws -> TestResponse {
        try await get(path, headers: session.map { [("Cookie", "\(Sessions.cookieName)=\($0.cookie)")] } ?? [])
    }

    /// A form POST as a browser on this site sends it: same-origin, and with the session's token if signed in.
    func post(
        _ path: String, form: [(String, String)] = [], as session: TestSession? = nil, token: Bool = true,
        headers extra: [(String, String)] = [("Origin", "")]
    ) async throws -> TestResponse {
        var fields = form
        if let session, token { fields.append((RequestForgeryMiddleware.formField, session.csrfToken)) }
        var headers: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded")]
        for (name, value) in extra { headers.append((name, name == "Origin" && value.isEmpty ? baseURL : value)) }
        if let session { headers.append(("Cookie", "\(Sessions.cookieName)=\(session.cookie)")) }
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: Self.urlEncoded(fields)))
    }

    static func urlEncoded(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}

extension TestResponse {
    /// The value of the `haven_session` cookie this response sets, if any.
    var sessionCookie: String? {
        headers[.setCookie].compactMap { header -> String? in
            guard header.hasPrefix(Sessions.cookieName + "=") else { return nil }
            return String(header.dropFirst(Sessions.cookieName.count + 1).prefix { $0 != ";" })
        }.first
    }

    var csrfToken: String? {
        text.firstMatch(of: #/name="csrf_token" value="([^"]+)"/#).map { String($0.output.1) }
    }
}
