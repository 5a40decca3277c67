import Foundation

/// When a service can be reached, read from its HSDS schedules, in the schedules' own time zone.
///
/// HSDS writes weekly hours as iCalendar-style rows (`freq=WEEKLY`, `byday=MO,TU`, `opens_at`, `closes_at`,
/// `valid_from`/`valid_to`). Haven reads them like this:
/// - hours that close at or before they open run past midnight (`22:00`–`02:00`); `00:00`–`00:00` and
///   `00:00`–`23:59` are the whole day, so a 24/7 line is seven days of `00:00`–`00:00`;
/// - a row with no `byday` whose `valid_from` equals its `valid_to` is an exception for that one date: with
///   hours it replaces the weekly hours that day, without hours the service is closed (a holiday);
/// - the time zone is the schedule's IANA `timezone_name` (a Haven extension), else HSDS's UTC offset
///   `timezone`, else the deployment's.
struct OpeningHours: Sendable, Equatable {
    /// Open from `opens` to `closes` minutes after midnight on `weekday` (1 Monday … 7 Sunday), split at
    /// midnight so `closes` is at most 1440.
    struct Interval: Sendable, Equatable, Hashable {
        var weekday: Int
        var opens: Int
        var closes: Int
        var validFrom: String?
        var validTo: String?
    }

    /// A date with its own hours (or none: closed).
    struct Exception: Sendable, Equatable {
        var date: String
        var opens: Int?
        var closes: Int?
    }

    var timeZone: TimeZone
    var weekly: [Interval]
    var exceptions: [Exception]

    var isEmpty: Bool { weekly.isEmpty && exceptions.allSatisfy { $0.opens == nil } }

    /// Open every minute of every day, with no closures.
    var isAlwaysOpen: Bool {
        exceptions.isEmpty
            && (1...7).allSatisfy { day in
                weekly.contains {
                    $0.weekday == day && $0.opens == 0 && $0.closes == 1440 && $0.validFrom == nil && $0.validTo == nil
                }
            }
    }

    /// The local day and minute of `date` in this schedule's time zone.
    func local(_ date: Date) -> (weekday: Int, minute: Int, day: String) {
        OpeningHours.local(date, in: timeZone)
    }

    static func local(_ date: Date, in timeZone: TimeZone) -> (weekday: Int, minute: Int, day: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1  // Calendar: 1 = Sunday; here 1 = Monday
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return (weekday, (parts.hour ?? 0) * 60 + (parts.minute ?? 0), day)
    }

    /// The intervals that apply on a local date: the exception's hours if the date has one, else the
    /// weekly hours valid that day.
    func intervals(onDay day: String, weekday: Int) -> [ClosedRange<Int>] {
        let special = exceptions.filter { $0.date == day }
        if !special.isEmpty {
            return special.compactMap { exception in
                guard let opens = exception.opens, let closes = exception.closes else { return nil }
                return opens...max(opens, closes - 1)
            }
        }
        return weekly.filter { interval in
            interval.weekday == weekday && (interval.validFrom.map { $0 <= day } ?? true)
                && (interval.validTo.map { $0 >= day } ?? true)
        }.map { $0.opens...($0.closes - 1) }
    }

    func isOpen(at date: Date) -> Bool {
        let now = local(date)
        return intervals(onDay: now.day, weekday: now.weekday).contains { $0.contains(now.minute) }
    }

    /// The next moment it opens after `date`, looking a week ahead (nil if it never does, or is open now).
    func nextOpening(after date: Date) -> Date? {
        guard !isOpen(at: date) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        for offset in 0...7 {
            guard let moment = calendar.date(byAdding: .day, value: offset, to: date) else { continue }
            let day = local(moment)
            let startOfDay = calendar.startOfDay(for: moment)
            let starts = intervals(onDay: day.day, weekday: day.weekday).map(\.lowerBound).sorted()
            for start in starts {
                // A range that starts at midnight continues yesterday's late hours; it is not an opening.
                if start == 0 && offset > 0 && wasOpenAtEndOfDay(before: startOfDay) { continue }
                let opening = startOfDay.addingTimeInterval(TimeInterval(start * 60))
                if opening > date { return opening }
            }
        }
        return nil
    }

