import Fluent
import Foundation
import SQLKit

/// `haven directory import PATH`: an HSDS tabular data package (a folder with `datapackage.json` and CSVs)
/// or HSDS JSON (a list or page of services, or one service per line as ndjson), read and checked in full
/// before anything is written. Rows are upserted by id, so importing the same data twice changes nothing.
struct DirectoryImport {
    /// Where a row came from, for messages: `services.csv:14`.
    struct Source: Sendable, Equatable, CustomStringConvertible {
        var file: String
        var line: Int
        var description: String { "\(file):\(line)" }
    }

    struct Problem: Sendable, Equatable, CustomStringConvertible {
        var source: Source
        var field: String?
        var message: String
        var description: String { "\(source): " + (field.map { "\($0): " } ?? "") + message }
    }

    struct Row: Sendable {
        var source: Source
        var values: HSDSRow
        var id: UUID? { values["id"]?.uuid }
    }

    /// Everything read from the input, by HSDS table, with what was wrong with it.
    struct Parsed: Sendable {
        var rows: [String: [Row]] = [:]
        var problems: [Problem] = []
        /// References to rows that are in neither the input nor the database: kept, but worth knowing.
        var warnings: [Problem] = []
        /// Rows read from nested JSON so far, by table and id: one organization or taxonomy term appears in
        /// many services' documents and is read once.
        var nested: [String: [UUID: HSDSRow]] = [:]

        var rowCount: Int { rows.values.reduce(0) { $0 + $1.count } }
    }

    struct Summary: Sendable, Equatable {
        var rows: [String: Int]
        var skipped: Int
        var services: Int
    }

    // MARK: Reading

