import Foundation
import Vapor

/// Reads query parameters for the directory's APIs: every bad value is a 400 naming the parameter and
/// saying what would be accepted.
struct DirectoryParameters {
    let request: Request

    func string(_ name: String) -> String? {
        guard let value = request.query[String.self, at: name]?.trimmingCharacters(in: .whitespacesAndNewlines),
            !value.isEmpty
        else { return nil }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw InvalidParameter(
                parameter: name,
                problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(raw)\"")
        }
        return value
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let raw = string(name) else { return nil }
        guard let value = Double(raw), value.isFinite, range.contains(value) else {
            throw InvalidParameter(
                parameter: name,
                problem:
                    "must be a number from \(HSDSValue.format(range.lowerBound)) to \(HSDSValue.format(range.upperBound)), not \"\(raw)\""
            )
        }
        return value
    }

    func bool(_ name: String) throws -> Bool {
        guard let raw = string(name) else { return false }
        switch raw.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw InvalidParameter(parameter: name, problem: "must be true or false, not \"\(raw)\"")
        }
    }

    func uuid(_ name: String) throws -> UUID? {
        guard let raw = string(name) else { return nil }
        guard let id = UUID(uuidString: raw) else {
            throw InvalidParameter(
                parameter: name, problem: "must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, not \"\(raw)\"")
        }
        return id
    }

    func dateTime(_ name: String) throws -> String? {
        guard let raw = string(name) else { return nil }
        if HSDSFormats.isDate(raw) { return raw }
        guard HSDSFormats.isDateTime(raw) else {
            throw InvalidParameter(
                parameter: name,
                problem: "must be a date or date-time such as 2026-01-31 or 2026-01-31T12:00:00Z, not \"\(raw)\"")
        }
        return raw
    }

    func language(_ name: String) throws -> String? {
        guard let raw = string(name) else { return nil }
        guard LanguageCodes.isValid(raw) else {
            throw InvalidParameter(
                parameter: name, problem: "must be an ISO 639 language code such as es or en, not \"\(raw)\"")
        }
        return LanguageCodes.primary(raw)
    }

    /// `page` and `per_page` as HSDS names them.
    func paging(into query: inout DirectoryQuery) throws {
        query.page = try int("page", in: 1...1_000_000) ?? 1
        query.perPage = try int("per_page", in: 1...DirectoryQuery.maxPerPage) ?? 20
    }

    /// Haven's extensions: `lat`, `lon`, `radius_km`, `open_now`, `language`, `free`, `age`.
    func havenFilters(into query: inout DirectoryQuery) throws {
        let latitude = try double("lat", in: -90...90)
        let longitude = try double("lon", in: -180...180)
        switch (latitude, longitude) {
        case (let latitude?, let longitude?): query.near = .init(latitude: latitude, longitude: longitude)
        case (nil, nil): break
        case (nil, _): throw InvalidParameter(parameter: "lat", problem: "is needed with lon")
        case (_, nil): throw InvalidParameter(parameter: "lon", problem: "is needed with lat")
        }
        if let radius = try double("radius_km", in: 0.1...500) {
            guard query.near != nil else {
                throw InvalidParameter(parameter: "radius_km", problem: "needs lat and lon")
            }
            query.radiusKm = radius
        }
        query.openNow = try bool("open_now")
        query.free = try bool("free")
        query.language = try language("language")
        query.age = try int("age", in: 0...130)
    }
}
