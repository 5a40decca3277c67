import Foundation
import Vapor

/// Haven's taxonomy of mental health support (`Resources/Directory/taxonomy.json`): kinds of support, who a
/// service is for, and how people reach it. Seeded into every database; other taxonomies can be imported
/// beside it. Terms carry search synonyms ("teens" finds Youth) that stay in the file, outside HSDS.
struct DefaultTaxonomy: Sendable {
    struct Term: Sendable, Decodable {
        var id: UUID
        var code: String
        var name: String
        var description: String
        var parent_id: UUID?
        var taxonomy: String
        var language: String
        var taxonomy_id: UUID
        var haven_synonyms: String
    }

    struct Taxonomy: Sendable, Decodable {
        var id: UUID
        var name: String
        var description: String
        var uri: String
        var version: String
    }

    var taxonomy: Taxonomy
    var terms: [Term]

    private enum CodingKeys: String, CodingKey { case taxonomy, terms }

    static func load(resources: String) throws -> DefaultTaxonomy {
        let url = URL(fileURLWithPath: resources).appendingPathComponent("Directory/taxonomy.json")
        struct File: Decodable {
            var taxonomy: Taxonomy
            var terms: [Term]
        }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        return DefaultTaxonomy(taxonomy: file.taxonomy, terms: file.terms)
    }

    func id(_ code: String) -> UUID {
        guard let term = terms.first(where: { $0.code == code }) else { preconditionFailure("no term \(code)") }
        return term.id
    }

    func children(of code: String) -> [Term] {
        let parent = id(code)
        return terms.filter { $0.parent_id == parent }
    }

    var crisisLine: UUID { id("crisis-line") }

    var synonyms: [UUID: String] { Dictionary(uniqueKeysWithValues: terms.map { ($0.id, $0.haven_synonyms) }) }

    var taxonomyRow: HSDSRow {
        [
            "id": .uuid(taxonomy.id), "name": .text(taxonomy.name), "description": .text(taxonomy.description),
            "uri": .text(taxonomy.uri), "version": .text(taxonomy.version),
        ]
    }

    var termRows: [HSDSRow] {
        terms.map { term in
            var row: HSDSRow = [
                "id": .uuid(term.id), "code": .text(term.code), "name": .text(term.name),
                "description": .text(term.description), "taxonomy": .text(term.taxonomy),
                "language": .text(term.language), "taxonomy_id": .uuid(term.taxonomy_id),
            ]
            if let parent = term.parent_id { row["parent_id"] = .uuid(parent) }
            return row
        }
    }
}

extension Application {
    private struct DefaultTaxonomyKey: StorageKey { typealias Value = DefaultTaxonomy }

    /// Loaded at start-up (configure); a missing or broken file stops start-up.
    var defaultTaxonomy: DefaultTaxonomy {
        get {
            guard let taxonomy = storage[DefaultTaxonomyKey.self] else {
                fatalError("defaultTaxonomy read before configure")
            }
            return taxonomy
        }
        set { storage[DefaultTaxonomyKey.self] = newValue }
    }
}
