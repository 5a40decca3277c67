import Fluent
import Foundation

/// `haven directory export PATH`: the whole directory as an HSDS 3.1 tabular data package — a folder with
/// `datapackage.json` and one CSV per table, rows in id order, so exporting the same data twice gives the
/// same bytes and importing the export gives back the same data.
enum DirectoryExport {
    static func write(to folder: String, from database: any Database, progress: (String) -> Void) async throws
        -> [String: Int]
    {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = HSDSStore(database)
        var counts: [String: Int] = [:]
        for table in HSDSTable.all {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(table.file).path
            guard manager.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
            else {
                throw ImportError("cannot write \(path)")
            }
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(CSV.line(table.fields.map(\.name)).utf8))
            var count = 0
            try await store.forEachPage(table) { rows in
                var chunk = ""
                for row in rows {
                    chunk += CSV.line(table.fields.map { row[$0.name]?.text ?? "" })
                }
                try handle.write(contentsOf: Data(chunk.utf8))
                count += rows.count
            }
            counts[table.resource] = count
            progress("\(table.file): \(count) rows")
        }
        let package = dataPackage()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(package).write(to: URL(fileURLWithPath: folder).appendingPathComponent("datapackage.json"))
        return counts
    }

    /// The package description: every table with its fields and types, as HSDS's own package gives them.
    static func dataPackage() -> JSONValue {
        func type(_ kind: HSDSTable.Kind) -> (String, String?) {
            switch kind {
            case .uuid: ("string", "uuid")
            case .number: ("number", nil)
            case .date: ("date", nil)
            case .dateTime: ("datetime", nil)
            case .time: ("time", nil)
            case .email: ("string", "email")
            case .uri: ("string", "uri")
            case .text: ("string", nil)
            }
        }
        let resources: [JSONValue] = HSDSTable.all.map { table in
            .object([
                "name": .string(table.resource), "path": .string(table.file), "format": .string("csv"),
                "mediatype": .string("text/csv"), "profile": .string("tabular-data-resource"),
                "schema": .object([
                    "primaryKey": .string("id"),
                    "fields": .array(
                        table.fields.map { field in
                            let (name, format) = type(field.kind)
                            var description: [String: JSONValue] = [
                                "name": .string(field.name), "type": .string(name),
                                "constraints": .object(["required": .bool(field.required)]),
                            ]
                            if let format { description["format"] = .string(format) }
                            if field.haven {
                                description["description"] = .string(
                                    "Haven extension: the IANA time zone of the hours (HSDS gives only a UTC offset).")
                            }
                            return .object(description)
                        }),
                ]),
            ])
        }
        return .object([
            "name": .string("haven-directory"), "title": .string("Haven directory"),
            "profile": .string("tabular-data-package"), "version": .string("3.1"),
            "description": .string("A Haven deployment's support directory as an HSDS 3.1 tabular data package."),
            "resources": .array(resources),
        ])
    }
}
