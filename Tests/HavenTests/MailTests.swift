import Fluent
import Foundation
import NIOSSL
import Testing
import Vapor

@testable import Haven

/// The outbox worker and its SMTP client, against a real SMTP server (aiosmtpd).
@Suite("Mail")
struct MailTests {
    static func worker(_ url: String, trust: String? = nil, maxAttempts: Int = 10) throws -> OutboxWorker {
        var settings = OutboxWorker.Settings(
            smtp: try SMTPSettings(parsing: url), from: "haven@example.org", fromName: "Haven")
        if let trust { settings.trustRoots = .file(trust) }
        settings.maxAttempts = maxAttempts
        return OutboxWorker(settings: settings)
    }

    static func enqueue(_ app: TestApp, to recipients: [String], subject: String = "Hello") async throws {
        for recipient in recipients {
            try await Outbox.enqueue(
                MailContent(
                    subject: subject, paragraphs: ["First line", ".a line that starts with a dot"],
                    link: ("Open", "https://example.org/a?b=1&c=2"), reason: "Why you got it."),
                to: recipient, on: app.app.db)
        }
    }

    /// A self-signed certificate for 127.0.0.1 and localhost, made with openssl for one test.
    static func certificate() throws -> (cert: String, key: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw StartupError("openssl could not make a certificate") }
        return (cert, key)
    }

    @Test func aMailIsWellFormedMIMEWithItsReasonAndLink() throws {
        let message = MailMessage(
            from: "haven@example.org", fromName: "Haven", to: "ana@example.org",
            subject: "Confirma tu correo electrónico en Haven", text: "Hola\n.punto\nfin", html: "<p>Hola</p>",
            messageID: "abc@haven", date: Date(timeIntervalSince1970: 0)
        ).rendered()
        #expect(message.contains("Subject: =?UTF-8?B?Q29uZmlybWEgdHUgY29ycmVvIGVsZWN0csOzbmljbyBlbiBIYXZlbg==?=\r\n"))
        #expect(message.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(message.contains("Message-ID: <abc@haven>\r\n"))
        #expect(message.contains("Content-Type: multipart/alternative;"))
        #expect(message.split(separator: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(SMTPClient.Connection.dotStuffed(".a\nb\n..c") == "..a\r\nb\r\n...c")
        #expect(!MailMessage.isSafeAddress("a@b>\r\nRCPT TO:<c@d"))
        #expect(MailMessage.isSafeAddress("ana+help@example.org"))

        let content = MailContent(
            subject: "S", paragraphs: ["<b>x</b>"], link: ("Go", "https://e.org/?a=1&b=\"2\""), reason: "Because.")
        #expect(content.text == "<b>x</b>\n\nGo:\nhttps://e.org/?a=1&b=\"2\"\n\n—\nBecause.\n")
        #expect(content.html.contains("&lt;b&gt;x&lt;/b&gt;"))
        #expect(content.html.contains(#"href="https://e.org/?a=1&amp;b=&quot;2&quot;""#))
    }

    @Test func theWorkerDeliversQueuedMailAndMarksItSent() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        try await withApp { app in
            try await Self.enqueue(
                app, to: ["one@example.org", "two@example.org"], subject: "Confirma tu correo electrónico")
            let worker = try Self.worker(sink.url)
            #expect(try await worker.deliverDue(on: app.app.db, logger: app.app.logger) == 2)
            let messages = try sink.messages()
            #expect(Set(messages.map(\.to)) == ["one@example.org", "two@example.org"])
            let first = try #require(messages.first)
            #expect(first.subject == "Confirma tu correo electrónico")
            #expect(first.text.contains(".a line that starts with a dot"))
            #expect(first.text.contains("https://example.org/a?b=1&c=2"))
            #expect(first.text.contains("Why you got it."))
            #expect(first.html.contains("<p>First line</p>"))
            #expect(first.headers["from"] == "Haven <haven@example.org>")
            let rows = try await OutboxMail.query(on: app.app.db).all()
            #expect(rows.allSatisfy { $0.status == .sent && $0.sentAt != nil && $0.attempts == 1 })
            // Nothing is due any more.
            #expect(try await worker.deliverDue(on: app.app.db, logger: app.app.logger) == 0)
        }
    }

    @Test func startTLSAndAuthentication() async throws {
        let (cert, key) = try Self.certificate()
        let sink = try await SMTPSink(.init(tlsCertificate: cert, tlsKey: key, auth: "haven:s3cret pass"))
        defer { sink.stop() }
        try await withApp { app in
            try await Self.enqueue(app, to: ["tls@example.org"])
            // Wrong password: the mail waits to be tried again; it is not given up on.
            let wrong = try Self.worker("smtp://haven:nope@127.0.0.1:\(sink.port)", trust: cert)
            _ = try await wrong.deliverDue(on: app.app.db, logger: app.app.logger)
            let waiting = try #require(try await OutboxMail.query(on: app.app.db).first())
            #expect(waiting.status == .queued)
            #expect(waiting.lastError?.contains("535") == true, "\(waiting.lastError ?? "")")
            #expect(waiting.lastError?.contains("nope") == false)
            #expect(waiting.nextAttemptAt > Date())
            waiting.nextAttemptAt = Date()
            try await waiting.save(on: app.app.db)
            // A certificate nobody vouches for is refused.
            let untrusted = try Self.worker("smtp://haven:s3cret%20pass@127.0.0.1:\(sink.port)")
            _ = try await untrusted.deliverDue(on: app.app.db, logger: app.app.logger)
            #expect(try sink.messages().isEmpty)
            let again = try #require(try await OutboxMail.query(on: app.app.db).first())
            again.nextAttemptAt = Date()
            try await again.save(on: app.app.db)

            let right = try Self.worker("smtp://haven:s3cret%20pass@127.0.0.1:\(sink.port)", trust: cert)
            #expect(try await right.deliverDue(on: app.app.db, logger: app.app.logger) == 1)
            #expect(try sink.messages().map(\.to) == ["tls@example.org"])
        }
    }

    @Test func implicitTLS() async throws {
        let (cert, key) = try Self.certificate()
        let sink = try await SMTPSink(.init(tlsCertificate: cert, tlsKey: key, implicitTLS: true))
        defer { sink.stop() }
        try await withApp { app in
            try await Self.enqueue(app, to: ["smtps@example.org"])
            let worker = try Self.worker("smtps://127.0.0.1:\(sink.port)", trust: cert)
            #expect(try await worker.deliverDue(on: app.app.db, logger: app.app.logger) == 1)
            #expect(try sink.messages().map(\.to) == ["smtps@example.org"])
        }
    }

    @Test func aRefusedRecipientFailsAtOnceWithoutHoldingUpTheRest() async throws {
        let sink = try await SMTPSink(.init(rejectRecipient: "nobody"))
        defer { sink.stop() }
        try await withApp { app in
            try await Self.enqueue(app, to: ["nobody@example.org", "somebody@example.org"])
            _ = try await Self.worker(sink.url).deliverDue(on: app.app.db, logger: app.app.logger)
            let rows = try await OutboxMail.query(on: app.app.db).sort(\.$recipient).all()
            #expect(rows.map(\.status) == [.failed, .sent])
            #expect(rows[0].lastError?.contains("550") == true)
            #expect(try sink.messages().map(\.to) == ["somebody@example.org"])
        }
    }

    @Test func anUnreachableServerMeansBackingOffThenGivingUpVisibly() async throws {
        let port = try await HavenProcess.freePort()
        try await withApp { app in
            try await Self.enqueue(app, to: ["later@example.org"])
            let worker = try Self.worker("smtp://127.0.0.1:\(port)", maxAttempts: 3)
            // The wait after each failure, as a range: the failure happened between `before` and `after`.
            var delays: [ClosedRange<TimeInterval>] = []
            for _ in 1...3 {
                let before = Date()
                _ = try await worker.deliverDue(on: app.app.db, logger: app.app.logger)
                let after = Date()
                let row = try #require(try await OutboxMail.query(on: app.app.db).first())
                delays.append(row.nextAttemptAt.timeIntervalSince(after)...row.nextAttemptAt.timeIntervalSince(before))
                row.nextAttemptAt = Date()  // skip the wait
                try await row.save(on: app.app.db)
            }
            let row = try #require(try await OutboxMail.query(on: app.app.db).first())
            #expect(row.status == .failed)
            #expect(row.attempts == 3)
            // 30 s, then 60 s (the third try gave up, so its delay is moot).
            #expect(delays[0].contains(30))
            #expect(delays[1].contains(60))

            let admin = try await app.createUser("admin@example.org", role: .admin)
            let page = try await app.get("/admin/outbox", as: try await app.session(for: admin))
            #expect(page.text.contains("later@example.org"))
            #expect(page.text.contains("Failed"))
        }
    }

    @Test func withoutSMTPMailIsKeptForAdminsToRead() async throws {
        try await withApp { app in
            #expect(
                try await app.post(
                    "/sign-up",
                    form: [("display_name", "Demo"), ("email", "demo@example.org"), ("password", TestApp.password)]
                ).status == .ok)
            let admin = try await app.createUser("admin@example.org", role: .admin)
            let session = try await app.session(for: admin)
            let outbox = try await app.get("/admin/outbox", as: session)
            #expect(outbox.text.contains("Not sent: no SMTP configured"))
            let mail = try #require(try await OutboxMail.query(on: app.app.db).first())
            let page = try await app.get("/admin/outbox/\(try mail.requireID())", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("/account/verify?token="))
            #expect(try await app.get("/admin", as: session).text.contains("No SMTP server is configured"))
        }
    }
}
