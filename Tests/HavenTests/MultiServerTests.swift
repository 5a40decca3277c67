import Fluent
import Foundation
import Testing
import Vapor

@testable import Haven

/// Several app servers on one database, as a deployment that outgrew one machine runs them: sessions,
/// rate limits and the mail outbox must hold across them, and a crash must lose no mail. Runs on SQLite
/// (two processes on one file) and on PostgreSQL (the case the design is for).
@Suite("Several servers on one database", .serialized)
struct MultiServerTests {
    @Test func sessionsAndSignInLimitsHoldAcrossServers() async throws {
        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let created = try await HavenProcess.run(
            ["user", "create", "--email", "Shared@Example.org", "--role", "moderator", "--name", "Shared"],
            environment: ["DATABASE_URL": TestDatabase.environmentValue(database.location)],
            input: TestApp.password + "\n")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("Created moderator account for shared@example.org."))

        let a = try await RemoteHaven.start(database: database.location)
        let b = try await RemoteHaven.start(database: database.location)
        defer { a.stop(); b.stop() }

        // A session made on one server is valid on the other.
        let signIn = try await a.post(
            "/sign-in", form: [("email", "shared@example.org"), ("password", TestApp.password)])
        #expect(signIn.status == .seeOther)
        let cookie = try #require(signIn.sessionCookie)
        let accountOnB = try await b.get("/account", cookie: cookie)
        #expect(accountOnB.status == .ok)
        #expect(accountOnB.text.contains("shared@example.org"))
        #expect(try await b.get("/moderation", cookie: cookie).status == .ok)
        // Signing out on B ends it on A too.
        let token = try #require(accountOnB.csrfToken)
        #expect(try await b.post("/sign-out", form: [("csrf_token", token)], cookie: cookie).status == .seeOther)
        #expect(try await a.get("/account", cookie: cookie).status == .seeOther)

        // Ten wrong passwords, five on each server, and the account is locked on both.
        for server in [a, b, a, b, a, b, a, b, a, b] {
            let wrong = try await server.post(
                "/sign-in", form: [("email", "shared@example.org"), ("password", "not the password")])
            #expect(wrong.status == .unprocessableEntity)
        }
        for server in [a, b] {
            let locked = try await server.post(
                "/sign-in", form: [("email", "shared@example.org"), ("password", TestApp.password)])
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
            #expect(locked.text.contains("Too many tries"))
            #expect(locked.sessionCookie == nil)
        }
        // Another account is not affected.
        let other = try await b.post(
            "/sign-in", form: [("email", "other@example.org"), ("password", "not the password")])
        #expect(other.status == .unprocessableEntity)
    }

    /// The server is killed (SIGKILL) right after the sign-up committed, before its mail went out; the mail
    /// is delivered once after a restart. The first server runs with its mail worker off, so "before
    /// delivery" is certain rather than a race.
    @Test func mailSurvivesACrashAndIsDeliveredOnce() async throws {
        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let sink = try await SMTPSink()
        defer { sink.stop() }

        let first = try await RemoteHaven.start(
            database: database.location, environment: ["SMTP_URL": sink.url, "HAVEN_MAIL_WORKER": "off"])
        let signUp = try await first.post(
            "/sign-up",
            form: [("display_name", "Crash"), ("email", "crash@example.org"), ("password", TestApp.password)])
        #expect(signUp.status == .ok)
        first.kill()
        let queued = try await withDatabase(database.location) { app in
            try await OutboxMail.query(on: app.db).filter(\.$status == .queued).count()
        }
        #expect(queued == 1)
        #expect(try sink.messages().isEmpty)

        let second = try await RemoteHaven.start(database: database.location, environment: ["SMTP_URL": sink.url])
        defer { second.stop() }
        let arrived = try await sink.waitForMessages(1)
        #expect(arrived.count == 1)
        try await Task.sleep(for: .seconds(3))
        let messages = try sink.messages()
        #expect(messages.count == 1)
        let mail = try #require(messages.first)
        #expect(mail.to == "crash@example.org")
        #expect(mail.subject == "Confirm your email address for Haven")
        // The link in the mail works on the restarted server.
        let link = try #require(mail.link(containing: "/account/verify?token="))
        let token = String(link.split(separator: "=").last ?? "")
        #expect(try await second.post("/account/verify", form: [("token", token)]).status == .ok)
        let status = try await withDatabase(database.location) { app in
            try await OutboxMail.query(on: app.db).first()?.status
        }
        #expect(status == .sent)
    }

    @Test func twoServersDeliverFiveHundredMailsWithNoDuplicateAndNoneMissing() async throws {
        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let recipients = (1...500).map { "person\($0)@example.org" }
        try await withDatabase(database.location) { app in
            try await app.db.transaction { db in
                for recipient in recipients {
                    try await Outbox.enqueue(
                        MailContent(subject: "Hello", paragraphs: ["Hi \(recipient)"], link: nil, reason: "A test."),
                        to: recipient, on: db)
                }
            }
        }
        let a = try await RemoteHaven.start(database: database.location, environment: ["SMTP_URL": sink.url])
        let b = try await RemoteHaven.start(database: database.location, environment: ["SMTP_URL": sink.url])
        defer { a.stop(); b.stop() }

        _ = try await sink.waitForMessages(500, timeout: .seconds(120))
        try await Task.sleep(for: .seconds(3))  // anything sent twice would arrive by now
        let messages = try sink.messages()
        #expect(messages.count == 500)
        #expect(Set(messages.map(\.messageID)).count == 500)
        #expect(Set(messages.map(\.to)) == Set(recipients))
        let unsent = try await withDatabase(database.location) { app in
            try await OutboxMail.query(on: app.db).filter(\.$status != .sent).count()
        }
        #expect(unsent == 0)
    }
}
