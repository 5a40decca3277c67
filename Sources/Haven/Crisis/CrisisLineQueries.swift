import Fluent
import Foundation
import NIOConcurrencyHelpers

extension CrisisLine {
    /// Every line, the given country's first, then by country code and rank.
    static func all(countryFirst country: String, on database: Database) async throws -> [CrisisLine] {
        let lines = try await CrisisLine.query(on: database)
            .sort(\.$countryCode).sort(\.$rank).sort(\.$name).all()
        return lines.filter { $0.countryCode == country } + lines.filter { $0.countryCode != country }
    }

    static func countryCodes(on database: Database) async throws -> [String] {
        try await CrisisLine.query(on: database).unique().all(\.$countryCode).sorted()
    }
}

/// What the banner on every page shows: the deployment country's first line.
///
/// Every page shows it, so it is read from the database at most once a minute per process rather than once
/// a request; a line edited on one app server reaches the banners of the others within that minute.
final class CrisisBannerSource: Sendable {
    struct Line: Sendable, Equatable {
        var name: String
        var phone: String?
        var dialable: String?
        var sms: String?
    }

    private struct Cached: Sendable {
        var line: Line?
        var fetchedAt: Date
    }

    let country: String
    private let cache = NIOLockedValueBox<Cached?>(nil)
    private let timeToLive: TimeInterval

    init(country: String, timeToLive: TimeInterval = 60) {
        self.country = country
        self.timeToLive = timeToLive
    }

    func line(on database: Database, now: Date = Date()) async -> Line? {
        if let cached = cache.withLockedValue({ $0 }), now.timeIntervalSince(cached.fetchedAt) < timeToLive {
            return cached.line
        }
        do {
            let line = try await CrisisLine.query(on: database)
                .filter(\.$countryCode == country).sort(\.$rank).first()
                .map { Line(name: $0.name, phone: $0.phone, dialable: $0.dialable, sms: $0.sms) }
            cache.withLockedValue { $0 = Cached(line: line, fetchedAt: now) }
            return line
        } catch {
            // The banner must render even when the database is down: it then links to /help only.
            return cache.withLockedValue { $0 }?.line
        }
    }

    func invalidate() { cache.withLockedValue { $0 = nil } }
}
