import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The languages the directory's services speak, for the language filter. Read at most once a minute: the
/// list changes only when data does, and the search page is the busiest page there is.
final class DirectoryFacets: Sendable {
    private let cached = NIOLockedValueBox<(at: Date, languages: [String])?>(nil)
    static let lifetime: TimeInterval = 60

    func languages(on database: any Database, now: Date = Date()) async throws -> [String] {
        if let cached = cached.withLockedValue({ $0 }), now.timeIntervalSince(cached.at) < Self.lifetime {
            return cached.languages
        }
        let rows = try await (database as! any SQLDatabase).raw(
            "SELECT DISTINCT tag FROM directory_tags WHERE tag LIKE 'language:%'"
        ).all()
        let languages = try rows.map {
            String(try $0.decode(column: "tag", as: String.self).dropFirst("language:".count))
        }.sorted()
        cached.withLockedValue { $0 = (now, languages) }
        return languages
    }

    func forget() { cached.withLockedValue { $0 = nil } }
}

extension Application {
    private struct DirectoryFacetsKey: StorageKey { typealias Value = DirectoryFacets }

    var directoryFacets: DirectoryFacets {
        get { storage[DirectoryFacetsKey.self]! }
        set { storage[DirectoryFacetsKey.self] = newValue }
    }
}
