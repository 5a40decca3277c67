import Fluent
import Foundation
import NIOConcurrencyHelpers

/// A crisis line as pages show it: a plain value, read from the database or built into Haven.
struct CrisisLineSummary: Sendable, Equatable {
    var countryCode: String
    var name: String
    var phone: String?
    /// The `tel:` target: the published number without spaces or punctuation.
    var dialable: String?
    var sms: String?
    var chatURL: String?
    var website: String?
    var open24x7: Bool
    var hours: String?
    var languages: [String]
    var topics: [String]
    var sourceURL: String
    var lastVerified: Date
    var rank: Int

    init(_ line: CrisisLine) {
        countryCode = line.countryCode
        name = line.name
        phone = line.phone
        dialable = line.dialable
        sms = line.sms
        chatURL = line.chatURL
        website = line.website
        open24x7 = line.open24x7
        hours = line.hours
        languages = line.languages
        topics = line.topics
        sourceURL = line.sourceURL
        lastVerified = line.lastVerified
        rank = line.rank
    }
}

/// Every crisis line, kept in memory: the banner on every page and `/help` read them here.
///
/// The list is read from the database at most once a minute per process, so a line edited on one app server
/// reaches the others within that minute. When the database is down or slow, the last list read is kept,
/// and before any was read the lines built into Haven are shown: crisis lines matter most when something
/// is wrong.
final class CrisisLineCatalog: Sendable {
    struct Snapshot: Sendable {
        /// By country code, then rank, then name.
        var lines: [CrisisLineSummary]
        /// True when these are the built-in lines because the database could not be read.
        var fromFallback: Bool
    }

    private struct Cached: Sendable {
        var snapshot: Snapshot
        /// When to ask the database again: a minute after a good read, a few seconds after a failed one.
        var refreshAt: ContinuousClock.Instant
    }

    private let cache = NIOLockedValueBox<Cached?>(nil)
    private let timeToLive: Duration
    private let retryAfterFailure: Duration
    private let databaseDeadline: Duration
    /// The time, injectable so tests of the refresh rules do not depend on how busy the machine is.
    private let clock: @Sendable () -> ContinuousClock.Instant

    init(
        timeToLive: Duration = .seconds(60), retryAfterFailure: Duration = .seconds(5),
        databaseDeadline: Duration = .seconds(1), clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.timeToLive = timeToLive
        self.retryAfterFailure = retryAfterFailure
        self.databaseDeadline = databaseDeadline
        self.clock = clock
    }

    static var builtIn: [CrisisLineSummary] { sorted(SeedCrisisLines.lines.map(CrisisLineSummary.init)) }

    func snapshot(on database: Database) async -> Snapshot {
        await snapshot(
            load: { try await CrisisLine.query(on: database).all().map(CrisisLineSummary.init) },
            failed: { database.logger.error("crisis lines could not be read; showing the lines last read or built in") }
        )
    }

    /// The snapshot, reading the lines with `load` when the cached one is due for a refresh.
    func snapshot(
        load: @escaping @Sendable () async throws -> [CrisisLineSummary], failed: () -> Void = {}
    ) async -> Snapshot {
        let cached = cache.withLockedValue { $0 }
        if let cached, clock() < cached.refreshAt {
            return cached.snapshot
        }
        if let fetched = await Deadline.run(within: databaseDeadline, load) {
            let snapshot = Snapshot(lines: Self.sorted(fetched), fromFallback: false)
            cache.withLockedValue { $0 = Cached(snapshot: snapshot, refreshAt: clock() + timeToLive) }
            return snapshot
        }
        // Keep what was read last (stale, but real), else the built-in lines; and do not ask a failing
        // database again on every page.
        failed()
        let kept =
            cached.flatMap { $0.snapshot.fromFallback ? nil : $0.snapshot }
            ?? Snapshot(lines: Self.builtIn, fromFallback: true)
        // Counted from the end of the failed attempt, which may itself have taken the whole deadline.
        cache.withLockedValue { $0 = Cached(snapshot: kept, refreshAt: clock() + retryAfterFailure) }
        return kept
    }

    /// The line the banner shows for a country: its first by rank.
    func bannerLine(for country: String, on database: Database) async -> CrisisLineSummary? {
        await snapshot(on: database).lines.first { $0.countryCode == country }
    }

    /// Forget the list, so the next page reads it again (after a line was added or changed here).
    func invalidate() { cache.withLockedValue { $0 = nil } }

    static func sorted(_ lines: [CrisisLineSummary]) -> [CrisisLineSummary] {
        lines.sorted { ($0.countryCode, $0.rank, $0.name) < ($1.countryCode, $1.rank, $1.name) }
    }
}
