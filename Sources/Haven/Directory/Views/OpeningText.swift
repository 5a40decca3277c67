import Foundation

/// Opening hours in words, in the reader's language: "6:30 PM" in English, "18:30" in Spanish.
enum OpeningText {
    private static func formatter(_ template: String, _ language: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language)
        formatter.timeZone = zone
        formatter.dateFormat = DateFormatter.dateFormat(fromTemplate: template, options: 0, locale: formatter.locale)
        return formatter
    }

    /// A time of day given as minutes after midnight.
    static func time(_ minutes: Int, language: String) -> String {
        let utc = TimeZone(identifier: "UTC")!
        return formatter("jmm", language, utc).string(
            from: Date(timeIntervalSince1970: TimeInterval((minutes % 1440) * 60)))
    }

    static func range(_ range: ClosedRange<Int>, language: String) -> String {
        time(range.lowerBound, language: language) + "–" + time(range.upperBound, language: language)
    }

    /// "Tuesday 6:30 PM CST": a moment in a listing's own time zone, with the zone named.
    static func moment(_ date: Date, in zone: TimeZone, language: String) -> String {
        let text = formatter("EEEEjmm", language, zone).string(from: date)
        return text + " " + (zone.abbreviation(for: date) ?? zone.identifier)
    }

    /// "Monday" … "Sunday" for weekdays 1…7.
    static func weekday(_ weekday: Int, language: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language)
        let names: [String] = formatter.standaloneWeekdaySymbols  // Sunday first
        guard names.count == 7 else { return String(weekday) }
        let name = names[weekday % 7]
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// "Central Time" for America/Chicago, in the reader's language.
    static func zoneName(_ zone: TimeZone, language: String) -> String {
        zone.localizedName(for: .generic, locale: Locale(identifier: language)) ?? zone.identifier
    }
}
