import Foundation

/// The organizer's form for one service, as typed: what the service is, its phones, its weekly hours and
/// its place. Plain data; `validate` says what is wrong next to each field, in the reader's language.
struct ServiceEdit: Sendable, Equatable {
    static let phoneRows = 3
    static let statuses = ["active", "temporarily closed", "inactive", "defunct"]
    static let phoneTypes = ["voice", "text", "cell", "video", "fax", "textphone"]

    struct Phone: Sendable, Equatable {
        var number = ""
        var type = "voice"
        var description = ""
    }

    /// One day's hours: up to two ranges (a morning and an evening), "HH:MM" each.
    struct Day: Sendable, Equatable {
        var opens1 = ""
        var closes1 = ""
        var opens2 = ""
        var closes2 = ""
    }

    var name = ""
    var description = ""
    var status = "active"
    var url = ""
    var email = ""
    var minimumAge = ""
    var maximumAge = ""
    var eligibility = ""
    var free = false
    var feesDescription = ""
    var languages = ""
    var phones: [Phone] = Array(repeating: Phone(), count: ServiceEdit.phoneRows)
    var alwaysOpen = false
    var timeZone = ""
    /// Monday first.
    var days: [Day] = Array(repeating: Day(), count: 7)
    var locationType = "physical"
    var locationName = ""
    var address = ""
    var city = ""
    var region = ""
    var postalCode = ""
    var country = ""
    var latitude = ""
    var longitude = ""

    static let dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// Reads the submitted form (field names as the page writes them).
    init(form: [String: String]) {
        func value(_ name: String, limit: Int = 500) -> String {
            String((form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(limit))
        }
        name = value("name", limit: 200)
        description = value("description", limit: 5_000)
        status = value("status")
        url = value("url")
        email = value("email")
        minimumAge = value("minimum_age", limit: 10)
        maximumAge = value("maximum_age", limit: 10)
        eligibility = value("eligibility", limit: 2_000)
        free = form["free"] != nil
        feesDescription = value("fees_description", limit: 1_000)
        languages = value("languages", limit: 200)
        phones = (0..<Self.phoneRows).map { index in
            Phone(
                number: value("phone\(index)_number", limit: 40), type: value("phone\(index)_type", limit: 20),
                description: value("phone\(index)_description", limit: 200))
        }
        alwaysOpen = form["always_open"] != nil
        timeZone = value("timezone", limit: 60)
        days = Self.dayCodes.map { code in
            Day(
                opens1: value("\(code)_opens1", limit: 8), closes1: value("\(code)_closes1", limit: 8),
                opens2: value("\(code)_opens2", limit: 8), closes2: value("\(code)_closes2", limit: 8))
        }
        locationType = value("location_type", limit: 20)
        locationName = value("location_name", limit: 200)
        address = value("address", limit: 200)
        city = value("city", limit: 100)
        region = value("region", limit: 100)
        postalCode = value("postal_code", limit: 20)
        country = value("country", limit: 2).uppercased()
        latitude = value("latitude", limit: 20)
        longitude = value("longitude", limit: 20)
    }

    init() {}

    /// Every problem, each naming the field it belongs next to.
    func validate(strings s: Strings) -> [FormError] {
        var errors: [FormError] = []
        func add(_ field: String, _ key: String, _ values: [String: String] = [:]) {
            errors.append(FormError(field: field, message: s[key, values]))
        }
        if name.isEmpty { add("name", "directory.edit.error.name") }
        if description.isEmpty { add("description", "directory.edit.error.description") }
        if !Self.statuses.contains(status) { add("status", "directory.edit.error.status") }
        if !url.isEmpty, DirectoryLinks.web(url) == nil { add("url", "directory.edit.error.url") }
        if !email.isEmpty, !HSDSFormats.isEmail(email) { add("email", "directory.edit.error.email") }
        let minimum = Int(minimumAge)
        let maximum = Int(maximumAge)
        if !minimumAge.isEmpty, minimum.map({ !(0...130).contains($0) }) ?? true {
            add("minimum_age", "directory.edit.error.age")
        }
        if !maximumAge.isEmpty, maximum.map({ !(0...130).contains($0) }) ?? true {
            add("maximum_age", "directory.edit.error.age")
        }
        if let minimum, let maximum, minimum > maximum { add("maximum_age", "directory.edit.error.ageOrder") }
        for code in languageCodes where !LanguageCodes.isValid(code) {
            add("languages", "directory.edit.error.language", ["code": code])
        }
        for (index, phone) in phones.enumerated() where !phone.number.isEmpty {
            let allowed = CharacterSet(charactersIn: "0123456789+-(). ")
            if phone.number.unicodeScalars.contains(where: { !allowed.contains($0) })
                || DirectoryLinks.dialable(phone.number) == nil
            {
                add("phone\(index)_number", "directory.edit.error.phone", ["number": phone.number])
            }
            if !Self.phoneTypes.contains(phone.type) { add("phone\(index)_type", "directory.edit.error.phoneType") }
        }
        if !timeZone.isEmpty, TimeZone(identifier: timeZone) == nil {
            add("timezone", "directory.edit.error.timezone", ["zone": timeZone])
        }
        if !alwaysOpen {
            for (index, day) in days.enumerated() {
                let code = Self.dayCodes[index]
                for (part, opens, closes) in [("1", day.opens1, day.closes1), ("2", day.opens2, day.closes2)] {
                    if opens.isEmpty && closes.isEmpty { continue }
                    guard let from = HSDSFormats.minutes(opens), opens.count == 5 else {
                        add("\(code)_opens\(part)", "directory.edit.error.time", ["time": opens])
                        continue
                    }
                    guard let to = HSDSFormats.minutes(closes), closes.count == 5 else {
                        add("\(code)_closes\(part)", "directory.edit.error.time", ["time": closes])
                        continue
                    }
                    if to <= from { add("\(code)_closes\(part)", "directory.edit.error.closesBeforeOpens") }
                }
            }
        }
        if !["physical", "virtual", "postal"].contains(locationType) {
            add("location_type", "directory.edit.error.locationType")
        }
        if locationType == "physical" && hasPlace {
            if address.isEmpty { add("address", "directory.edit.error.address") }
            if city.isEmpty { add("city", "directory.edit.error.city") }
            if region.isEmpty { add("region", "directory.edit.error.region") }
            if postalCode.isEmpty { add("postal_code", "directory.edit.error.postalCode") }
        }
        let latitudeValue = Double(latitude)
        let longitudeValue = Double(longitude)
        if !latitude.isEmpty, latitudeValue.map({ !(-90...90).contains($0) }) ?? true {
            add("latitude", "directory.edit.error.latitude")
        }
        if !longitude.isEmpty, longitudeValue.map({ !(-180...180).contains($0) }) ?? true {
            add("longitude", "directory.edit.error.longitude")
        }
        if latitude.isEmpty != longitude.isEmpty {
            add(latitude.isEmpty ? "latitude" : "longitude", "directory.edit.error.bothCoordinates")
        }
        return errors
    }

    var languageCodes: [String] {
        languages.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }.filter { !$0.isEmpty }
    }

