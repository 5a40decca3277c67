import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Deletes what has stopped mattering: sessions past their expiry, mailed links a week after they
/// expired, rate-limit windows that can no longer count, and sent mail after 30 days (the outbox is not an
/// archive of what people were told). Every server runs it every ten minutes; the deletes are idempotent,
/// so several servers doing it at once is harmless.
enum Housekeeping {
    static let interval: Duration = .seconds(600)
    static let sentMailKept: TimeInterval = 30 * 24 * 3600

    struct Removed: Equatable, Sendable {
        var sessions = 0
        var links = 0
        var rateLimitWindows = 0
        var sentMail = 0
    }

    @discardableResult
    static func run(on db: any Database, now: Date = Date()) async throws -> Removed {
        var removed = Removed()
        removed.sessions = try await delete(UserSession.query(on: db).filter(\.$expiresAt < now))
        removed.links = try await delete(
            AccountToken.query(on: db).filter(\.$expiresAt < now.addingTimeInterval(-7 * 24 * 3600)))
        removed.sentMail = try await delete(
            OutboxMail.query(on: db).filter(\.$status == .sent).filter(
                \.$createdAt < now.addingTimeInterval(-sentMailKept)))
        // The longest window is an hour, and the previous window still counts: older than two hours is dead.
        let sql = db as! any SQLDatabase
        let cutoff = Int64(now.timeIntervalSince1970) - 2 * 3600
        let stale = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("rate_limit_counters").where("window_start", .lessThan, cutoff).first()
        removed.rateLimitWindows = try stale?.decode(column: "n", as: Int.self) ?? 0
        try await sql.delete(from: "rate_limit_counters").where("window_start", .lessThan, cutoff).run()
        return removed
    }

    private static func delete<M: Model>(_ query: QueryBuilder<M>) async throws -> Int {
        let count = try await query.copy().count()
        if count > 0 { try await query.delete() }
        return count
    }

    /// Runs `run` every `interval` until the server stops.
    static func start(on app: Application) {
        let task = Task { [app] in
            while !Task.isCancelled {
                do {
                    let removed = try await run(on: app.db)
                    if removed != Removed() {
                        app.logger.info(
                            "housekeeping",
                            metadata: [
                                "sessions": "\(removed.sessions)", "links": "\(removed.links)",
                                "rate_limit_windows": "\(removed.rateLimitWindows)", "sent_mail": "\(removed.sentMail)",
                            ])
                    }
                } catch {
                    app.logger.warning("housekeeping failed", metadata: ["error": "\(type(of: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
        app.lifecycle.use(HousekeepingLifecycle(task: task))
    }
}

private struct HousekeepingLifecycle: LifecycleHandler {
    let task: Task<Void, Never>

    func shutdownAsync(_ application: Application) async {
        task.cancel()
        await task.value
    }
}
