import Fluent
import Foundation
import SQLKit

/// Named places and postal codes with coordinates, so a person can search "near Millbrook" or "near 00101".
/// An operator imports them from a GeoNames postal-code file (tab-separated: country code, postal code,
/// place name, admin name 1, admin code 1, admin name 2, admin code 2, admin name 3, admin code 3,
/// latitude, longitude, accuracy — https://download.geonames.org/export/zip/).
enum Places {
    struct Place: Sendable, Equatable {
        var name: String
        var postalCode: String
        var region: String?
        var point: DirectoryQuery.Point
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var problem: String
        var description: String { "line \(line): \(problem)" }
    }

    struct Row: Sendable {
        var countryCode: String
        var postalCode: String
        var placeName: String
        var adminName1: String?
        var adminCode1: String?
        var latitude: Double
        var longitude: Double
    }

    static func parse(_ text: String) throws -> [Row] {
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if trimmed.isEmpty { continue }
            let cells = trimmed.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 11 else {
                throw ParseError(
                    line: index + 1, problem: "expected at least 11 tab-separated columns, found \(cells.count)")
            }
            guard let latitude = Double(cells[9]), (-90...90).contains(latitude) else {
                throw ParseError(
                    line: index + 1, problem: "latitude \"\(cells[9])\" is not a number between -90 and 90")
            }
            guard let longitude = Double(cells[10]), (-180...180).contains(longitude) else {
                throw ParseError(
                    line: index + 1, problem: "longitude \"\(cells[10])\" is not a number between -180 and 180")
            }
            guard !cells[1].isEmpty || !cells[2].isEmpty else {
                throw ParseError(line: index + 1, problem: "needs a postal code or a place name")
            }
            rows.append(
                Row(
                    countryCode: cells[0].uppercased(), postalCode: cells[1], placeName: cells[2],
                    adminName1: cells[3].isEmpty ? nil : cells[3], adminCode1: cells[4].isEmpty ? nil : cells[4],
                    latitude: latitude, longitude: longitude))
        }
        return rows
    }

    /// Imports a GeoNames file; a place already there is replaced. Returns how many rows were read.
    @discardableResult
    static func load(_ text: String, on database: any Database) async throws -> Int {
        let rows = try parse(text)
        let sql = database as! any SQLDatabase
        for start in stride(from: 0, to: rows.count, by: 2_000) {
            var insert = sql.insert(into: "places").columns(
                "country_code", "postal_code", "place_name", "admin_name1", "admin_code1", "name_key", "latitude",
                "longitude")
            for row in rows[start..<min(rows.count, start + 2_000)] {
                insert = insert.values(
                    SQLBind(row.countryCode), SQLBind(row.postalCode), SQLBind(row.placeName), SQLBind(row.adminName1),
                    SQLBind(row.adminCode1), SQLBind(SearchText.normalize(row.placeName)), SQLBind(row.latitude),
                    SQLBind(row.longitude))
            }
            try await insert.onConflict(with: ["country_code", "postal_code", "place_name"]) {
                $0.set(excludedValueOf: "latitude").set(excludedValueOf: "longitude").set(
                    excludedValueOf: "admin_name1"
                )
                .set(excludedValueOf: "admin_code1").set(excludedValueOf: "name_key")
            }.run()
        }
        return rows.count
    }

    /// A place by postal code or name ("Millbrook", "millbrook, hv", "00101"). A name shared by several
    /// postal codes gives their centre.
    static func find(_ text: String, on database: any Database) async throws -> Place? {
        let sql = database as! any SQLDatabase
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var rows = try await sql.raw(
            "SELECT postal_code, place_name, admin_name1, latitude, longitude FROM places WHERE postal_code = \(bind: trimmed.uppercased()) LIMIT 1"
        ).all()
        if rows.isEmpty {
            let name = trimmed.split(separator: ",").first.map(String.init) ?? trimmed
            rows = try await sql.raw(
                "SELECT postal_code, place_name, admin_name1, latitude, longitude FROM places WHERE name_key = \(bind: SearchText.normalize(name)) ORDER BY postal_code LIMIT 50"
            ).all()
        }
        guard let first = rows.first else { return nil }
        let latitudes = try rows.map { try $0.decode(column: "latitude", as: Double.self) }
        let longitudes = try rows.map { try $0.decode(column: "longitude", as: Double.self) }
        return Place(
            name: try first.decode(column: "place_name", as: String.self),
            postalCode: try first.decode(column: "postal_code", as: String.self),
            region: try first.decode(column: "admin_name1", as: String?.self),
            point: .init(
                latitude: latitudes.reduce(0, +) / Double(latitudes.count),
                longitude: longitudes.reduce(0, +) / Double(longitudes.count)))
    }
}
