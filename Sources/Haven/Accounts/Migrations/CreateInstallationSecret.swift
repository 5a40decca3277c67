import Fluent
import Foundation
import SQLKit

/// A random key made once per installation, shared by every app server: it keys the hashes of client
/// addresses in rate-limit buckets, so the table holds no address and no guessable digest of one.
struct CreateInstallationSecret: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("installation_secrets")
            .field("name", .string, .required)
            .field("value", .string, .required)
            .unique(on: "name")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.insert(into: "installation_secrets")
            .columns("name", "value")
            .values(SQLBind("client-key"), SQLBind(SecureToken.make()))
            .run()
    }

    func revert(on database: Database) async throws { try await database.schema("installation_secrets").delete() }
}
