import Fluent
import Foundation
import Testing
import Vapor

@testable import Haven

/// State changes must come from Haven's own pages: the browser says so (`Sec-Fetch-Site`, or `Origin`),
/// and a signed-in person's form carries the token bound to their session. Whatever fails gets 403 and
/// changes nothing.
@Suite("Cross-site request forgery")
struct RequestForgeryTests {
    /// Every POST route a signed-in person can reach, with a form that would change something.
    static func signedInForms(itemID: UUID, memberID: UUID) -> [(String, [(String, String)])] {
        [
            ("/account/profile", [("display_name", "Changed")]),
            ("/account/email", [("new_email", "new@forgery.test"), ("current_password_email", TestApp.password)]),
            (
                "/account/password",
                [("current_password", TestApp.password), ("new_password", "another long passphrase")]
            ),
            ("/account/delete", [("password", TestApp.password)]),
            ("/account/tokens", [("name", "forged")]),
            ("/account/verify/resend", []),
            ("/report", [("kind", "note"), ("subject", "1"), ("reason", "spam")]),
            ("/moderation/\(itemID)/hide", []),
            ("/admin/people/\(memberID)/role", [("role", "admin")]),
            ("/sign-out", []),
        ]
    }

    /// What a forged request could change, read straight from the database.
    static func snapshot(_ app: TestApp) async throws -> [String] {
        let users = try await User.query(on: app.app.db).sort(\.$email).all()
            .map { "\($0.email)|\($0.displayName)|\($0.role)|\($0.passwordHash)" }
        let counts = [
            "sessions \(try await UserSession.query(on: app.app.db).count())",
            "tokens \(try await APIToken.query(on: app.app.db).count())",
            "mail \(try await OutboxMail.query(on: app.app.db).count())",
            "open items \(try await ModerationItem.query(on: app.app.db).filter(\.$status == .open).count())",
            "audit \(try await AuditEntry.query(on: app.app.db).count())",
        ]
        return users + counts
    }

    @Test func signedInFormsWithoutTheirTokenAreRefusedAndChangeNothing() async throws {
        try await withApp { app in
            let admin = try await app.createUser("admin@forgery.test", role: .admin)
            let member = try await app.createUser("member@forgery.test")
            let item = try await ModerationQueue(db: app.app.db, kinds: app.app.moderationKinds).submit(
                kind: "note", subjectID: "1", reason: .spam, details: "", priority: .normal)
            let session = try await app.session(for: admin)
            let before = try await Self.snapshot(app)
            for (path, form) in Self.signedInForms(itemID: try item.requireID(), memberID: try member.requireID()) {
                let missing = try await app.post(path, form: form, as: session, token: false)
                #expect(missing.status == .forbidden, "\(path) without token")
                let wrong = try await app.post(
                    path, form: form + [("csrf_token", "not-the-token")], as: session, token: false)
                #expect(wrong.status == .forbidden, "\(path) with a wrong token")
            }
            #expect(try await Self.snapshot(app) == before)
            // The same form with its token goes through, so the 403s above were the token's doing.
            let real = try await app.post("/account/profile", form: [("display_name", "Changed")], as: session)
            #expect(real.status == .seeOther)
        }
    }

    @Test func foreignOriginsAreRefusedForEveryoneAndChangeNothing() async throws {
        try await withApp { app in
            let admin = try await app.createUser("admin@forgery.test", role: .admin)
            let member = try await app.createUser("member@forgery.test")
            let item = try await ModerationQueue(db: app.app.db, kinds: app.app.moderationKinds).submit(
                kind: "note", subjectID: "1", reason: .spam, details: "", priority: .normal)
            let session = try await app.session(for: admin)
            let before = try await Self.snapshot(app)
            let foreign: [[(String, String)]] = [
                [("Origin", "https://evil.example")],
                [("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example")],
                // Sec-Fetch-Site wins over an Origin that looks right.
                [("Sec-Fetch-Site", "cross-site"), ("Origin", app.baseURL)],
                [("Sec-Fetch-Site", "same-site")],
                [("Origin", "null")],
                // Neither header, and no bearer token: not a browser on this site.
                [],
            ]
            for headers in foreign {
                for (path, form) in Self.signedInForms(itemID: try item.requireID(), memberID: try member.requireID()) {
                    let response = try await app.post(path, form: form, as: session, headers: headers)
                    #expect(response.status == .forbidden, "\(path) \(headers)")
                }
                // Anonymous forms too: sign-up, sign-in, password reset.
                let signUp = try await app.post(
                    "/sign-up",
                    form: [("display_name", "X"), ("email", "x@forgery.test"), ("password", TestApp.password)],
                    headers: headers)
                #expect(signUp.status == .forbidden)
                let signIn = try await app.post(
                    "/sign-in", form: [("email", "admin@forgery.test"), ("password", TestApp.password)],
                    headers: headers)
                #expect(signIn.status == .forbidden)
                #expect(signIn.sessionCookie == nil)
                let reset = try await app.post(
                    "/password/forgot", form: [("email", "admin@forgery.test")], headers: headers)
                #expect(reset.status == .forbidden)
            }
            #expect(try await Self.snapshot(app) == before)
        }
    }

    @Test func sameOriginSpelledEitherWayIsAccepted() async throws {
        try await withApp { app in
            try await app.createUser("member@forgery.test")
            for headers in [[("Sec-Fetch-Site", "same-origin")], [("Origin", app.baseURL)]] {
                let response = try await app.post(
                    "/sign-in", form: [("email", "member@forgery.test"), ("password", TestApp.password)],
                    headers: headers)
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test func originMatchingIgnoresDefaultPortsAndCase() {
        let check = RequestForgeryMiddleware(baseOrigin: "https://help.example.org", maxBodyBytes: 1024)
        #expect(check.isOwn(origin: "https://help.example.org", host: "internal:8080"))
        #expect(check.isOwn(origin: "HTTP://Example.org", host: "example.org"))
        #expect(check.isOwn(origin: "http://example.org:80", host: "example.org"))
        #expect(check.isOwn(origin: "http://127.0.0.1:8080", host: "127.0.0.1:8080"))
        #expect(!check.isOwn(origin: "http://127.0.0.1:9090", host: "127.0.0.1:8080"))
        #expect(!check.isOwn(origin: "https://help.example.org.evil.example", host: "help.example.org"))
        #expect(!check.isOwn(origin: "null", host: "example.org"))
    }
}