    static func read(path: String) throws -> Parsed {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ImportError("\(path) does not exist")
        }
        if isFolder.boolValue { return try readPackage(folder: path) }
        if path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl") { return try readNDJSON(file: path) }
        return try readJSON(file: path)
    }

    static func readPackage(folder: String) throws -> Parsed {
        let packageURL = URL(fileURLWithPath: folder).appendingPathComponent("datapackage.json")
        guard let data = FileManager.default.contents(atPath: packageURL.path) else {
            throw ImportError("\(folder) has no datapackage.json: is it an HSDS tabular data package?")
        }
        struct Package: Decodable {
            struct Resource: Decodable {
                var name: String
                var path: String?
            }
            var resources: [Resource]
        }
        let package: Package
        do {
            package = try JSONDecoder().decode(Package.self, from: data)
        } catch {
            throw ImportError("datapackage.json is not a data package (it needs a \"resources\" list): \(error)")
        }
        var parsed = Parsed()
        for resource in package.resources {
            guard let path = resource.path else { continue }
            guard let table = HSDSTable.all.first(where: { $0.resource == resource.name }) else {
                parsed.problems.append(
                    .init(
                        source: .init(file: "datapackage.json", line: 1), field: nil,
                        message: "resource \"\(resource.name)\" is not an HSDS 3.1 table"))
                continue
            }
            let fileURL = URL(fileURLWithPath: folder).appendingPathComponent(path)
            guard let bytes = FileManager.default.contents(atPath: fileURL.path) else {
                parsed.problems.append(
                    .init(source: .init(file: path, line: 1), field: nil, message: "file is missing"))
                continue
            }
            guard let text = String(data: bytes, encoding: .utf8) else {
                parsed.problems.append(
                    .init(source: .init(file: path, line: 1), field: nil, message: "is not UTF-8 text"))
                continue
            }
            readCSV(text, file: path, table: table, into: &parsed)
        }
        return parsed
    }

    static func readCSV(_ text: String, file: String, table: HSDSTable, into parsed: inout Parsed) {
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text)
        } catch let error as CSV.ParseError {
            parsed.problems.append(
                .init(source: .init(file: file, line: error.line), field: nil, message: error.problem))
            return
        } catch {
            parsed.problems.append(.init(source: .init(file: file, line: 1), field: nil, message: "\(error)"))
            return
        }
        guard let header = records.first else { return }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var known: [Int: HSDSTable.Field] = [:]
        for (index, column) in columns.enumerated() {
            if let field = table.field(column) {
                known[index] = field
            } else if !column.isEmpty {
                parsed.problems.append(
                    .init(
                        source: .init(file: file, line: header.line), field: column,
                        message: "is not a field of the HSDS \(table.resource) table (remove the column or rename it)"))
            }
        }
        var rows: [Row] = []
        for record in records.dropFirst() {
            let source = Source(file: file, line: record.line)
            guard record.fields.count == columns.count else {
                parsed.problems.append(
                    .init(
                        source: source, field: nil,
                        message: "has \(record.fields.count) fields but the header has \(columns.count)"))
                continue
            }
            var values: HSDSRow = [:]
            var valid = true
            for (index, raw) in record.fields.enumerated() {
                guard let field = known[index] else { continue }
                switch field.kind.parse(raw) {
                case .success(let value): if value != .null { values[field.name] = value }
                case .failure(let problem):
                    parsed.problems.append(
                        .init(source: source, field: field.name, message: problem.message + " (got \"\(raw)\")"))
                    valid = false
                }
            }
            if valid { rows.append(Row(source: source, values: values)) }
        }
        parsed.rows[table.resource, default: []] += rows
    }

    static func readJSON(file: String) throws -> Parsed {
        guard let data = FileManager.default.contents(atPath: file) else { throw ImportError("cannot read \(file)") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ImportError("\(file) is not JSON: \(error.localizedDescription)")
        }
        let services: [Any]
        if let list = object as? [Any] {
            services = list
        } else if let page = object as? [String: Any], let contents = page["contents"] as? [Any] {
            services = contents
        } else if let one = object as? [String: Any] {
            services = [one]
        } else {
            throw ImportError("\(file) is neither a list of services, an HSDS page, nor one service")
        }
        var parsed = Parsed()
        let name = URL(fileURLWithPath: file).lastPathComponent
        for (index, service) in services.enumerated() {
            flatten(
                service, resource: "service", source: .init(file: name, line: index + 1), parent: nil, into: &parsed)
        }
        return parsed
    }

    static func readNDJSON(file: String) throws -> Parsed {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw ImportError("cannot read \(file) as UTF-8 text")
        }
        var parsed = Parsed()
        let name = URL(fileURLWithPath: file).lastPathComponent
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let source = Source(file: name, line: index + 1)
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) else {
                parsed.problems.append(.init(source: source, field: nil, message: "is not a JSON object"))
                continue
            }
            flatten(object, resource: "service", source: source, parent: nil, into: &parsed)
        }
        return parsed
    }

    /// A nested HSDS document as rows: its own fields, then each nested list and object, with the parent's
    /// id filled in where the child leaves it out.
    static func flatten(
        _ object: Any, resource: String, source: Source, parent: (field: String, id: UUID)?, into parsed: inout Parsed
    ) {
        guard let document = object as? [String: Any] else {
            parsed.problems.append(.init(source: source, field: nil, message: "\(resource) is not a JSON object"))
            return
        }
        let table = HSDSTable.named(resource)
        var values: HSDSRow = [:]
        var valid = true
        for field in table.fields {
            guard let raw = document[field.name], !(raw is NSNull) else { continue }
            let text: String
            if let string = raw as? String {
                text = string
            } else if let number = raw as? NSNumber {
                text = HSDSValue.format(number.doubleValue)
            } else {
                parsed.problems.append(
                    .init(source: source, field: "\(resource).\(field.name)", message: "must be a string or a number"))
                valid = false
                continue
            }
            switch field.kind.parse(text) {
            case .success(let value): if value != .null { values[field.name] = value }
            case .failure(let problem):
                parsed.problems.append(
                    .init(source: source, field: "\(resource).\(field.name)", message: problem.message))
                valid = false
            }
        }
        if let parent, values[parent.field] == nil { values[parent.field] = .uuid(parent.id) }
        // Singles first: a service's organization supplies the service's organization_id.
        for single in HSDSNesting.singles[resource] ?? [] {
            guard let child = document[single.key] as? [String: Any] else { continue }
            flatten(child, resource: single.resource, source: source, parent: nil, into: &parsed)
            if values[single.field] == nil, let id = (child["id"] as? String).flatMap(UUID.init(uuidString:)) {
                values[single.field] = .uuid(id)
            }
        }
        guard valid else { return }
        if let id = values["id"]?.uuid, let earlier = parsed.nested[resource]?[id] {
            if earlier != values {
                parsed.problems.append(
                    .init(
                        source: source, field: "\(resource).id",
                        message: "\(id.uuidString.lowercased()) appears again with different values"))
            }
        } else {
            parsed.rows[resource, default: []].append(Row(source: source, values: values))
            if let id = values["id"]?.uuid { parsed.nested[resource, default: [:]][id] = values }
        }
        guard let id = values["id"]?.uuid else { return }
        for child in HSDSNesting.children[resource] ?? [] {
            for item in document[child.key] as? [Any] ?? [] {
                flatten(item, resource: child.resource, source: source, parent: (child.field, id), into: &parsed)
            }
        }
    }

    // MARK: Checking

    /// Fields whose target must exist for Haven to show the row at all. Other references (a contact's
    /// service_at_location, a term's parent) are kept even when their target is missing — HSDS's own
    /// example package has several such — and reported as warnings.
    static let requiredReferences: [String: [String: String]] = [
        "service": ["organization_id": "organization"],
        "service_at_location": ["service_id": "service", "location_id": "location"],
    ]

    static let referenceTargets: [String: String] = [
        "organization_id": "organization", "parent_organization_id": "organization", "program_id": "program",
        "service_id": "service", "location_id": "location", "service_at_location_id": "service_at_location",
        "contact_id": "contact", "phone_id": "phone", "taxonomy_term_id": "taxonomy_term", "taxonomy_id": "taxonomy",
        "parent_id": "taxonomy_term", "unit_id": "unit",
    ]

    /// Required fields, ids, duplicates and references, against the input and what the database holds.
    static func check(_ parsed: inout Parsed, existing: (String, [UUID]) async throws -> Set<UUID>) async throws {
        for table in HSDSTable.all {
            guard let rows = parsed.rows[table.resource] else { continue }
            var seen: [UUID: Source] = [:]
            var kept: [Row] = []
            for row in rows {
                var valid = true
                for field in table.fields where field.required && row.values[field.name] == nil {
                    parsed.problems.append(.init(source: row.source, field: field.name, message: "is required"))
                    valid = false
                }
                if let id = row.id {
                    if let first = seen[id] {
                        parsed.problems.append(
                            .init(
                                source: row.source, field: "id",
                                message: "\(id.uuidString.lowercased()) appears twice (first at \(first))"))
                        valid = false
                    }
                    seen[id] = row.source
                }
                if valid { kept.append(row) }
            }
            parsed.rows[table.resource] = kept
        }
        var known: [String: Set<UUID>] = [:]
        for (resource, rows) in parsed.rows { known[resource] = Set(rows.compactMap(\.id)) }
        // Tables a required reference points at come first, so a row dropped there drops what needs it.
        let ordered = HSDSTable.all.filter { $0.resource != "service_at_location" } + [.named("service_at_location")]
        for table in ordered {
            guard let rows = parsed.rows[table.resource] else { continue }
            var kept: [Row] = []
            for field in table.references {
                guard let target = referenceTargets[field.name] else { continue }
                let wanted = Set(rows.compactMap { $0.values[field.name]?.uuid }).subtracting(known[target] ?? [])
                if !wanted.isEmpty { known[target, default: []].formUnion(try await existing(target, Array(wanted))) }
            }
            for row in rows {
                var valid = true
                for field in table.references {
                    guard let target = referenceTargets[field.name], let id = row.values[field.name]?.uuid,
                        !(known[target]?.contains(id) ?? false)
                    else { continue }
                    let problem = Problem(
                        source: row.source, field: field.name,
                        message:
                            "refers to \(target.replacingOccurrences(of: "_", with: " ")) \(id.uuidString.lowercased()), which is neither in the data nor in Haven"
                    )
                    if requiredReferences[table.resource]?[field.name] != nil {
                        parsed.problems.append(problem)
                        valid = false
                    } else {
                        parsed.warnings.append(problem)
                    }
                }
                if valid {
                    kept.append(row)
                } else if let id = row.id {
                    known[table.resource]?.remove(id)
                }
            }
            parsed.rows[table.resource] = kept
        }
    }

    // MARK: Writing

    /// Writes every row (one transaction per batch), then re-indexes the services the rows belong to.
    static func write(
        _ parsed: Parsed, on database: any Database, taxonomy: DefaultTaxonomy, timeZone: TimeZone,
        batchSize: Int = 2_000,
        progress: (String) -> Void
    ) async throws -> Summary {
        var counts: [String: Int] = [:]
        var services = Set<UUID>()
        let store = HSDSStore(database)
        for table in HSDSTable.all {
            guard let rows = parsed.rows[table.resource], !rows.isEmpty else { continue }
            var done = 0
            for start in stride(from: 0, to: rows.count, by: batchSize) {
                let batch = rows[start..<min(rows.count, start + batchSize)].map(\.values)
                try await database.transaction { try await HSDSStore($0).upsert(table, Array(batch)) }
                done += batch.count
                progress("\(table.file): \(done) of \(rows.count) rows")
            }
            counts[table.resource] = rows.count
            for row in rows {
                if table.resource == "service", let id = row.id { services.insert(id) }
                if let id = row.values["service_id"]?.uuid { services.insert(id) }
                if table.resource == "attribute", let id = row.values["link_id"]?.uuid { services.insert(id) }
            }
        }
        // Rows that changed a location or an organization change how their services are found too.
        if let locations = parsed.rows["location"]?.compactMap(\.id), !locations.isEmpty {
            services.formUnion(
                try await store.rows(.named("service_at_location"), where: "location_id", in: locations).compactMap {
                    $0["service_id"]?.uuid
                })
        }
        if let organizations = parsed.rows["organization"]?.compactMap(\.id), !organizations.isEmpty {
            services.formUnion(
                try await store.rows(.named("service"), where: "organization_id", in: organizations).compactMap {
                    $0["id"]?.uuid
                })
        }
        let ids = Array(services)
        progress("wrote every row; indexing \(ids.count) services")
        var indexed = 0
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            let batch = Array(ids[start..<min(ids.count, start + 5_000)])
            try await database.transaction { db in
                try await DirectoryIndexer(database: db, taxonomy: taxonomy, defaultTimeZone: timeZone).reindex(batch)
            }
            indexed += batch.count
            progress("search index: \(indexed) of \(ids.count) services")
        }
        return Summary(rows: counts, skipped: 0, services: ids.count)
    }
}

struct ImportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
