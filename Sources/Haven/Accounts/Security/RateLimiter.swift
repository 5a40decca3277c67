import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// A limit: at most `limit` hits per `window` in one bucket.
struct RateLimitRule: Sendable {
    var name: String
    var limit: Int
    var window: Int  // seconds

    static let signInPerAccount = RateLimitRule(name: "sign-in-account", limit: 10, window: 900)
    static let signInPerClient = RateLimitRule(name: "sign-in-client", limit: 50, window: 900)
    static let signUpPerClient = RateLimitRule(name: "sign-up-client", limit: 10, window: 3600)
    static let passwordResetPerClient = RateLimitRule(name: "reset-client", limit: 10, window: 3600)
    static let passwordResetPerAccount = RateLimitRule(name: "reset-account", limit: 3, window: 3600)
    static let mailChangePerAccount = RateLimitRule(name: "mail-change-account", limit: 5, window: 3600)
    /// Any write a person who is not signed in may make (petition signature, RSVP, story, listing report).
    static let anonymousWritePerClient = RateLimitRule(name: "anonymous-write", limit: 30, window: 3600)
    static let reportPerAccount = RateLimitRule(name: "report-account", limit: 30, window: 3600)
}

/// Thrown when a bucket is over its limit: 429 with `Retry-After` and a plain message.
struct RateLimited: AbortError {
    var retryAfter: Int
    var status: HTTPResponseStatus { .tooManyRequests }
    var reason: String {
        let minutes = max(1, (retryAfter + 59) / 60)
        return "Too many tries. Please wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
    }
    var headers: HTTPHeaders { ["Retry-After": String(retryAfter)] }
}

/// Counters in the `rate_limit_counters` table, so every app server sees the same counts.
///
/// Each bucket counts hits per fixed window, and a limit is checked against a sliding estimate: this
/// window's hits plus the previous window's, weighted by how much of it still falls within one window
/// of now. Plain fixed windows would let twice the limit through across a boundary (ten wrong passwords
/// at 14:59, ten more at 15:00). One upsert per hit (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`),
/// atomic on SQLite and PostgreSQL.
struct RateLimiter: Sendable {
    let db: any Database
    let now: Date

    init(db: any Database, now: Date = Date()) {
        self.db = db
        self.now = now
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    private var seconds: Double { now.timeIntervalSince1970 }

    private func windowStart(_ rule: RateLimitRule) -> Int64 {
        let whole = Int64(seconds)
        return whole - whole % Int64(rule.window)
    }

    /// Until the current window ends: by then at most the last window's hits still count, weighted down.
    private func retryAfter(_ rule: RateLimitRule) -> Int {
        max(1, Int((Double(windowStart(rule) + Int64(rule.window)) - seconds).rounded(.up)))
    }

    private func bucket(_ rule: RateLimitRule, _ key: String) -> String { "\(rule.name):\(key)" }

    /// The previous window's hits, weighted by the share of it still within one window of now, rounded up:
    /// ten wrong passwords that straddle a boundary must count as ten, not 9.96.
    private func carriedOver(_ rule: RateLimitRule, _ key: String) async throws -> Double {
        let row = try await sql.select().column("hits").from("rate_limit_counters")
            .where("bucket", .equal, bucket(rule, key))
            .where("window_start", .equal, windowStart(rule) - Int64(rule.window))
            .first()
        let previous = Double(try row?.decode(column: "hits", as: Int64.self) ?? 0)
        let elapsed = (seconds - Double(windowStart(rule))) / Double(rule.window)
        return (previous * max(0, 1 - elapsed)).rounded(.up)
    }

    /// Counts a hit; throws `RateLimited` if this hit is over the limit.
    func hit(_ rule: RateLimitRule, key: String) async throws {
        let row = try await sql.raw(
            """
            INSERT INTO rate_limit_counters (bucket, window_start, hits) VALUES (\(bind: bucket(rule, key)), \(bind: windowStart(rule)), 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
            RETURNING hits
            """
        ).first()
        let hits = try row?.decode(column: "hits", as: Int64.self) ?? 1
        if hits == 1 { try await forgetOldWindows(rule, key) }
        if Double(hits) + (try await carriedOver(rule, key)) > Double(rule.limit) {
            throw RateLimited(retryAfter: retryAfter(rule))
        }
    }

    /// Throws `RateLimited` if the bucket is already at its limit, without counting (for failures counted
    /// after the fact, such as wrong passwords).
    func check(_ rule: RateLimitRule, key: String) async throws {
        let row = try await sql.select().column("hits").from("rate_limit_counters")
            .where("bucket", .equal, bucket(rule, key))
            .where("window_start", .equal, windowStart(rule))
            .first()
        let hits = Double(try row?.decode(column: "hits", as: Int64.self) ?? 0)
        if hits + (try await carriedOver(rule, key)) >= Double(rule.limit) {
            throw RateLimited(retryAfter: retryAfter(rule))
        }
    }

    /// Counts a hit without throwing.
    func record(_ rule: RateLimitRule, key: String) async throws {
        do { try await hit(rule, key: key) } catch is RateLimited {}
    }

    /// Windows before the previous one no longer count.
    private func forgetOldWindows(_ rule: RateLimitRule, _ key: String) async throws {
        try await sql.delete(from: "rate_limit_counters")
            .where("bucket", .equal, bucket(rule, key))
            .where("window_start", .lessThan, windowStart(rule) - Int64(rule.window))
            .run()
    }
}

extension Request {
    /// A stable, anonymous name for the client: a keyed hash of its address, so the counter table holds no
    /// address and no digest anyone could reverse by trying every address.
    func clientKey() async throws -> String {
        try await privateKey("client:" + clientAddress)
    }

    /// The client's address: the connection's peer, or — when the peer is a trusted reverse proxy — the last
    /// address in `X-Forwarded-For`, the one that proxy added (earlier entries can be forged by the client).
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard application.havenConfig.trustedProxies.contains(peer),
            let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last?
                .trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty
        else { return peer }
        return forwarded
    }

    /// A rate-limit key for an email address (sign-in, reset), keyed the same way.
    func accountKey(email: String) async throws -> String {
        try await privateKey("account:" + User.normalize(email: email))
    }

    private func privateKey(_ value: String) async throws -> String {
        let secret = try await application.installationSecret.read(on: db)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    var rateLimiter: RateLimiter { RateLimiter(db: db) }
}

/// The installation's random key (made by a migration, the same on every app server), read once.
final class InstallationSecret: Sendable {
    private let value = NIOLockedValueBox<String?>(nil)

    func read(on db: any Database) async throws -> String {
        if let secret = value.withLockedValue({ $0 }) { return secret }
        let row = try await (db as! any SQLDatabase).select().column("value").from("installation_secrets")
            .where("name", .equal, "client-key").first()
        guard let secret = try row?.decode(column: "value", as: String.self) else {
            throw Abort(.internalServerError, reason: "The installation secret is missing; run haven migrate.")
        }
        value.withLockedValue { $0 = secret }
        return secret
    }
}

extension Application {
    private struct InstallationSecretKey: StorageKey { typealias Value = InstallationSecret }

    var installationSecret: InstallationSecret {
        get { storage[InstallationSecretKey.self]! }
        set { storage[InstallationSecretKey.self] = newValue }
    }
}
