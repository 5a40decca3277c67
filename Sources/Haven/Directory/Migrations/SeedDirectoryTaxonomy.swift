import Fluent

/// Puts Haven's default taxonomy (`Resources/Directory/taxonomy.json`) into the HSDS taxonomy tables, so
/// every deployment can classify and filter services from the start. A later version of the taxonomy is
/// seeded by a migration of its own.
struct SeedDirectoryTaxonomy: AsyncMigration {
    let taxonomy: DefaultTaxonomy

    func prepare(on database: Database) async throws {
        let store = HSDSStore(database)
        try await store.upsert(.named("taxonomy"), [taxonomy.taxonomyRow])
        try await store.upsert(.named("taxonomy_term"), taxonomy.termRows)
    }

    func revert(on database: Database) async throws {
        let store = HSDSStore(database)
        try await store.delete(.named("taxonomy_term"), where: "id", in: taxonomy.terms.map(\.id))
        try await store.delete(.named("taxonomy"), where: "id", in: [taxonomy.taxonomy.id])
    }
}
