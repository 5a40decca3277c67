import Fluent
import Foundation
import SQLKit
import Vapor

/// The directory in the HSDS 3.1 API shape (`/api/hsds/`), read-only and open to anyone: the data is public
/// and other tools (referral platforms, 211 systems) read it this way. Searches use the same
/// `DirectorySearch` as the page; Haven's extra filters are documented in `/api/openapi.json`.
struct HSDSAPIController: RouteCollection {
    static let version = "3.1"

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.hsdsRoot.pathComponents, use: Self.root)
        routes.get(SiteURL.hsdsServices.pathComponents, use: Self.services)
        routes.get(SiteURL.hsdsService.pathComponents, use: Self.service)
        routes.get(SiteURL.hsdsOrganizations.pathComponents, use: Self.organizations)
        routes.get(SiteURL.hsdsOrganization.pathComponents, use: Self.organization)
        routes.get(SiteURL.hsdsTaxonomies.pathComponents, use: Self.taxonomies)
        routes.get(SiteURL.hsdsTaxonomy.pathComponents, use: Self.taxonomy)
        routes.get(SiteURL.hsdsTaxonomyTerms.pathComponents, use: Self.taxonomyTerms)
        routes.get(SiteURL.hsdsTaxonomyTerm.pathComponents, use: Self.taxonomyTerm)
        routes.get(SiteURL.hsdsServiceAtLocations.pathComponents, use: Self.serviceAtLocations)
        routes.get(SiteURL.hsdsServiceAtLocation.pathComponents, use: Self.serviceAtLocation)
    }

    /// Full documents nest three levels: service → service_at_locations → location → addresses.
    static let fullDepth = 3

    struct Root: Content {
        var version: String
        var profile: String
        var openapi_url: String
    }

    static func root(req: Request) async throws -> Root {
        Root(
            version: version, profile: "https://docs.openreferral.org/en/latest/hsds/",
            openapi_url: req.application.havenConfig.absoluteURL(.apiDocument))
    }

    static func search(_ req: Request) -> DirectorySearch {
        DirectorySearch(database: req.db, now: Date(), crisisLineTermID: req.application.defaultTaxonomy.crisisLine)
    }

    /// HSDS's `Page`.
    static func page(_ contents: [JSONValue], total: Int, page: Int, perPage: Int) -> JSONValue {
        let pages = max(1, (total + perPage - 1) / perPage)
        return .object([
            "total_items": .integer(Int64(total)), "total_pages": .integer(Int64(pages)),
            "page_number": .integer(Int64(page)), "size": .integer(Int64(contents.count)),
            "first_page": .bool(page == 1), "last_page": .bool(page >= pages), "empty": .bool(contents.isEmpty),
            "contents": .array(contents),
        ])
    }

    static func json(_ value: JSONValue, status: HTTPStatus = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let response = Response(status: status, body: .init(data: try encoder.encode(value)))
        response.headers.contentType = .json
        return response
    }

    static func format(_ req: Request) throws -> Bool {
        switch DirectoryParameters(request: req).string("format")?.lowercased() {
        case nil, "json": return false
        case "ndjson": return true
        case let other?:
            throw InvalidParameter(parameter: "format", problem: "must be json or ndjson, not \"\(other)\"")
        }
    }

    static func serviceQuery(_ req: Request) throws -> DirectoryQuery {
        let parameters = DirectoryParameters(request: req)
        var query = DirectoryQuery()
        query.text = parameters.string("search") ?? ""
        if let term = try parameters.uuid("taxonomy_term_id") { query.termIDs = [term] }
        query.taxonomyID = try parameters.uuid("taxonomy_id")
        query.organizationID = try parameters.uuid("organization_id")
        query.modifiedAfter = try parameters.dateTime("modified_after")
        try parameters.paging(into: &query)
        try parameters.havenFilters(into: &query)
        return query
    }

    static func services(req: Request) async throws -> Response {
        let query = try serviceQuery(req)
        let parameters = DirectoryParameters(request: req)
        let minimal = try parameters.bool("minimal")
        let depth = try parameters.bool("full") ? fullDepth : 1
        if try format(req) {
            let search = search(req)
            let ids = try await search.matchingIDs(try await search.plan(query))
            return ndjson(req, ids: ids, minimal: minimal, depth: depth)
        }
        let results = try await search(req).search(query)
        let ids = results.listings.map(\.serviceID)
        let contents = try await documents(ids: ids, minimal: minimal, depth: depth, on: req.db)
        return try json(page(contents, total: results.totalItems, page: results.page, perPage: results.perPage))
    }

    /// Services as documents, in the order of `ids`.
    static func documents(ids: [UUID], minimal: Bool, depth: Int, on database: any Database) async throws -> [JSONValue]
    {
        let rows = try await HSDSStore(database).rows(.named("service"), in: ids)
        let byID = Dictionary(
            rows.compactMap { row in row["id"]?.uuid.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        let ordered = ids.compactMap { byID[$0] }
        if minimal {
            return ordered.map { row in
                var document: [String: JSONValue] = ["id": JSONValue(row["id"] ?? .null)]
                if let modified = row["last_modified"] { document["last_modified"] = JSONValue(modified) }
                return .object(document)
            }
        }
        return try await HSDSNesting.documents("service", ordered, depth: depth, on: database)
    }

    /// One JSON document a line, every match, written as it is read: memory stays flat however many match.
    static func ndjson(_ req: Request, ids: [UUID], minimal: Bool, depth: Int) -> Response {
        let database = req.db
        let response = Response(
            status: .ok,
            body: .init(asyncStream: { writer in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                do {
                    for start in stride(from: 0, to: ids.count, by: 200) {
                        let batch = Array(ids[start..<min(ids.count, start + 200)])
                        var buffer = ByteBuffer()
                        for document in try await documents(ids: batch, minimal: minimal, depth: depth, on: database) {
                            buffer.writeBytes(try encoder.encode(document))
                            buffer.writeString("\n")
                        }
                        try await writer.write(.buffer(buffer))
                    }
                    try await writer.write(.end)
                } catch {
                    try? await writer.write(.error(error))
                }
            }))
        response.headers.replaceOrAdd(name: .contentType, value: "application/x-ndjson")
        return response
    }

    static func id(_ req: Request) throws -> UUID {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw) else {
            throw Abort(.notFound, reason: "There is no record with that id.")
        }
        return id
    }

    static func one(_ resource: String, _ req: Request, depth: Int) async throws -> Response {
        let id = try id(req)
        guard let row = try await HSDSStore(req.db).row(.named(resource), id: id) else {
            throw Abort(
                .notFound,
                reason:
                    "There is no \(resource.replacingOccurrences(of: "_", with: " ")) with id \(id.uuidString.lowercased())."
            )
        }
        let document = try await HSDSNesting.documents(resource, [row], depth: depth, on: req.db)
        return try json(document[0])
    }

    static func service(req: Request) async throws -> Response { try await one("service", req, depth: fullDepth) }

    static func organization(req: Request) async throws -> Response { try await one("organization", req, depth: 2) }

    static func taxonomy(req: Request) async throws -> Response { try await one("taxonomy", req, depth: 0) }

    static func taxonomyTerm(req: Request) async throws -> Response { try await one("taxonomy_term", req, depth: 1) }

    static func serviceAtLocation(req: Request) async throws -> Response {
        try await one("service_at_location", req, depth: fullDepth - 1)
    }

    /// A plain table listed page by page in id order, optionally filtered by one field and a name search.
    static func list(
        _ resource: String, _ req: Request, depth: Int, filters: [(field: String, value: UUID)] = [],
        topOnly: Bool = false
    ) async throws -> Response {
        let parameters = DirectoryParameters(request: req)
        var query = DirectoryQuery()
        try parameters.paging(into: &query)
        let table = HSDSTable.named(resource)
        let sql = req.db as! any SQLDatabase
        var conditions: [SQLQueryString] = []
        for filter in filters { conditions.append("\(ident: filter.field) = \(bind: filter.value)") }
        if topOnly { conditions.append("parent_id IS NULL") }
        if let search = parameters.string("search") {
            conditions.append("LOWER(name) LIKE \(bind: "%" + search.lowercased() + "%")")
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table.table)" + whereClause).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let columns = table.fields.map(\.name)
        let rows = try await sql.raw(
            "SELECT \(idents: columns, joinedBy: ", ") FROM \(ident: table.table)" + whereClause
                + " ORDER BY name, id LIMIT \(literal: query.perPage) OFFSET \(literal: (query.page - 1) * query.perPage)"
        ).all().map { try HSDSStore.decode($0, table) }
        let contents = try await HSDSNesting.documents(resource, rows, depth: depth, on: req.db)
        return try json(page(contents, total: total, page: query.page, perPage: query.perPage))
    }

    static func organizations(req: Request) async throws -> Response {
        let full = try DirectoryParameters(request: req).bool("full")
        return try await list("organization", req, depth: full ? 2 : 0)
    }

    static func taxonomies(req: Request) async throws -> Response { try await list("taxonomy", req, depth: 0) }

    static func taxonomyTerms(req: Request) async throws -> Response {
        let parameters = DirectoryParameters(request: req)
        var filters: [(field: String, value: UUID)] = []
        if let taxonomy = try parameters.uuid("taxonomy_id") { filters.append(("taxonomy_id", taxonomy)) }
        if let parent = try parameters.uuid("parent_id") { filters.append(("parent_id", parent)) }
        return try await list(
            "taxonomy_term", req, depth: 0, filters: filters, topOnly: try parameters.bool("top_only"))
    }

    /// Service-at-locations of the services a search finds; `postcode` (a place's postal code) with
    /// `proximity` (metres, default 25 km) searches near that place.
    static func serviceAtLocations(req: Request) async throws -> Response {
        var query = try serviceQuery(req)
        let parameters = DirectoryParameters(request: req)
        if let postcode = parameters.string("postcode") {
            guard let place = try await Places.find(postcode, on: req.db) else {
                throw InvalidParameter(
                    parameter: "postcode", problem: "no place with postal code \"\(postcode)\" is known here")
            }
            query.near = place.point
            if let metres = try parameters.double("proximity", in: 100...500_000) { query.radiusKm = metres / 1000 }
        } else if parameters.string("proximity") != nil {
            throw InvalidParameter(parameter: "proximity", problem: "needs postcode")
        }
        let plan = try await search(req).plan(query)
        let sql = req.db as! any SQLDatabase
        let table = HSDSTable.named("service_at_location")
        let matches: SQLQueryString =
            " FROM hsds_service_at_locations s WHERE s.service_id IN (" + plan.serviceIDs + ")"
        let total = try await sql.raw("SELECT COUNT(*) AS n" + matches).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            "SELECT \(SQLList(table.fields.map { SQLColumn($0.name, table: "s") }))" + matches
                + " ORDER BY s.id LIMIT \(literal: query.perPage) OFFSET \(literal: (query.page - 1) * query.perPage)"
        ).all().map { try HSDSStore.decode($0, table) }
        let depth = try parameters.bool("full") ? fullDepth - 1 : 1
        let contents = try await HSDSNesting.documents("service_at_location", rows, depth: depth, on: req.db)
        return try json(page(contents, total: total, page: query.page, perPage: query.perPage))
    }
}
