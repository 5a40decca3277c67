import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Reads and writes HSDS rows in the tables `HSDSTable.all` describes. Import, export, the HSDS API, the
/// demo data and the organizer forms all go through it, so a field is stored and read back the same way
/// wherever it comes from.
struct HSDSStore: Sendable {
    let sql: any SQLDatabase

    init(_ database: any Database) { self.sql = database as! any SQLDatabase }

    /// Inserts rows, or replaces the row with the same id (every field, so a field left empty becomes null):
    /// running an import twice changes nothing. Rows go in batches that stay under SQLite's bind limit.
    func upsert(_ table: HSDSTable, _ rows: [HSDSRow]) async throws {
        guard !rows.isEmpty else { return }
        let columns = table.fields.map(\.name)
        let batch = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let slice = rows[start..<min(rows.count, start + batch)]
            var insert = sql.insert(into: table.table).columns(columns)
            for row in slice {
                insert = insert.values(table.fields.map { expression(row[$0.name] ?? .null) })
            }
            if table.table == "organizations" {
                // Accounts' organization model keeps its own timestamps; rows from import get them too.
                insert = sql.insert(into: table.table).columns(columns + ["created_at", "updated_at"])
                let now = Date()
                for row in slice {
                    insert = insert.values(
                        table.fields.map { expression(row[$0.name] ?? .null) } + [SQLBind(now), SQLBind(now)])
                }
            }
            try await insert.onConflict(with: ["id"]) { conflict in
                var update = conflict
                for column in columns where column != "id" { update = update.set(excludedValueOf: column) }
                return update
            }.run()
            start += batch
        }
    }

    /// A value to bind. On SQLite a UUID is bound as the upper-case text Fluent's driver stores, written
    /// without Foundation's formatter; PostgreSQL gets a real `uuid`.
    func expression(_ value: HSDSValue) -> any SQLExpression {
        if case .uuid(let id) = value { return bind(id) }
        return Self.expression(value)
    }

    func bind(_ id: UUID) -> any SQLExpression {
        sql.dialect.name == "postgresql" ? SQLBind(id) : SQLBind(UUIDText.string(id, uppercase: true))
    }

    static func expression(_ value: HSDSValue) -> any SQLExpression {
        switch value {
        case .uuid(let id): SQLBind(id)
        case .text(let text): SQLBind(text)
        case .number(let number): SQLBind(number)
        case .null: SQLLiteral.null
        }
    }

    /// Rows whose `field` is one of `values` (all rows when `values` is nil), in id order.
    func rows(_ table: HSDSTable, where field: String = "id", in values: [UUID]? = nil) async throws -> [HSDSRow] {
        if let values, values.isEmpty { return [] }
        var rows: [HSDSRow] = []
        var chunks: [[UUID]?] = [nil]
        if let values {
            chunks = stride(from: 0, to: values.count, by: 5_000).map {
                Array(values[$0..<min(values.count, $0 + 5_000)])
            }
        }
        for chunk in chunks {
            if let sqlite = sql as? any SQLiteDatabase {
                rows += try await Self.sqliteRows(sqlite, table, where: field, in: chunk)
                continue
            }
            var select = sql.select().columns(table.fields.map { SQLColumn($0.name) }).from(table.table)
            if let chunk { select = select.where(SQLColumn(field), .in, SQLBind.group(chunk)) }
            rows += try await select.orderBy("id").all().map { try Self.decode($0, table) }
        }
        return rows
    }

    func row(_ table: HSDSTable, id: UUID) async throws -> HSDSRow? {
        try await rows(table, in: [id]).first
    }

    /// Every row, page by page in id order, for export and the ndjson stream (memory stays flat).
    func forEachPage(_ table: HSDSTable, size: Int = 2_000, _ body: ([HSDSRow]) async throws -> Void) async throws {
        var after: UUID?
        while true {
            var select = sql.select().columns(table.fields.map { SQLColumn($0.name) }).from(table.table)
            if let after { select = select.where("id", .greaterThan, after) }
            let page = try await select.orderBy("id").limit(size).all().map { try Self.decode($0, table) }
            if page.isEmpty { return }
            try await body(page)
            guard page.count == size, let last = page.last?["id"]?.uuid else { return }
            after = last
        }
    }

    func count(_ table: HSDSTable) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table.table)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    func delete(_ table: HSDSTable, where field: String, in values: [UUID]) async throws {
        guard !values.isEmpty else { return }
        try await sql.delete(from: table.table).where(SQLColumn(field), .in, SQLBind.group(values)).run()
    }

    /// SQLite's rows read as they come, without a `Decoder` per value: re-indexing 100,000 services reads
    /// millions of values, and the generic path spent most of its time in decoding machinery.
    private static func sqliteRows(
        _ sqlite: any SQLiteDatabase, _ table: HSDSTable, where field: String, in values: [UUID]?
    )
        async throws -> [HSDSRow]
    {
        let columns = table.fields.map { "\"\($0.name)\"" }.joined(separator: ", ")
        var query = "SELECT \(columns) FROM \"\(table.table)\""
        var binds: [SQLiteData] = []
        if let values {
            query +=
                " WHERE \"\(field)\" IN (" + Array(repeating: "?", count: values.count).joined(separator: ", ") + ")"
            // Fluent's SQLite driver stores UUIDs as their upper-case text.
            binds = values.map { .text(UUIDText.string($0, uppercase: true)) }
        }
        query += " ORDER BY \"id\""
        return try await sqlite.query(query, binds).map { row in
            var result: HSDSRow = [:]
            for field in table.fields {
                guard let data = row.column(field.name) else { continue }
                switch (field.kind, data) {
                case (_, .null): continue
                case (.uuid, .text(let text)): if let id = UUIDText.parse(text) { result[field.name] = .uuid(id) }
                case (.number, .float(let number)): result[field.name] = .number(number)
                case (.number, .integer(let number)): result[field.name] = .number(Double(number))
                case (_, .text(let text)): result[field.name] = .text(text)
                case (_, .integer(let number)): result[field.name] = .text(String(number))
                case (_, .float(let number)): result[field.name] = .text(HSDSValue.format(number))
                default: continue
                }
            }
            return result
        }
    }

    static func decode(_ row: any SQLRow, _ table: HSDSTable) throws -> HSDSRow {
        var result: HSDSRow = [:]
        for field in table.fields {
            switch field.kind {
            case .uuid:
                if let id = try row.decode(column: field.name, as: UUID?.self) { result[field.name] = .uuid(id) }
            case .number:
                if let number = try row.decode(column: field.name, as: Double?.self) {
                    result[field.name] = .number(number)
                }
            default:
                if let text = try row.decode(column: field.name, as: String?.self) { result[field.name] = .text(text) }
            }
        }
        return result
    }
}
