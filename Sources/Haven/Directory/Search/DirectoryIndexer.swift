import Fluent
import Foundation
import SQLKit

/// Rebuilds the search index (the `directory_*` tables) for some services from their HSDS rows: what to
/// search, where they are, which filters they match, and when they are open. Called in the same
/// transaction as every change to a service, so the index never disagrees with the data.
struct DirectoryIndexer: Sendable {
    let database: any Database
    let taxonomy: DefaultTaxonomy
    let defaultTimeZone: TimeZone

    private var sql: any SQLDatabase { database as! any SQLDatabase }
    private var store: HSDSStore { HSDSStore(database) }

    /// Re-indexes every service, in batches.
    func reindexAll(batchSize: Int = 1_000) async throws {
        var ids: [UUID] = []
        try await store.forEachPage(.named("service"), size: 5_000) { page in ids += page.compactMap { $0["id"]?.uuid }
        }
        try await sql.delete(from: "directory_listings").run()
        for table in ["directory_points", "directory_tags", "directory_hours", "directory_closures"] {
            try await sql.delete(from: table).run()
        }
        for start in stride(from: 0, to: ids.count, by: batchSize) {
            try await reindex(Array(ids[start..<min(ids.count, start + batchSize)]), clearFirst: false)
        }
    }

    /// Re-indexes these services (a service no longer in the data leaves the index).
    func reindex(_ serviceIDs: [UUID], clearFirst: Bool = true) async throws {
        guard !serviceIDs.isEmpty else { return }
        if clearFirst {
            for table in [
                "directory_listings", "directory_points", "directory_tags", "directory_hours", "directory_closures",
            ] {
                try await sql.delete(from: table).where("service_id", .in, SQLBind.group(serviceIDs)).run()
            }
        }
        let services = try await store.rows(.named("service"), in: serviceIDs)
        guard !services.isEmpty else { return }
        let ids = services.compactMap { $0["id"]?.uuid }
        let organizations = try await store.rows(
            .named("organization"), in: Array(Set(services.compactMap { $0["organization_id"]?.uuid })))
        let organizationNames = Dictionary(
            organizations.compactMap { row in row["id"]?.uuid.map { ($0, row["name"]?.text ?? "") } },
            uniquingKeysWith: { a, _ in a })
        let terms = try await TermTree.load(on: database)
        let attributes = try await store.rows(.named("attribute"), where: "link_id", in: ids)
        let languages = try await store.rows(.named("language"), where: "service_id", in: ids)
        let costs = try await store.rows(.named("cost_option"), where: "service_id", in: ids)
        let phones = try await store.rows(.named("phone"), where: "service_id", in: ids)
        let atLocations = try await store.rows(.named("service_at_location"), where: "service_id", in: ids)
        let locations = try await store.rows(
            .named("location"), in: Array(Set(atLocations.compactMap { $0["location_id"]?.uuid })))
        let locationsByID = Dictionary(
            locations.compactMap { row in row["id"]?.uuid.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        let schedules = try await store.rows(.named("schedule"), where: "service_id", in: ids)

        let synonyms = taxonomy.synonyms
        var listings: [[any SQLExpression]] = []
        var points: [[any SQLExpression]] = []
        var tags: [[any SQLExpression]] = []
        var hours: [[any SQLExpression]] = []
        var closures: [[any SQLExpression]] = []
        var words = Set<String>()

        let attributesByService = Dictionary(grouping: attributes, by: { $0["link_id"]?.uuid })
        let languagesByService = Dictionary(grouping: languages, by: { $0["service_id"]?.uuid })
        let costsByService = Dictionary(grouping: costs, by: { $0["service_id"]?.uuid })
        let phonesByService = Dictionary(grouping: phones, by: { $0["service_id"]?.uuid })
        let atLocationsByService = Dictionary(grouping: atLocations, by: { $0["service_id"]?.uuid })
        let schedulesByService = Dictionary(grouping: schedules, by: { $0["service_id"]?.uuid })

        for service in services {
            guard let id = service["id"]?.uuid else { continue }
            var termIDs = Set((attributesByService[id] ?? []).compactMap { $0["taxonomy_term_id"]?.uuid })
            // How people reach it follows from the data too: a voice number is a phone service, an address a place.
            for phone in phonesByService[id] ?? [] {
                switch phone["type"]?.text?.lowercased() ?? "voice" {
                case "text", "sms": termIDs.insert(taxonomy.id("text"))
                case "video": termIDs.insert(taxonomy.id("video"))
                case "voice", "cell", "": termIDs.insert(taxonomy.id("phone"))
                default: break
                }
            }
            let placed = (atLocationsByService[id] ?? []).compactMap { $0["location_id"]?.uuid }.compactMap {
                locationsByID[$0]
            }
            if placed.contains(where: { $0["location_type"]?.text == "physical" }) {
                termIDs.insert(taxonomy.id("in-person"))
            }
            let expanded = terms.withAncestors(termIDs)

            var keywords: [String] = [
                service["alternate_name"]?.text, organizationNames[service["organization_id"]?.uuid ?? UUID()],
            ]
            .compactMap { $0 }
            for term in expanded {
                if let name = terms.names[term] { keywords.append(name) }
                if let synonym = synonyms[term] { keywords.append(synonym) }
            }
            var serviceTags = expanded.map { "term:" + UUIDText.string($0) }
            for language in languagesByService[id] ?? [] {
                if let code = language["code"]?.text?.lowercased() {
                    serviceTags.append("language:\(LanguageCodes.primary(code))")
                    keywords += LanguageCodes.searchNames(code)
                }
                if let name = language["name"]?.text { keywords.append(name) }
            }
            let free = (costsByService[id] ?? []).contains { cost in
                cost["amount"]?.number == 0
                    || SearchText.words(cost["option"]?.text ?? "").contains {
                        ["free", "gratis", "gratuito"].contains($0)
                    }
            }
            if free {
                serviceTags.append("free")
                keywords.append("free gratis")
            }
            let name = service["name"]?.text ?? ""
            let description = [service["description"]?.text, service["eligibility_description"]?.text].compactMap { $0 }
                .joined(separator: " ")
            let normalizedKeywords = SearchText.normalize(keywords.joined(separator: " "))
            let normalizedName = SearchText.normalize(name)
            let normalizedDescription = SearchText.normalize(description)
            words.formUnion(
                SearchText.words(normalizedName + " " + normalizedKeywords + " " + normalizedDescription).filter {
                    $0.count >= 3 && $0.count <= 30
                })

            listings.append([
                store.bind(id), store.expression(service["organization_id"] ?? .null), SQLBind(name),
                SQLBind(organizationNames[service["organization_id"]?.uuid ?? UUID()] ?? ""),
                SQLBind(Self.summary(service["description"]?.text ?? "")),
                SQLBind(service["status"]?.text ?? "active"), store.expression(service["assured_date"] ?? .null),
                store.expression(service["minimum_age"] ?? .null),
                store.expression(service["maximum_age"] ?? .null),
                SQLBind(free), SQLBind(expanded.contains(taxonomy.crisisLine)),
                SQLBind(normalizedName), SQLBind(normalizedKeywords), SQLBind(normalizedDescription),
            ])
            for tag in Set(serviceTags) { tags.append([SQLBind(tag), store.bind(id)]) }
            for location in placed {
                guard let locationID = location["id"]?.uuid, let latitude = location["latitude"]?.number,
                    let longitude = location["longitude"]?.number, (-90...90).contains(latitude),
                    (-180...180).contains(longitude)
                else { continue }
                points.append([store.bind(id), store.bind(locationID), SQLBind(latitude), SQLBind(longitude)])
            }
            let opening = OpeningHours(schedules: schedulesByService[id] ?? [], defaultTimeZone: defaultTimeZone)
            let zone = opening.timeZone.identifier
            for interval in opening.weekly {
                hours.append([
                    store.bind(id), SQLBind(zone), SQLBind(interval.weekday), SQLBind(interval.opens),
                    SQLBind(interval.closes),
                    interval.validFrom.map { SQLBind($0) } ?? SQLLiteral.null,
                    interval.validTo.map { SQLBind($0) } ?? SQLLiteral.null,
                ])
            }
            for exception in opening.exceptions {
                // A date with its own hours: weekly hours stop counting that day (a closure), and the
                // day's own hours are weekday 0 rows valid on that date only.
                closures.append([store.bind(id), SQLBind(zone), SQLBind(exception.date)])
                if let opens = exception.opens, let closes = exception.closes, closes > opens {
                    hours.append([
                        store.bind(id), SQLBind(zone), SQLBind(0), SQLBind(opens), SQLBind(closes),
                        SQLBind(exception.date),
                        SQLBind(exception.date),
                    ])
                }
            }
        }
        // The listing's text columns hold normalized words; its display name comes from the HSDS row.
        try await insert(
            "directory_listings",
            [
                "service_id", "organization_id", "name", "organization_name", "summary", "status", "assured_date",
                "minimum_age",
                "maximum_age", "is_free", "is_crisis_line", "search_name", "keywords", "description",
            ].map { $0 },
            listings)
        try await insert("directory_points", ["service_id", "location_id", "latitude", "longitude"], points)
        try await insert("directory_tags", ["tag", "service_id"], tags)
        try await insert(
            "directory_hours", ["service_id", "timezone", "weekday", "opens", "closes", "valid_from", "valid_to"], hours
        )
        try await insert("directory_closures", ["service_id", "timezone", "date"], closures)
        let wordRows = words.sorted().map { [SQLBind($0), SQLBind($0.count)] as [any SQLExpression] }
        for start in stride(from: 0, to: wordRows.count, by: 5_000) {
            var insert = sql.insert(into: "directory_words").columns("word", "length")
            for row in wordRows[start..<min(wordRows.count, start + 5_000)] { insert = insert.values(row) }
            try await insert.ignoringConflicts(with: ["word"]).run()
        }
    }

    private func insert(_ table: String, _ columns: [String], _ rows: [[any SQLExpression]]) async throws {
        guard !rows.isEmpty else { return }
        let batch = max(1, 30_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: batch) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(rows.count, start + batch)] { insert = insert.values(row) }
            try await insert.run()
        }
    }

