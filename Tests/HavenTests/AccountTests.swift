import Fluent
import Foundation
import Testing
import Vapor

@testable import Haven

@Suite("Accounts")
struct AccountTests {
    static func mails(_ app: TestApp, to recipient: String) async throws -> [OutboxMail] {
        try await OutboxMail.query(on: app.app.db).filter(\.$recipient == recipient).sort(\.$createdAt).all()
    }

    static func token(in mail: OutboxMail) -> String? {
        mail.textBody.firstMatch(of: #/token=([A-Za-z0-9_-]+)/#).map { String($0.output.1) }
    }

    @Test func signUpShowsEachProblemNextToItsFieldAndKeepsWhatWasTyped() async throws {
        try await withApp { app in
            let response = try await app.post(
                "/sign-up", form: [("display_name", "River <3"), ("email", "not-an-address"), ("password", "short")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains(#"value="River &lt;3""#))
            let hostile = try await app.post(
                "/sign-up",
                form: [("display_name", #""><script>x()</script>"#), ("email", #"a"@b"#), ("password", "x")])
            #expect(hostile.text.contains(#"value="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;""#))
            #expect(!hostile.text.contains("<script>x()"))
            #expect(response.text.contains(#"value="not-an-address""#))
            #expect(response.text.contains("Enter an email address in the form name@example.org."))
            #expect(response.text.contains("Use at least 10 characters for the password."))
            #expect(response.text.contains(#"aria-invalid="true""#))
            #expect(!response.text.contains(#"value="short""#))
            #expect(try await User.query(on: app.app.db).count() == 0)
            #expect(try await OutboxMail.query(on: app.app.db).count() == 0)

            let common = try await app.post(
                "/sign-up",
                form: [("display_name", "River"), ("email", "river@example.org"), ("password", "Password1234")])
            #expect(common.status == .unprocessableEntity)
            #expect(common.text.contains("one of the most common"))
            let repeated = try await app.post(
                "/sign-up",
                form: [("display_name", "River"), ("email", "river@example.org"), ("password", "abababababab")])
            #expect(repeated.text.contains("one of the most common"))
        }
    }

    @Test func signUpWritesTheAccountAndItsMailTogetherAndVerifiesOnce() async throws {
        try await withApp({ $0.baseURL = URL(string: "https://help.example.org") }) { app in
            let response = try await app.post(
                "/sign-up",
                form: [("display_name", "River"), ("email", " River@Example.org "), ("password", TestApp.password)])
            #expect(response.status == .ok)
            #expect(response.text.contains("river@example.org"))
            #expect(response.sessionCookie == nil)
            let user = try #require(try await User.query(on: app.app.db).first())
            #expect(user.email == "river@example.org")
            #expect(user.emailVerifiedAt == nil)
            #expect(user.passwordHash.hasPrefix("$2b$12$"))
            let mail = try #require(try await Self.mails(app, to: "river@example.org").first)
            #expect(mail.subject == "Confirm your email address for Haven")
            #expect(mail.textBody.contains("https://help.example.org/account/verify?token="))
            #expect(mail.textBody.contains("You got this mail because someone created a Haven account"))
            let token = try #require(Self.token(in: mail))
            // Only the hash is stored.
            #expect(
                try await DatabaseScan.rows(containing: token, in: app.app).filter { !$0.hasPrefix("outbox_mails") }
                    == [])

            let page = try await app.get("/account/verify?token=\(token)")
            #expect(page.status == .ok)
            #expect(try await User.query(on: app.app.db).first()?.emailVerifiedAt == nil)  // GET changes nothing
            let confirm = try await app.post("/account/verify", form: [("token", token)])
            #expect(confirm.status == .ok)
            #expect(try await User.query(on: app.app.db).first()?.emailVerifiedAt != nil)
            let again = try await app.post("/account/verify", form: [("token", token)])
            #expect(again.status == .badRequest)
        }
    }

    @Test func anExpiredVerificationLinkDoesNotWork() async throws {
        try await withApp { app in
            let user = try await app.createUser("late@example.org", verified: false)
            let token = try await AccountTokens.issue(
                .verifyEmail, for: user.requireID(), on: app.app.db, now: Date().addingTimeInterval(-25 * 3600))
            let response = try await app.post("/account/verify", form: [("token", token)])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("more than 24 hours old"))
        }
    }

    @Test func signingUpWithATakenAddressLooksTheSameAndTellsOnlyTheMailbox() async throws {
        try await withApp { app in
            try await app.createUser("taken@example.org", name: "Original")
            let fresh = try await app.post(
                "/sign-up",
                form: [("display_name", "New"), ("email", "fresh@example.org"), ("password", TestApp.password)])
            let taken = try await app.post(
                "/sign-up",
                form: [("display_name", "New"), ("email", "taken@example.org"), ("password", TestApp.password)])
            #expect(fresh.status == taken.status)
            #expect(fresh.text.replacingOccurrences(of: "fresh@", with: "taken@") == taken.text)
            #expect(try await User.query(on: app.app.db).filter(\.$email == "taken@example.org").count() == 1)
            let mails = try await Self.mails(app, to: "taken@example.org")
            #expect(mails.map(\.subject) == ["Someone tried to sign up to Haven with your address"])
        }
    }

    @Test func signInFailuresSayTheSameWhetherOrNotTheAccountExists() async throws {
        try await withApp { app in
            try await app.createUser("known@example.org")
            let wrongPassword = try await app.post(
                "/sign-in", form: [("email", "known@example.org"), ("password", "wrong wrong wrong")])
            let noAccount = try await app.post(
                "/sign-in", form: [("email", "nobody@example.org"), ("password", "wrong wrong wrong")])
            #expect(wrongPassword.status == .unprocessableEntity)
            #expect(wrongPassword.status == noAccount.status)
            #expect(wrongPassword.text.replacingOccurrences(of: "known@", with: "nobody@") == noAccount.text)
            #expect(wrongPassword.sessionCookie == nil)
        }
    }

    @Test func anUnverifiedAccountGetsANewLinkInsteadOfASession() async throws {
        try await withApp { app in
            try await app.createUser("unverified@example.org", verified: false)
            let response = try await app.post(
                "/sign-in", form: [("email", "unverified@example.org"), ("password", TestApp.password)])
            #expect(response.status == .forbidden)
            #expect(response.sessionCookie == nil)
            #expect(try await Self.mails(app, to: "unverified@example.org").count == 1)
        }
    }

    @Test func theSessionCookieIsHttpOnlyLaxAndNewAtEverySignIn() async throws {
        try await withApp { app in
            try await app.createUser("cookie@example.org")
            // A cookie value chosen by someone else (session fixation) is never adopted.
            let response = try await app.post(
                "/sign-in", form: [("email", "cookie@example.org"), ("password", TestApp.password)],
                headers: [("Origin", ""), ("Cookie", "haven_session=chosen-by-an-attacker")])
            let header = try #require(response.headers[.setCookie].first { $0.hasPrefix("haven_session=") })
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Lax"))
            #expect(!header.contains("Secure"))
            #expect(!header.contains("Max-Age") && !header.contains("Expires"))  // gone when the browser closes
            let first = try #require(response.sessionCookie)
            #expect(first != "chosen-by-an-attacker")
            let second = try await app.signIn("cookie@example.org")
            #expect(second.cookie != first)
            #expect(try await app.get("/account", headers: [("Cookie", "haven_session=\(first)")]).status == .ok)
            #expect(
                try await app.get("/account", headers: [("Cookie", "haven_session=chosen-by-an-attacker")]).status
                    == .seeOther)
            // Signed in, the sign-in form sends the person to their account.
            #expect(try await app.post("/sign-in", as: second).status == .seeOther)
            // Reading pages sets no cookie.
            for path in ["/", "/help", "/sign-in", "/sign-up"] {
                #expect(try await app.get(path).headers[.setCookie].isEmpty, "\(path)")
            }
        }
        try await withApp({ $0.baseURL = URL(string: "https://help.example.org") }) { app in
            try await app.createUser("cookie@example.org")
            let response = try await app.post(
                "/sign-in", form: [("email", "cookie@example.org"), ("password", TestApp.password)],
                headers: [("Origin", "https://help.example.org")])
            #expect(response.headers[.setCookie].first?.contains("Secure") == true)
        }
    }

    @Test func aPasswordResetLinkWorksOnceForAnHourAndEndsEverySession() async throws {
        try await withApp { app in
            try await app.createUser("reset@example.org")
            let phone = try await app.signIn("reset@example.org")
            let laptop = try await app.signIn("reset@example.org")
            let asked = try await app.post("/password/forgot", form: [("email", "reset@example.org")])
            #expect(asked.status == .ok)
            let unknown = try await app.post("/password/forgot", form: [("email", "nobody@example.org")])
            #expect(unknown.text.replacingOccurrences(of: "nobody@", with: "reset@") == asked.text)
            let mail = try #require(try await Self.mails(app, to: "reset@example.org").first)
            #expect(mail.subject == "Reset your Haven password")
            let token = try #require(Self.token(in: mail))

            let weak = try await app.post("/password/reset", form: [("token", token), ("password", "1234567890")])
            #expect(weak.status == .unprocessableEntity)
            let reset = try await app.post(
                "/password/reset", form: [("token", token), ("password", "a brand new passphrase")])
            #expect(reset.status == .ok)
            let told = try await Self.mails(app, to: "reset@example.org").last?.subject
            #expect(told == "Your Haven password was changed")
            #expect(try await app.get("/account", as: phone).status == .seeOther)
            #expect(try await app.get("/account", as: laptop).status == .seeOther)
            let old = try await app.post(
                "/sign-in", form: [("email", "reset@example.org"), ("password", TestApp.password)])
            #expect(old.status == .unprocessableEntity)
            _ = try await app.signIn("reset@example.org", password: "a brand new passphrase")
            let reused = try await app.post(
                "/password/reset", form: [("token", token), ("password", "yet another passphrase")])
            #expect(reused.status == .badRequest)

            let user = try #require(try await User.query(on: app.app.db).first())
            let stale = try await AccountTokens.issue(
                .resetPassword, for: user.requireID(), on: app.app.db, now: Date().addingTimeInterval(-3601))
            let expired = try await app.post(
                "/password/reset", form: [("token", stale), ("password", "yet another passphrase")])
            #expect(expired.status == .badRequest)
        }
    }

    @Test func changingTheAddressWaitsForTheNewMailbox() async throws {
        try await withApp { app in
            try await app.createUser("old@example.org")
            let session = try await app.signIn("old@example.org")
            let wrong = try await app.post(
                "/account/email",
                form: [("new_email", "new@example.org"), ("current_password_email", "not my password")], as: session)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains(#"value="new@example.org""#))
            let asked = try await app.post(
                "/account/email",
                form: [("new_email", "new@example.org"), ("current_password_email", TestApp.password)], as: session)
            #expect(asked.status == .seeOther)
            #expect(try await User.query(on: app.app.db).first()?.email == "old@example.org")
            let mail = try #require(try await Self.mails(app, to: "new@example.org").first)
            let token = try #require(Self.token(in: mail))
            let confirmed = try await app.post("/account/email/confirm", form: [("token", token)])
            #expect(confirmed.status == .ok)
            #expect(try await User.query(on: app.app.db).first()?.email == "new@example.org")
            // The old address is told, with the new one half hidden and the way back.
            let notice = try #require(try await Self.mails(app, to: "old@example.org").last)
            #expect(notice.subject == "Your Haven account now uses another address")
            #expect(notice.textBody.contains("n***@example.org"))
            #expect(!notice.textBody.contains("new@example.org"))
            #expect(notice.textBody.contains("/password/forgot"))
            // A changed password is told too, and other sessions end while this one stays.
            let other = try await app.signIn("new@example.org")
            let changed = try await app.post(
                "/account/password",
                form: [("current_password", TestApp.password), ("new_password", "a fresh long passphrase")], as: session
            )
            #expect(changed.status == .seeOther)
            #expect(try await app.get("/account", as: session).status == .ok)
            #expect(try await app.get("/account", as: other).status == .seeOther)
            let told = try await Self.mails(app, to: "new@example.org").last?.subject
            #expect(told == "Your Haven password was changed")
        }
    }

    @Test func exportHoldsEverythingThePersonWroteAndDeleteLeavesNothingOfThem() async throws {
        let notes = TestNotes(ids: ["1", "2"])
        try await withApp(setUp: { $0.moderationKinds.register(notes.kind) }) { app in
            let person = try await app.createUser("leaving@example.org", role: .organizer, name: "Quiet Otter")
            let admin = try await app.createUser("admin@example.org", role: .admin)
            let session = try await app.signIn("leaving@example.org")
            let adminSession = try await app.session(for: admin)
            #expect(
                try await app.post(
                    "/report",
                    form: [
                        ("kind", "note"), ("subject", "1"), ("reason", "spam"),
                        ("details", "Selling pills, by Quiet Otter's count"),
                    ], as: session
                ).status == .ok)
            #expect(try await app.post("/account/tokens", form: [("name", "Otter sync")], as: session).status == .ok)
            #expect(try await app.post("/password/forgot", form: [("email", "leaving@example.org")]).status == .ok)
            #expect(
                try await app.post(
                    "/admin/people/\(try person.requireID())/role", form: [("role", "moderator")], as: adminSession
                ).status == .seeOther)

            let export = try await app.get("/account/export", as: session)
            #expect(export.status == .ok)
            #expect(export.header("Content-Disposition")?.contains("attachment") == true)
            let json = try JSONSerialization.jsonObject(with: Data(export.text.utf8)) as! [String: Any]
            let account = json["account"] as! [String: String]
            #expect(account["email"] == "leaving@example.org")
            #expect(account["display_name"] == "Quiet Otter")
            let sections = json["sections"] as! [String: [[String: String]]]
            #expect(sections["reports"]?.first?["details"] == "Selling pills, by Quiet Otter's count")
            #expect(sections["api_tokens"]?.first?["name"] == "Otter sync")

            let hash = try #require(try await User.find(person.requireID(), on: app.app.db)).passwordHash
            let wrong = try await app.post("/account/delete", form: [("password", "not my password")], as: session)
            #expect(wrong.status == .unprocessableEntity)
            let deleted = try await app.post("/account/delete", form: [("password", TestApp.password)], as: session)
            #expect(deleted.status == .ok)
            #expect(deleted.headers[.setCookie].first?.contains("haven_session=;") == true)
            for value in ["leaving@example.org", "Quiet Otter", hash] {
                let found = try await DatabaseScan.rows(containing: value, in: app.app)
                #expect(found == [], "\(value)")
            }
            // What moderators need stays: the report (without its reporter) and the audit entry.
            #expect(try await ModerationItem.query(on: app.app.db).count() == 1)
            #expect(try await ModerationItem.query(on: app.app.db).first()?.$reporter.id == nil)
            #expect(try await AuditEntry.query(on: app.app.db).count() == 1)
            #expect(try await app.get("/account", as: session).status == .seeOther)
        }
    }

    @Test func apiTokensAreShownOnceStoredHashedAndRevocable() async throws {
        try await withApp { app in
            try await app.createUser("organizer@example.org", role: .organizer, name: "Org")
            let session = try await app.signIn("organizer@example.org")
            let created = try await app.post("/account/tokens", form: [("name", "Listing sync")], as: session)
            let token = try #require(
                created.text.firstMatch(of: #/(haven_[A-Za-z0-9_-]{43})/#).map { String($0.output.1) })
            #expect(try await app.get("/account/tokens", as: session).text.contains(token) == false)
            #expect(try await DatabaseScan.rows(containing: token, in: app.app) == [])

            let me = try await app.get("/api/v1/me", headers: [("Authorization", "Bearer \(token)")])
            #expect(me.status == .ok)
            #expect(me.text.contains(#""role":"organizer""#))
            #expect(try await APIToken.query(on: app.app.db).first()?.lastUsedAt != nil)
            // A bearer token works only under /api/.
            #expect(try await app.get("/account", headers: [("Authorization", "Bearer \(token)")]).status == .seeOther)
            let bad = try await app.get("/api/v1/me", headers: [("Authorization", "Bearer haven_nope")])
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains(#""reason""#))

            let id = try #require(try await APIToken.query(on: app.app.db).first()?.requireID())
            #expect(try await app.post("/account/tokens/\(id)/revoke", as: session).status == .seeOther)
            #expect(
                try await app.get("/api/v1/me", headers: [("Authorization", "Bearer \(token)")]).status == .unauthorized
            )
        }
    }

    @Test func losingTheOrganizerRoleRevokesTokens() async throws {
        try await withApp { app in
            let organizer = try await app.createUser("organizer@example.org", role: .organizer)
            let admin = try await app.createUser("admin@example.org", role: .admin)
            let secret = APITokens.make()
            try await APIToken(
                userID: organizer.requireID(), name: "t", tokenHash: SecureToken.hash(secret), now: Date()
            ).create(on: app.app.db)
            #expect(try await app.get("/api/v1/me", headers: [("Authorization", "Bearer \(secret)")]).status == .ok)
            let adminSession = try await app.session(for: admin)
            let changed = try await app.post(
                "/admin/people/\(try organizer.requireID())/role", form: [("role", "member")], as: adminSession)
            #expect(changed.status == .seeOther)
            #expect(
                try await app.get("/api/v1/me", headers: [("Authorization", "Bearer \(secret)")]).status
                    == .unauthorized)
            let entry = try #require(try await AuditEntry.query(on: app.app.db).first())
            #expect(entry.action == "change-role")
            #expect(entry.before == #"{"role":"organizer"}"#)
            #expect(entry.after == #"{"role":"member"}"#)
            #expect(entry.$actor.id == admin.id)
            // An admin cannot take away their own admin role.
            let own = try await app.post(
                "/admin/people/\(try admin.requireID())/role", form: [("role", "member")], as: adminSession)
            #expect(own.status == .unprocessableEntity)
        }
    }

    /// Anonymous pages are cached; a signed-in person's copy carries their name and form token, so it must
    /// never be served to anyone else, nor the anonymous copy to them.
    @Test func signedInPagesAreNeverSharedThroughTheCache() async throws {
        try await withApp { app in
            try await app.createUser("cache@example.org", name: "Cache Person")
            let session = try await app.signIn("cache@example.org")
            _ = try await app.get("/")  // fills the anonymous cache entry
            for path in ["/", "/help", "/browse-safely"] {
                let signedIn = try await app.get(path, as: session)
                #expect(signedIn.text.contains("Sign out"), "\(path)")
                #expect(signedIn.text.contains(session.csrfToken), "\(path)")
                let anonymous = try await app.get(path)
                #expect(!anonymous.text.contains("Sign out"), "\(path)")
                #expect(!anonymous.text.contains(session.csrfToken), "\(path)")
                #expect(anonymous.text.contains(">Sign in</a>"), "\(path)")
            }
        }
    }

    @Test func mailIsWrittenInTheLanguageThePersonSignedUpIn() async throws {
        try await withApp { app in
            let response = try await app.post(
                "/sign-up?lang=es",
                form: [("display_name", "Ana"), ("email", "ana@example.org"), ("password", TestApp.password)])
            #expect(response.status == .ok)
            #expect(response.text.contains("Revisa tu correo"))
            let mail = try #require(try await Self.mails(app, to: "ana@example.org").first)
            #expect(mail.subject == "Confirma tu correo electrónico en Haven")
            #expect(mail.textBody.hasPrefix("Hola, Ana:"))
            #expect(mail.textBody.contains("Recibes este correo porque"))
            // Later mail (a reset asked for in English) still comes in the person's language.
            _ = try await app.post("/password/forgot", form: [("email", "ana@example.org")])
            let reset = try #require(try await Self.mails(app, to: "ana@example.org").last)
            #expect(reset.subject == "Restablece tu contraseña de Haven")
        }
    }
}
