import Fluent
import Foundation

/// A JSON value built at run time, for HSDS documents whose shape follows the tables rather than a fixed
/// Swift type. Object keys are written sorted, so the same data always gives the same bytes.
enum JSONValue: Encodable, Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case null

    init(_ value: HSDSValue) {
        switch value {
        case .uuid(let id): self = .string(id.uuidString.lowercased())
        case .text(let text): self = .string(text)
        case .number(let number):
            self = number == number.rounded() && abs(number) < 1e15 ? .integer(Int64(number)) : .number(number)
        case .null: self = .null
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .object(let members): try container.encode(members)
        case .array(let items): try container.encode(items)
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .integer(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .null: try container.encodeNil()
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

/// How HSDS nests its tables in API documents (the `properties` of each entity's JSON schema that hold
/// other entities), and the code that builds those documents from rows, a level at a time and a table at a
/// time, so a page of 100 full services costs a few dozen queries, not thousands.
enum HSDSNesting {
    struct Child: Sendable {
        var key: String
        var resource: String
        /// The child's field that holds the parent's id.
        var field: String
    }

    struct Single: Sendable {
        var key: String
        var resource: String
        /// The parent's field that holds the child's id.
        var field: String
    }

    static let children: [String: [Child]] = [
        "service": [
            .init(key: "additional_urls", resource: "url", field: "service_id"),
            .init(key: "phones", resource: "phone", field: "service_id"),
            .init(key: "schedules", resource: "schedule", field: "service_id"),
            .init(key: "service_areas", resource: "service_area", field: "service_id"),
            .init(key: "service_at_locations", resource: "service_at_location", field: "service_id"),
            .init(key: "languages", resource: "language", field: "service_id"),
            .init(key: "funding", resource: "funding", field: "service_id"),
            .init(key: "cost_options", resource: "cost_option", field: "service_id"),
            .init(key: "required_documents", resource: "required_document", field: "service_id"),
            .init(key: "contacts", resource: "contact", field: "service_id"),
            .init(key: "capacities", resource: "service_capacity", field: "service_id"),
            .init(key: "attributes", resource: "attribute", field: "link_id"),
        ],
        "organization": [
            .init(key: "additional_websites", resource: "url", field: "organization_id"),
            .init(key: "funding", resource: "funding", field: "organization_id"),
            .init(key: "contacts", resource: "contact", field: "organization_id"),
            .init(key: "phones", resource: "phone", field: "organization_id"),
            .init(key: "locations", resource: "location", field: "organization_id"),
            .init(key: "programs", resource: "program", field: "organization_id"),
            .init(key: "organization_identifiers", resource: "organization_identifier", field: "organization_id"),
            .init(key: "attributes", resource: "attribute", field: "link_id"),
        ],
        "service_at_location": [
            .init(key: "service_areas", resource: "service_area", field: "service_at_location_id"),
            .init(key: "contacts", resource: "contact", field: "service_at_location_id"),
            .init(key: "phones", resource: "phone", field: "service_at_location_id"),
            .init(key: "schedules", resource: "schedule", field: "service_at_location_id"),
            .init(key: "attributes", resource: "attribute", field: "link_id"),
        ],
        "location": [
            .init(key: "languages", resource: "language", field: "location_id"),
            .init(key: "addresses", resource: "address", field: "location_id"),
            .init(key: "contacts", resource: "contact", field: "location_id"),
            .init(key: "accessibility", resource: "accessibility", field: "location_id"),
            .init(key: "phones", resource: "phone", field: "location_id"),
            .init(key: "schedules", resource: "schedule", field: "location_id"),
            .init(key: "attributes", resource: "attribute", field: "link_id"),
        ],
        "phone": [.init(key: "languages", resource: "language", field: "phone_id")],
        "taxonomy_term": [],
    ]

    static let singles: [String: [Single]] = [
        "service": [
            .init(key: "organization", resource: "organization", field: "organization_id"),
            .init(key: "program", resource: "program", field: "program_id"),
        ],
        "service_at_location": [.init(key: "location", resource: "location", field: "location_id")],
        "attribute": [.init(key: "taxonomy_term", resource: "taxonomy_term", field: "taxonomy_term_id")],
        "taxonomy_term": [.init(key: "taxonomy_detail", resource: "taxonomy", field: "taxonomy_id")],
    ]

    /// Documents for rows of `resource`, nested `depth` levels (0: the rows' own fields only). A single
    /// parent (a service's organization) is included flat, never with its own children, so documents
    /// cannot loop.
    static func documents(
        _ resource: String, _ rows: [HSDSRow], depth: Int, on database: any Database
    ) async throws -> [JSONValue] {
        let table = HSDSTable.named(resource)
        var documents: [[String: JSONValue]] = rows.map { row in flat(row, table) }
        guard depth > 0, !rows.isEmpty else { return documents.map { .object($0) } }
        let store = HSDSStore(database)
        let ids = rows.compactMap { $0["id"]?.uuid }
        for child in children[resource] ?? [] {
            let childRows = try await store.rows(.named(child.resource), where: child.field, in: ids)
            let nested = try await Self.documents(child.resource, childRows, depth: depth - 1, on: database)
            var byParent: [UUID: [JSONValue]] = [:]
            for (row, document) in zip(childRows, nested) {
                if let parent = row[child.field]?.uuid { byParent[parent, default: []].append(document) }
            }
            for (index, row) in rows.enumerated() {
                guard let id = row["id"]?.uuid else { continue }
                documents[index][child.key] = .array(byParent[id] ?? [])
            }
        }
        for single in singles[resource] ?? [] {
            let targets = Array(Set(rows.compactMap { $0[single.field]?.uuid }))
            let targetRows = try await store.rows(.named(single.resource), in: targets)
            // A service_at_location's location is nested in full; other singles are flat.
            let nestedDepth = single.resource == "location" || single.resource == "taxonomy_term" ? depth - 1 : 0
            let nested = try await Self.documents(single.resource, targetRows, depth: nestedDepth, on: database)
            var byID: [UUID: JSONValue] = [:]
            for (row, document) in zip(targetRows, nested) { if let id = row["id"]?.uuid { byID[id] = document } }
            for (index, row) in rows.enumerated() {
                if let target = row[single.field]?.uuid, let document = byID[target] {
                    documents[index][single.key] = document
                }
            }
        }
        return documents.map { .object($0) }
    }

    /// A row's fields; empty fields are left out (HSDS's schemas give most fields one type, not null).
    static func flat(_ row: HSDSRow, _ table: HSDSTable) -> [String: JSONValue] {
        var document: [String: JSONValue] = [:]
        for field in table.fields {
            if let value = row[field.name], value != .null { document[field.name] = JSONValue(value) }
        }
        return document
    }
}