    /// The first sentence or so of a description, for result lists.
    static func summary(_ description: String) -> String {
        let trimmed = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count > 180 else { return trimmed }
        let cut = trimmed.prefix(180)
        if let end = cut.lastIndex(where: { $0 == "." }), cut.distance(from: cut.startIndex, to: end) > 60 {
            return String(cut[...end])
        }
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
    }
}

/// Every taxonomy term's name and parent, so a filter on "Support group" also finds peer-led groups.
struct TermTree: Sendable {
    var names: [UUID: String]
    var parents: [UUID: UUID]

    static func load(on database: any Database) async throws -> TermTree {
        let rows = try await HSDSStore(database).rows(.named("taxonomy_term"))
        var names: [UUID: String] = [:]
        var parents: [UUID: UUID] = [:]
        for row in rows {
            guard let id = row["id"]?.uuid else { continue }
            names[id] = row["name"]?.text
            parents[id] = row["parent_id"]?.uuid
        }
        return TermTree(names: names, parents: parents)
    }

    /// The terms and every term above them (a cycle in imported data stops after 20 steps).
    func withAncestors(_ ids: Set<UUID>) -> Set<UUID> {
        var result = ids
        for id in ids {
            var current = parents[id]
            var steps = 0
            while let parent = current, steps < 20 {
                result.insert(parent)
                current = parents[parent]
                steps += 1
            }
        }
        return result
    }
}
