import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import Vapor

@testable import Haven

@Suite("Rate limits and passwords")
struct RateLimitTests {
    @Test func tenWrongPasswordsLockTheAccountWithAPlainMessage() async throws {
        try await withApp { app in
            try await app.createUser("locked@example.org")
            for _ in 1...10 {
                let wrong = try await app.post(
                    "/sign-in", form: [("email", "locked@example.org"), ("password", "not it at all")])
                #expect(wrong.status == .unprocessableEntity)
            }
            let locked = try await app.post(
                "/sign-in", form: [("email", "locked@example.org"), ("password", TestApp.password)])
            #expect(locked.status == .tooManyRequests)
            let retry = try #require(Int(locked.header("Retry-After") ?? ""))
            #expect(retry > 0 && retry <= 900)
            #expect(locked.text.contains("Too many tries"))
            #expect(locked.text.contains("Please wait"))
            #expect(locked.sessionCookie == nil)
            // The table holds no address: only keyed hashes.
            #expect(
                try await DatabaseScan.rows(containing: "locked@example.org", in: app.app).allSatisfy {
                    $0.hasPrefix("users")
                })
            #expect(try await DatabaseScan.rows(containing: "127.0.0.1", in: app.app) == [])
        }
    }

    @Test func signUpIsLimitedPerClient() async throws {
        try await withApp { app in
            for index in 1...RateLimitRule.signUpPerClient.limit {
                let response = try await app.post(
                    "/sign-up",
                    form: [
                        ("display_name", "P\(index)"), ("email", "p\(index)@example.org"),
                        ("password", TestApp.password),
                    ])
                #expect(response.status == .ok)
            }
            let over = try await app.post(
                "/sign-up",
                form: [("display_name", "Over"), ("email", "over@example.org"), ("password", TestApp.password)])
            #expect(over.status == .tooManyRequests)
            #expect(over.header("Retry-After") != nil)
            #expect(try await User.query(on: app.app.db).filter(\.$email == "over@example.org").count() == 0)
            // Behind a trusted proxy (loopback by default) each client has its own budget; the last
            // X-Forwarded-For entry counts, so a client cannot pick a fresh address by prepending one.
            let proxied = try await app.post(
                "/sign-up",
                form: [("display_name", "Other"), ("email", "other@example.org"), ("password", TestApp.password)],
                headers: [("Origin", ""), ("X-Forwarded-For", "203.0.113.7")])
            #expect(proxied.status == .ok)
            let forged = Request(
                application: app.app, method: .GET, url: "/", headers: ["X-Forwarded-For": "198.51.100.1, 203.0.113.8"],
                remoteAddress: try SocketAddress(ipAddress: "127.0.0.1", port: 4000), on: app.app.eventLoopGroup.any())
            #expect(forged.clientAddress == "203.0.113.8")
            let direct = Request(
                application: app.app, method: .GET, url: "/", headers: ["X-Forwarded-For": "203.0.113.8"],
                remoteAddress: try SocketAddress(ipAddress: "192.0.2.10", port: 4000), on: app.app.eventLoopGroup.any())
            #expect(direct.clientAddress == "192.0.2.10")
        }
        try await withApp({ $0.trustedProxies = [] }) { app in
            // With no trusted proxy the header is ignored: everyone here is 127.0.0.1.
            for index in 1...RateLimitRule.signUpPerClient.limit {
                _ = try await app.post(
                    "/sign-up",
                    form: [("display_name", "P"), ("email", "q\(index)@example.org"), ("password", TestApp.password)],
                    headers: [("Origin", ""), ("X-Forwarded-For", "203.0.113.\(index)")])
            }
            let over = try await app.post(
                "/sign-up",
                form: [("display_name", "Over"), ("email", "over@example.org"), ("password", TestApp.password)],
                headers: [("Origin", ""), ("X-Forwarded-For", "203.0.113.99")])
            #expect(over.status == .tooManyRequests)
        }
    }

    @Test func windowsAreCountedAtomicallyAndForgotten() async throws {
        try await withApp { app in
            let rule = RateLimitRule(name: "test", limit: 3, window: 60)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let limiter = RateLimiter(db: app.app.db, now: start)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 1...3 { group.addTask { try await limiter.hit(rule, key: "k") } }
                try await group.waitForAll()
            }
            await #expect(throws: RateLimited.self) { try await limiter.hit(rule, key: "k") }
            // Another key has its own count.
            try await limiter.hit(rule, key: "other")
            // Just after the boundary the last window still counts almost in full: no burst of twice the limit.
            let justAfter = RateLimiter(db: app.app.db, now: start.addingTimeInterval(61))
            await #expect(throws: RateLimited.self) { try await justAfter.check(rule, key: "k") }
            // Two thirds into the next window a third of it counts (4 × 1/3, rounded up to 2), so there is room again.
            let later = RateLimiter(db: app.app.db, now: start.addingTimeInterval(100))
            try await later.check(rule, key: "k")
            try await later.hit(rule, key: "k")
            // Two windows on, neither earlier window can count any more, and both are gone.
            try await RateLimiter(db: app.app.db, now: start.addingTimeInterval(180)).hit(rule, key: "k")
            let rows = try await (app.app.db as! any SQLDatabase)
                .raw("SELECT window_start FROM rate_limit_counters WHERE bucket = 'test:k' ORDER BY window_start").all()
                .map { try $0.decode(column: "window_start", as: Int64.self) }
            #expect(rows == [1_800_000_180])
        }
    }

    @Test func tenFailuresAcrossAWindowBoundaryStillLock() async throws {
        try await withApp { app in
            let rule = RateLimitRule.signInPerAccount
            let boundary = Date(timeIntervalSince1970: 1_800_000_000)  // a multiple of 900 s
            for _ in 1...5 {
                try await RateLimiter(db: app.app.db, now: boundary.addingTimeInterval(-10)).record(rule, key: "k")
            }
            for _ in 1...5 {
                try await RateLimiter(db: app.app.db, now: boundary.addingTimeInterval(20)).record(rule, key: "k")
            }
            await #expect(throws: RateLimited.self) {
                try await RateLimiter(db: app.app.db, now: boundary.addingTimeInterval(30)).check(rule, key: "k")
            }
        }
    }

    @Test func thePasswordPolicyFollowsNIST() throws {
        let policy = try PasswordPolicy.load(
            from: packageRoot.appendingPathComponent("Resources/Security/common-passwords.txt"))
        #expect(policy.commonPasswords.count > 1000)
        #expect(policy.problem(with: "short", email: "a@b.org") == .tooShort)
        #expect(policy.problem(with: "qwertyuiop", email: "a@b.org") == .common)
        #expect(policy.problem(with: "QWERTYUIOP", email: "a@b.org") == .common)
        #expect(policy.problem(with: "zzzzzzzzzzzz", email: "a@b.org") == .common)
        #expect(policy.problem(with: "9876543210", email: "a@b.org") == .common)
        #expect(policy.problem(with: "river.song.forever", email: "river.song@b.org") == .containsEmail)
        #expect(policy.problem(with: String(repeating: "x", count: 1001), email: "a@b.org") == .tooLong)
        // No composition rules: lower-case words are fine; so is a long passphrase in any script.
        #expect(policy.problem(with: "purple otter lantern", email: "a@b.org") == nil)
        #expect(policy.problem(with: "ελπίδα και θάρρος", email: "a@b.org") == nil)
        // Bcrypt reads 72 bytes; Haven's hashing counts every character.
        let long = String(repeating: "a", count: 80)
        let hash = try Passwords.hash(long + "1")
        #expect(Passwords.verify(long + "1", against: hash))
        #expect(!Passwords.verify(long + "2", against: hash))
    }

    @Test func userCreateRefusesBadInputWithOneLine() async throws {
        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let environment = ["DATABASE_URL": TestDatabase.environmentValue(database.location)]
        let weak = try await HavenProcess.run(
            ["user", "create", "--email", "ops@example.org", "--role", "admin"], environment: environment,
            input: "password\n")
        #expect(weak.status == 1)
        #expect(
            weak.stderrLines.last?.hasPrefix("haven: password (standard input): Use at least 10 characters") == true)
        let role = try await HavenProcess.run(
            ["user", "create", "--email", "ops@example.org", "--role", "king"], environment: environment,
            input: TestApp.password + "\n")
        #expect(role.status == 1)
        #expect(role.stderr.contains("--role must be one of member, moderator, organizer, admin"))
        let made = try await HavenProcess.run(
            ["user", "create", "--email", "ops@example.org", "--role", "admin"], environment: environment,
            input: TestApp.password + "\n")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stdout.contains(TestApp.password) && !made.stderr.contains(TestApp.password))
        let again = try await HavenProcess.run(
            ["user", "create", "--email", "ops@example.org"], environment: environment, input: TestApp.password + "\n")
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func housekeepingRemovesOnlyWhatNoLongerCounts() async throws {
        try await withApp { app in
            let user = try await app.createUser("keep@example.org")
            let now = Date()
            let live = try await app.session(for: user)
            let old = UserSession(
                tokenHash: "old", userID: try user.requireID(), csrfToken: "t",
                now: now.addingTimeInterval(-30 * 86400),
                expiresAt: now.addingTimeInterval(-1))
            try await old.create(on: app.app.db)
            _ = try await AccountTokens.issue(
                .resetPassword, for: user.requireID(), on: app.app.db, now: now.addingTimeInterval(-9 * 86400))
            _ = try await AccountTokens.issue(.resetPassword, for: user.requireID(), on: app.app.db, now: now)
            try await RateLimiter(db: app.app.db, now: now.addingTimeInterval(-3 * 3600)).hit(
                .signUpPerClient, key: "gone")
            try await RateLimiter(db: app.app.db, now: now).hit(.signUpPerClient, key: "recent")
            let sent = OutboxMail(
                recipient: "a@example.org", subject: "Old", textBody: "", htmlBody: "",
                now: now.addingTimeInterval(-31 * 86400))
            sent.status = .sent
            try await sent.create(on: app.app.db)
            try await OutboxMail(
                recipient: "b@example.org", subject: "Failed", textBody: "", htmlBody: "",
                now: now.addingTimeInterval(-31 * 86400)
            )
            .create(on: app.app.db)

            let removed = try await Housekeeping.run(on: app.app.db, now: now)
            #expect(removed == Housekeeping.Removed(sessions: 1, links: 1, rateLimitWindows: 1, sentMail: 1))
            #expect(try await app.get("/account", as: live).status == .ok)
            #expect(try await AccountToken.query(on: app.app.db).count() == 1)
            #expect(try await OutboxMail.query(on: app.app.db).all().map(\.subject) == ["Failed"])
            #expect(try await Housekeeping.run(on: app.app.db, now: now) == Housekeeping.Removed())
        }
    }
}
