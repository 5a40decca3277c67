import Foundation
import SQLKit
import Vapor

@testable import Haven

/// Every row of every table, as text: for checking that some value is nowhere in the database.
enum DatabaseScan {
    static func allRows(_ app: Application) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        var rows: [String] = []
        if sql.dialect.name == "postgresql" {
            let tables = try await sql.raw(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            ).all().map { try $0.decode(column: "table_name", as: String.self) }
            for table in tables {
                rows += try await sql.raw("SELECT row_to_json(t)::text AS j FROM \(ident: table) t").all()
                    .map { "\(table): " + (try $0.decode(column: "j", as: String.self)) }
            }
        } else {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            for table in tables {
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
                    .map { try $0.decode(column: "name", as: String.self) }
                guard !columns.isEmpty else { continue }
                let joined = columns.map { "coalesce(CAST(\"\($0)\" AS TEXT), '')" }.joined(separator: " || '|' || ")
                rows += try await sql.raw("SELECT \(unsafeRaw: joined) AS j FROM \(ident: table)").all()
                    .map { "\(table): " + (try $0.decode(column: "j", as: String.self)) }
            }
        }
        return rows
    }

    /// The rows that contain `value`, case-insensitively.
    static func rows(containing value: String, in app: Application) async throws -> [String] {
        try await allRows(app).filter { $0.lowercased().contains(value.lowercased()) }
    }
}
