import Foundation
import NIOConcurrencyHelpers

/// Names of countries and languages, and dates, in the reader's language, remembered once looked up:
/// each lookup asks ICU, which costs far more than the rest of a page.
enum LocaleNames {
    private static let cache = NIOLockedValueBox<[String: String]>([:])

    private static func remembered(_ key: String, _ compute: () -> String) -> String {
        if let known = cache.withLockedValue({ $0[key] }) { return known }
        let value = compute()
        cache.withLockedValue { $0[key] = value }
        return value
    }

    /// "United Kingdom" / "Reino Unido"; the code itself if unknown.
    static func country(_ code: String, in language: String) -> String {
        remembered("c|\(language)|\(code)") {
            Locale(identifier: language).localizedString(forRegionCode: code) ?? code
        }
    }

    /// "Welsh" / "galés"; the tag itself if unknown.
    static func language(_ tag: String, in language: String) -> String {
        remembered("l|\(language)|\(tag)") {
            Locale(identifier: language).localizedString(forLanguageCode: tag) ?? tag
        }
    }

    /// "November 26, 2026" / "26 de noviembre de 2026", as a calendar date in UTC.
    static func date(_ date: Date, in language: String) -> String {
        remembered("d|\(language)|\(Int(date.timeIntervalSince1970))") {
            var style = Date.FormatStyle(date: .long, time: .omitted).locale(Locale(identifier: language))
            style.timeZone = TimeZone(identifier: "UTC")!
            return date.formatted(style)
        }
    }

    /// "Nov 26, 2026, 23:10 UTC": when something happened, for staff pages. Not remembered: every instant
    /// is different.
    static func dateTime(_ date: Date, in language: String) -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened).locale(Locale(identifier: language))
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style) + " UTC"
    }
}