    private func wasOpenAtEndOfDay(before startOfDay: Date) -> Bool {
        isOpen(at: startOfDay.addingTimeInterval(-60))
    }

    /// The weekly hours of each day (1 Monday … 7 Sunday), merged and sorted, for an hours table.
    func weeklyHours(on day: String? = nil) -> [Int: [ClosedRange<Int>]] {
        var result: [Int: [ClosedRange<Int>]] = [:]
        for weekday in 1...7 {
            let ranges = weekly.filter { interval in
                interval.weekday == weekday
                    && (day.map { d in
                        (interval.validFrom.map { $0 <= d } ?? true) && (interval.validTo.map { $0 >= d } ?? true)
                    } ?? true)
            }.map { $0.opens...$0.closes }.sorted { $0.lowerBound < $1.lowerBound }
            var merged: [ClosedRange<Int>] = []
            for range in ranges {
                if let last = merged.last, range.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
                } else {
                    merged.append(range)
                }
            }
            result[weekday] = merged
        }
        return result
    }
}

extension OpeningHours {
    static let weekdayCodes = ["MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7]

    /// Reads HSDS schedule rows. Rows it cannot read as hours (a monthly pattern, a link only) add nothing;
    /// their description is still shown on the service page.
    init(schedules: [HSDSRow], defaultTimeZone: TimeZone) {
        self.timeZone = OpeningHours.timeZone(of: schedules, default: defaultTimeZone)
        self.weekly = []
        self.exceptions = []
        for row in schedules {
            let opens = row["opens_at"]?.text.flatMap(HSDSFormats.minutes)
            let closes = row["closes_at"]?.text.flatMap(HSDSFormats.minutes)
            let validFrom = row["valid_from"]?.text
            let validTo = row["valid_to"]?.text
            let days = (row["byday"]?.text ?? "").split(separator: ",").compactMap {
                OpeningHours.weekdayCodes[$0.trimmingCharacters(in: .whitespaces).uppercased().suffix(2).description]
            }
            let frequency = row["freq"]?.text?.uppercased()
            if days.isEmpty, let from = validFrom, from == validTo {
                exceptions.append(Exception(date: from, opens: opens, closes: closes.map { $0 == 0 ? 1440 : $0 }))
                continue
            }
            guard frequency == nil || frequency == "WEEKLY", let opens, let closes else { continue }
            let weekdays = days.isEmpty && frequency == "WEEKLY" ? Array(1...7) : days
            for day in weekdays {
                weekly += OpeningHours.split(
                    weekday: day, opens: opens, closes: closes, validFrom: validFrom, validTo: validTo)
            }
        }
    }

    /// One day's hours as intervals that end by midnight: late hours carry into the next day.
    static func split(weekday: Int, opens: Int, closes: Int, validFrom: String?, validTo: String?) -> [Interval] {
        let end = closes == 1439 ? 1440 : closes
        if end > opens {
            return [Interval(weekday: weekday, opens: opens, closes: end, validFrom: validFrom, validTo: validTo)]
        }
        if end == opens && opens == 0 {
            return [Interval(weekday: weekday, opens: 0, closes: 1440, validFrom: validFrom, validTo: validTo)]
        }
        let next = weekday % 7 + 1
        var parts = [Interval(weekday: weekday, opens: opens, closes: 1440, validFrom: validFrom, validTo: validTo)]
        if end > 0 {
            parts.append(Interval(weekday: next, opens: 0, closes: end, validFrom: validFrom, validTo: validTo))
        }
        return parts
    }

    static func timeZone(of schedules: [HSDSRow], default fallback: TimeZone) -> TimeZone {
        for row in schedules {
            if let name = row["timezone_name"]?.text, let zone = TimeZone(identifier: name) { return zone }
        }
        for row in schedules {
            if let offset = row["timezone"]?.number, abs(offset) <= 14,
                let zone = TimeZone(secondsFromGMT: Int(offset * 3600))
            {
                return zone
            }
        }
        return fallback
    }
}
