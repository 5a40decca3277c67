import Foundation

/// One table of the HSDS tabular data package: its name in the package, Haven's SQL table, its CSV file
/// and its fields. `HSDSTable.all` (generated) lists them.
struct HSDSTable: Sendable {
    enum Kind: Sendable {
        case uuid, text, email, uri, number, date, dateTime, time
    }

    struct Field: Sendable {
        var name: String
        var kind: Kind
        var required: Bool
        /// A Haven extension, not part of HSDS (exported all the same; HSDS allows extra fields).
        var haven: Bool

        init(_ name: String, _ kind: Kind, required: Bool = false, haven: Bool = false) {
            self.name = name
            self.kind = kind
            self.required = required
            self.haven = haven
        }
    }

    var resource: String
    var table: String
    var file: String
    var fields: [Field]

    static func named(_ resource: String) -> HSDSTable {
        guard let table = all.first(where: { $0.resource == resource }) else {
            preconditionFailure("no HSDS table \(resource)")
        }
        return table
    }

    /// Fields that point at another row (`service_id`, `parent_id`, …): indexed, because nested reads follow them.
    var references: [Field] { fields.filter { $0.kind == .uuid && $0.name != "id" } }

    func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

/// A value of an HSDS field as Haven stores it: identifiers as UUIDs, numbers as doubles, everything else
/// (dates and times included, in their ISO form) as text, so export writes back what import read.
enum HSDSValue: Sendable, Hashable, Codable {
    case uuid(UUID)
    case text(String)
    case number(Double)
    case null

    var text: String? {
        switch self {
        case .uuid(let id): UUIDText.string(id)
        case .text(let text): text
        case .number(let number): HSDSValue.format(number)
        case .null: nil
        }
    }

    var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    var uuid: UUID? {
        if case .uuid(let id) = self { return id }
        return nil
    }

    /// `12`, not `12.0`: whole numbers are written the way people and the HSDS examples write them.
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .uuid(let id): try container.encode(UUIDText.string(id))
        case .text(let text): try container.encode(text)
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        case .null: try container.encodeNil()
        }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

/// One row of an HSDS table, by field name; a missing key is null.
typealias HSDSRow = [String: HSDSValue]

extension HSDSTable.Kind {
    /// Parses a value as read from a CSV cell or a JSON string; `nil` with the problem when it is not one.
    func parse(_ raw: String) -> Result<HSDSValue, HSDSFieldProblem> {
        // Trimming allocates; most values have nothing to trim (an import reads millions of them).
        let edges = (raw.utf8.first, raw.utf8.last)
        let value =
            edges.0.map(Self.mayBeSpace) == true || edges.1.map(Self.mayBeSpace) == true
            ? raw.trimmingCharacters(in: .whitespacesAndNewlines) : raw
        if value.isEmpty { return .success(.null) }
        switch self {
        case .uuid:
            guard let id = UUIDText.parse(value) else { return .failure(.init("is not a UUID")) }
            return .success(.uuid(id))
        case .number:
            guard let number = Double(value), number.isFinite else { return .failure(.init("is not a number")) }
            return .success(.number(number))
        case .date:
            guard HSDSFormats.isDate(value) else { return .failure(.init("is not a date (YYYY-MM-DD)")) }
        case .dateTime:
            guard HSDSFormats.isDateTime(value) else {
                return .failure(.init("is not a date and time (ISO 8601, e.g. 2024-03-15T10:30:00Z)"))
            }
        case .time:
            guard HSDSFormats.minutes(value) != nil else { return .failure(.init("is not a time (HH:MM)")) }
        case .email:
            guard HSDSFormats.isEmail(value) else { return .failure(.init("is not an email address")) }
        case .uri:
            guard HSDSFormats.isURI(value) else { return .failure(.init("is not a URL (https://…)")) }
        case .text:
            return .success(.text(raw))
        }
        return .success(.text(value))
    }
}

extension HSDSTable.Kind {
    /// ASCII white space, or the first byte of a multi-byte character (which might be a non-ASCII space).
    fileprivate static func mayBeSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || byte >= 0x80
    }
}

struct HSDSFieldProblem: Error, Sendable, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The formats HSDS fields use, checked the way the HSDS JSON schemas would.
enum HSDSFormats {
    static func isDate(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        var components = DateComponents(year: year, month: month)
        components.calendar = Calendar(identifier: .gregorian)
        let calendar = Calendar(identifier: .gregorian)
        guard let first = calendar.date(from: components),
            let days = calendar.range(of: .day, in: .month, for: first)
        else { return false }
        return days.contains(day)
    }

    /// RFC 3339 / ISO 8601 internet date-time: `2024-03-15T10:30:45Z`, with optional fraction of a second
    /// and `Z` or `±HH:MM`. Checked by hand: a date formatter per value made imports four times slower.
    static func isDateTime(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 20,
            let separator = bytes.firstIndex(where: {
                $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "t")
            }),
            separator == 10, isDate(String(decoding: bytes[0..<10], as: UTF8.self))
        else { return false }
        var time = bytes[11...]
        func digits(_ count: Int, max: Int) -> Bool {
            guard time.count >= count else { return false }
            let part = time.prefix(count)
            guard part.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let number = Int(String(decoding: part, as: UTF8.self)), number <= max
            else { return false }
            time = time.dropFirst(count)
            return true
        }
        func literal(_ character: Character) -> Bool {
            guard time.first == character.asciiValue else { return false }
            time = time.dropFirst()
            return true
        }
        guard digits(2, max: 23), literal(":"), digits(2, max: 59), literal(":"), digits(2, max: 60) else {
            return false
        }
        if time.first == UInt8(ascii: ".") {
            time = time.dropFirst()
            let fraction = time.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard !fraction.isEmpty else { return false }
            time = time.dropFirst(fraction.count)
        }
        if literal("Z") || literal("z") { return time.isEmpty }
        guard literal("+") || literal("-") else { return false }
        return digits(2, max: 23) && literal(":") && digits(2, max: 59) && time.isEmpty
    }

    /// Minutes after midnight of `HH:MM` or `HH:MM:SS` (an offset or `Z` after it is allowed and ignored:
    /// hours are read in the schedule's time zone). `24:00` is the end of a day.
    static func minutes(_ value: String) -> Int? {
        var time = Substring(value)
        if let cut = time.firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) { time = time[..<cut] }
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]),
            parts.count == 2 || Int(parts[2]).map({ (0...59).contains($0) }) == true,
            (0...59).contains(minutes), (0...23).contains(hours) || (hours == 24 && minutes == 0)
        else { return nil }
        return hours * 60 + minutes
    }

    static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !value.contains(where: \.isWhitespace)
    }

    static func isURI(_ value: String) -> Bool {
        guard let url = URL(string: value), let scheme = url.scheme, !scheme.isEmpty else { return false }
        return !value.contains(where: \.isWhitespace)
    }
}
