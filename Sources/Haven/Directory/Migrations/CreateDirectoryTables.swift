import Fluent
import SQLKit

/// The HSDS 3.1 tables, one per table of the tabular data package, with the fields `HSDSTable.all` lists;
/// `organizations` (created with accounts) gains the HSDS fields it lacked. Every field that points at
/// another row is indexed, because the nested API and the search index follow them.
///
/// No foreign-key constraints: HSDS data from elsewhere often points at rows it does not include (an
/// attribute's `link_id`), and import checks the references HSDS declares before writing anything.
/// A later HSDS version adds its fields in a migration of its own.
struct CreateDirectoryTables: AsyncMigration {
    private static let organizationFieldsFromAccounts: Set<String> = ["id", "name", "description", "email", "website"]

    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        for table in HSDSTable.all {
            if table.table == "organizations" {
                for field in table.fields where !Self.organizationFieldsFromAccounts.contains(field.name) {
                    try await database.schema(table.table).field(.string(field.name), field.kind.dataType).update()
                }
            } else {
                var schema = database.schema(table.table).field(.id, .uuid, .identifier(auto: false))
                for field in table.fields where field.name != "id" {
                    schema = schema.field(.string(field.name), field.kind.dataType)
                }
                try await schema.create()
            }
            for field in table.references {
                try await sql.create(index: "\(table.table)_\(field.name)_idx").on(table.table).column(field.name).run()
            }
        }
    }

    func revert(on database: Database) async throws {
        for table in HSDSTable.all.reversed() where table.table != "organizations" {
            try await database.schema(table.table).delete()
        }
    }
}

extension HSDSTable.Kind {
    var dataType: DatabaseSchema.DataType {
        switch self {
        case .uuid: .uuid
        case .number: .double
        case .text, .email, .uri, .date, .dateTime, .time: .string
        }
    }
}
