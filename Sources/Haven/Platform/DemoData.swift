import Fluent
import Vapor

/// Demo content for `haven demo`, loaded only into an empty database so it never mixes with real data.
///
/// The crisis lines are real and come with the schema (they are seeded by a migration), so the demo shows
/// them without anything loaded here. Each capability that has demo content adds a loader to `loaders`.
enum DemoData {
    struct Loader: Sendable {
        var name: String
        /// True when the capability already holds data; the loader is then skipped.
        var hasData: @Sendable (Database) async throws -> Bool
        var load: @Sendable (Database, Context) async throws -> Void
    }

    /// What loaders may need from the application.
    struct Context: Sendable {
        var resources: String
        var taxonomy: DefaultTaxonomy
    }

    static let loaders: [Loader] = [DemoAccounts.loader, DirectoryDemo.loader]

    /// Loads every capability's demo data that is not there yet, each in one transaction. Returns the names loaded.
    static func loadIfEmpty(on database: Database, context: Context, logger: Logger) async throws -> [String] {
        var loaded: [String] = []
        for loader in loaders where try await !loader.hasData(database) {
            try await database.transaction { try await loader.load($0, context) }
            logger.info("demo data loaded", metadata: ["dataset": .string(loader.name)])
            loaded.append(loader.name)
        }
        return loaded
    }
}
