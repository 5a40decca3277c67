import Fluent
import NIOConcurrencyHelpers
import NIOSSL
import SQLKit
import Vapor

/// Delivers due outbox rows over SMTP, in the server process. Several servers may run one each:
/// a worker claims rows with one `UPDATE … RETURNING` (on PostgreSQL the candidates are locked with
/// `FOR UPDATE SKIP LOCKED`, so two workers never claim the same row; SQLite has one writer at a time).
///
/// A claim is a lease: a worker that dies mid-send leaves its rows `sending` until the lease runs out,
/// then another worker takes them. The one window for a duplicate is a crash after the SMTP server
/// accepted a mail and before the row was marked sent (docs/OPERATIONS.md).
final class OutboxWorker: Sendable {
    struct Settings: Sendable {
        var smtp: SMTPSettings
        var from: String
        var fromName: String
        var trustRoots: NIOSSLTrustRoots = .default
        var batchSize = 20
        var pollInterval: Duration = .seconds(1)
        var lease: TimeInterval = 120
        var maxAttempts = 10
        /// The first retry waits this long; each further one twice as long.
        var firstRetryDelay: TimeInterval = 30
    }

    let settings: Settings
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(settings: Settings) { self.settings = settings }

    func start(database: @escaping @Sendable () -> any Database, logger: Logger) {
        let worker = self
        task.withLockedValue { task in
            guard task == nil else { return }
            task = Task {
                while !Task.isCancelled {
                    var delivered = 0
                    do {
                        delivered = try await worker.deliverDue(on: database(), logger: logger)
                    } catch {
                        logger.warning("outbox: could not read due mail", metadata: ["error": "\(type(of: error))"])
                    }
                    if delivered == 0 { try? await Task.sleep(for: worker.settings.pollInterval) }
                }
            }
        }
    }

    func stop() async {
        let running = task.withLockedValue { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }

    struct ClaimedMail: Sendable {
        var id: UUID
        var recipient: String
        var subject: String
        var text: String
        var html: String
        var attempts: Int
    }

    /// Claims up to one batch of due mail and tries to deliver it. Returns how many were claimed.
    @discardableResult
    func deliverDue(on db: any Database, logger: Logger, now: Date = Date()) async throws -> Int {
        let claimed = try await claim(on: db, now: now)
        guard !claimed.isEmpty else { return 0 }
        let client = SMTPClient(settings: settings.smtp, trustRoots: settings.trustRoots)
        let connection: SMTPClient.Connection
        do {
            connection = try await client.connect()
        } catch {
            // Whatever went wrong before the first message (even a 5xx to AUTH) is the connection's fault,
            // not these mails': they wait and are tried again.
            let transient = SMTPError.unreachable(String(describing: error))
            for mail in claimed { try await failed(mail, error: transient, on: db) }
            logger.warning("outbox: SMTP server unavailable", metadata: ["error": "\(error)"])
            return claimed.count
        }
        var connectionBroken: (any Error)?
        for mail in claimed {
            if let connectionBroken {
                try await failed(mail, error: connectionBroken, on: db)
                continue
            }
            let message = MailMessage(
                from: settings.from, fromName: settings.fromName, to: mail.recipient, subject: mail.subject,
                text: mail.text, html: mail.html, messageID: "\(mail.id.uuidString.lowercased())@haven", date: now)
            do {
                guard MailMessage.isSafeAddress(mail.recipient) else {
                    throw SMTPError.rejected(
                        command: "RCPT TO", reply: SMTPReply(code: 553, lines: ["not a deliverable address"]))
                }
                try await connection.send(from: settings.from, to: mail.recipient, data: message.rendered())
                try await markSent(mail, on: db)
            } catch {
                try await failed(mail, error: error, on: db)
                if case SMTPError.rejected = error { try? await connection.reset() } else { connectionBroken = error }
            }
        }
        await connection.close()
        return claimed.count
    }

    private func claim(on db: any Database, now: Date) async throws -> [ClaimedMail] {
        let sql = db as! any SQLDatabase
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw(
            """
            UPDATE outbox_mails SET status = 'sending', attempts = attempts + 1,
                lease_until = \(bind: now.addingTimeInterval(settings.lease))
            WHERE id IN (
                SELECT id FROM outbox_mails
                WHERE (status = 'queued' AND next_attempt_at <= \(bind: now))
                   OR (status = 'sending' AND lease_until < \(bind: now))
                ORDER BY next_attempt_at
                LIMIT \(literal: settings.batchSize)
                \(lock)
            )
            RETURNING id, recipient, subject, text_body, html_body, attempts
            """
        ).all()
        return try rows.map { row in
            ClaimedMail(
                id: try row.decode(column: "id", as: UUID.self),
                recipient: try row.decode(column: "recipient", as: String.self),
                subject: try row.decode(column: "subject", as: String.self),
                text: try row.decode(column: "text_body", as: String.self),
                html: try row.decode(column: "html_body", as: String.self),
                attempts: try row.decode(column: "attempts", as: Int.self))
        }
    }

    private func markSent(_ mail: ClaimedMail, on db: any Database) async throws {
        try await (db as! any SQLDatabase).update("outbox_mails")
            .set("status", to: OutboxMail.Status.sent.rawValue)
            .set("sent_at", to: Date())
            .set("lease_until", to: SQLLiteral.null)
            .set("last_error", to: SQLLiteral.null)
            .where("id", .equal, mail.id)
            .run()
    }

    private func failed(_ mail: ClaimedMail, error: any Error, on db: any Database) async throws {
        let permanent = (error as? SMTPError)?.isPermanent ?? false
        let givingUp = permanent || mail.attempts >= settings.maxAttempts
        let delay = settings.firstRetryDelay * pow(2, Double(max(0, mail.attempts - 1)))
        try await (db as! any SQLDatabase).update("outbox_mails")
            .set("status", to: (givingUp ? OutboxMail.Status.failed : .queued).rawValue)
            .set("next_attempt_at", to: Date().addingTimeInterval(delay))
            .set("lease_until", to: SQLLiteral.null)
            .set("last_error", to: String(describing: error).prefix(500).description)
            .where("id", .equal, mail.id)
            .run()
    }
}

extension Application {
    private struct OutboxWorkerKey: StorageKey { typealias Value = OutboxWorker }

    /// Set by `configure` when `SMTP_URL` is; started by `serve` and `demo` only.
    var outboxWorker: OutboxWorker? {
        get { storage[OutboxWorkerKey.self] }
        set { storage[OutboxWorkerKey.self] = newValue }
    }
}

extension HavenConfig {
    var smtpTrustRoots: NIOSSLTrustRoots {
        smtpCAFile.map { .file($0) } ?? .default
    }
}