    /// Whether the form describes a place at all (a phone line has none).
    var hasPlace: Bool {
        !(address.isEmpty && city.isEmpty && postalCode.isEmpty && latitude.isEmpty && locationName.isEmpty)
    }

    /// The weekly hours as HSDS schedule rows: one row per distinct range, listing the days it applies to.
    func scheduleRows(zone: String) -> [HSDSRow] {
        if alwaysOpen {
            return [
                [
                    "freq": .text("WEEKLY"), "byday": .text(Self.dayCodes.joined(separator: ",")),
                    "opens_at": .text("00:00"),
                    "closes_at": .text("00:00"), "timezone_name": .text(zone), "wkst": .text("MO"),
                    "description": .text("Open 24 hours a day, 7 days a week."),
                ]
            ]
        }
        var ranges: [(opens: String, closes: String, days: [String])] = []
        for (index, day) in days.enumerated() {
            for (opens, closes) in [(day.opens1, day.closes1), (day.opens2, day.closes2)]
            where !opens.isEmpty && !closes.isEmpty {
                if let existing = ranges.firstIndex(where: { $0.opens == opens && $0.closes == closes }) {
                    ranges[existing].days.append(Self.dayCodes[index])
                } else {
                    ranges.append((opens, closes, [Self.dayCodes[index]]))
                }
            }
        }
        return ranges.map { range in
            [
                "freq": .text("WEEKLY"), "byday": .text(range.days.joined(separator: ",")),
                "opens_at": .text(range.opens),
                "closes_at": .text(range.closes), "timezone_name": .text(zone), "wkst": .text("MO"),
            ]
        }
    }
}
