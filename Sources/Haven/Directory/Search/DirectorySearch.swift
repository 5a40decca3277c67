import Fluent
import Foundation
import SQLKit

/// The directory's one search: the page, the HSDS API and Haven's API all call it. The query is plain SQL
/// except how words are matched — SQLite's FTS5 (bm25, name weighted 10, keywords 5, description 1) or
/// PostgreSQL's tsvector (ts_rank with weights A/B/C) — over text both get already normalized, so the
/// same data gives the same results on either.
///
/// Order: crisis lines first when the words or filters touch crisis; then listings without a notice
/// (inactive, or not verified for 365 days) before those with one; then distance when searching near a
/// point, relevance when searching words, and name.
struct DirectorySearch: Sendable {
    let database: any Database
    let now: Date
    let crisisLineTermID: UUID

    private var sql: any SQLDatabase { database as! any SQLDatabase }
    private var postgres: Bool { sql.dialect.name == "postgresql" }

    static let kmPerDegree = 111.32
    static let staleAfterDays = 365

    func search(_ query: DirectoryQuery) async throws -> DirectoryResults {
        var results = try await run(query, words: SearchText.queryWords(query.text))
        // Nothing for the words typed: try the closest known spelling of each unknown word.
        if results.totalItems == 0, !query.text.isEmpty, let corrected = try await correctedWords(for: query.text) {
            var retry = try await run(query, words: corrected)
            if retry.totalItems > 0 {
                retry.correctedText = corrected.joined(separator: " ")
                results = retry
            }
        }
        return results
    }

    func touchesCrisis(_ query: DirectoryQuery, words: [String]) -> Bool {
        query.termIDs.contains(crisisLineTermID) || words.contains { DirectoryQuery.crisisWords.contains($0) }
            || SearchText.normalize(query.text).contains("self harm")
    }

    private var staleCutoff: String {
        let cutoff = now.addingTimeInterval(-Double(Self.staleAfterDays) * 86_400)
        return Self.day(cutoff)
    }

    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The parts of the SQL a query becomes: which listings match, and in what order.
    struct Plan {
        var from: SQLQueryString
        var whereClause: SQLQueryString
        var order: SQLQueryString
        var distance: SQLQueryString?
        var pinCrisis: Bool
        var words: [String]

        /// `SELECT l.service_id FROM … WHERE …`: the matching services, for other queries to use.
        var serviceIDs: SQLQueryString { "SELECT l.service_id " + from + whereClause }
    }

    /// The SQL for a query, after the same spelling correction `search` would make.
    func plan(_ query: DirectoryQuery) async throws -> Plan {
        let words = SearchText.queryWords(query.text)
        let first = try await plan(query, words: words)
        guard !words.isEmpty, try await count(first) == 0, let corrected = try await correctedWords(for: query.text)
        else {
            return first
        }
        return try await plan(query, words: corrected)
    }

    private func count(_ plan: Plan) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n " + plan.from + plan.whereClause).first()?.decode(
            column: "n", as: Int.self) ?? 0
    }

    /// Every matching service, in result order (for streams that do not page).
    func matchingIDs(_ plan: Plan) async throws -> [UUID] {
        try await sql.raw("SELECT l.service_id " + plan.from + plan.whereClause + " ORDER BY " + plan.order).all()
            .map { try $0.decode(column: "service_id", as: UUID.self) }
    }

    private func run(_ query: DirectoryQuery, words: [String]) async throws -> DirectoryResults {
        let plan = try await plan(query, words: words)
        let perPage = min(max(query.perPage, 1), DirectoryQuery.maxPerPage)
        let page = max(query.page, 1)
        let select: SQLQueryString =
            "SELECT l.service_id, l.organization_id, l.name, l.organization_name, l.summary, l.status, l.assured_date, l.is_free, l.is_crisis_line, "
            + (plan.distance.map { $0 + " AS d2" } ?? "NULL AS d2") + " "
        let rows = try await sql.raw(
            select + plan.from + plan.whereClause + " ORDER BY " + plan.order
                + " LIMIT \(literal: perPage) OFFSET \(literal: (page - 1) * perPage)"
        ).all()
        // A first page that is not full holds every match: no need to count them again.
        let count = page == 1 && rows.count < perPage ? rows.count : try await count(plan)
        let cutoff = staleCutoff
        let listings = try rows.map { row in
            let status = try row.decode(column: "status", as: String.self)
            let assured = try row.decode(column: "assured_date", as: String?.self)
            let d2 = try row.decode(column: "d2", as: Double?.self)
            return DirectoryListing(
                serviceID: try row.decode(column: "service_id", as: UUID.self),
                organizationID: try row.decode(column: "organization_id", as: UUID?.self),
                name: try row.decode(column: "name", as: String.self),
                organizationName: try row.decode(column: "organization_name", as: String.self),
                summary: try row.decode(column: "summary", as: String.self),
                status: status, assuredDate: assured,
                isFree: try row.decode(column: "is_free", as: Bool.self),
                isCrisisLine: try row.decode(column: "is_crisis_line", as: Bool.self),
                distanceKm: d2.map { $0.squareRoot() * Self.kmPerDegree },
                notice: Self.notice(status: status, assuredDate: assured, staleCutoff: cutoff))
        }
        return DirectoryResults(
            listings: listings, totalItems: count, page: page, perPage: perPage, correctedText: nil,
            crisisPinned: plan.pinCrisis)
    }

    private func plan(_ query: DirectoryQuery, words: [String]) async throws -> Plan {
        let pinCrisis = touchesCrisis(query, words: words)
        var from: SQLQueryString = "FROM directory_listings l"
        var conditions: [SQLQueryString] = []
        var relevance: SQLQueryString?
        if !words.isEmpty {
            // When the words touch crisis, crisis lines stay in the results even if they do not match every
            // word ("I want to kill myself" must still show them).
            let orCrisis: SQLQueryString = pinCrisis ? " OR l.is_crisis_line = \(bind: true)" : ""
            if postgres {
                let tsquery = words.map { "\($0):*" }.joined(separator: " & ")
                conditions.append("(l.search_vector @@ to_tsquery('simple', \(bind: tsquery))" + orCrisis + ")")
                // Weights D, C, B, A: description 0.1, keywords 0.5, name 1 — as SQLite's bm25 weights 1, 5, 10.
                relevance = "ts_rank('{0.1, 0.1, 0.5, 1.0}', l.search_vector, to_tsquery('simple', \(bind: tsquery)))"
            } else {
                let match = words.map { "\"\($0)\"*" }.joined(separator: " ")
                // An inner join lets SQLite start from the matches; only a crisis search needs every listing.
                from +=
                    (pinCrisis ? " LEFT JOIN" : " JOIN")
                    + " (SELECT rowid AS number, bm25(directory_fts, 10.0, 5.0, 1.0) AS rank FROM directory_fts WHERE directory_fts MATCH \(bind: match)) m ON m.number = l.number"
                conditions.append("(m.number IS NOT NULL" + orCrisis + ")")
                relevance = "COALESCE(0 - m.rank, 0)"
            }
        }
        var distance: SQLQueryString?
        if let near = query.near {
            let degrees = query.radiusKm / Self.kmPerDegree
            let scale = max(cos(near.latitude * .pi / 180), 0.01)
            let dx: SQLQueryString = "((longitude - \(bind: near.longitude)) * \(bind: scale))"
            let dy: SQLQueryString = "(latitude - \(bind: near.latitude))"
            from += """
                 JOIN (SELECT service_id, MIN(\(dx) * \(dx) + \(dy) * \(dy)) AS d2 FROM directory_points \
                WHERE latitude BETWEEN \(bind: near.latitude - degrees) AND \(bind: near.latitude + degrees) \
                AND longitude BETWEEN \(bind: near.longitude - degrees / scale) AND \(bind: near.longitude + degrees / scale) \
                GROUP BY service_id) p ON p.service_id = l.service_id
                """
            conditions.append("p.d2 <= \(bind: degrees * degrees)")
            distance = "p.d2"
        }
        for term in query.termIDs {
            conditions.append(tag("term:\(term.uuidString.lowercased())"))
        }
        if let taxonomyID = query.taxonomyID {
            let terms = try await HSDSStore(database).rows(
                .named("taxonomy_term"), where: "taxonomy_id", in: [taxonomyID])
            let tags = terms.compactMap { $0["id"]?.uuid }.map { "term:\($0.uuidString.lowercased())" }
            if tags.isEmpty {
                conditions.append("1 = 0")
            } else {
                conditions.append(
                    "l.service_id IN (SELECT service_id FROM directory_tags WHERE tag IN (\(binds: tags)))")
            }
        }
        if let organizationID = query.organizationID {
            conditions.append("l.organization_id = \(bind: organizationID)")
        }
        if let language = query.language { conditions.append(tag("language:\(LanguageCodes.primary(language))")) }
        if query.free { conditions.append("l.is_free = \(bind: true)") }
        if let age = query.age {
            conditions.append(
                "(l.minimum_age IS NULL OR l.minimum_age <= \(bind: Double(age))) AND (l.maximum_age IS NULL OR l.maximum_age >= \(bind: Double(age)))"
            )
        }
        if let after = query.modifiedAfter {
            conditions.append("l.service_id IN (SELECT id FROM hsds_services WHERE last_modified >= \(bind: after))")
        }
        if query.openNow { conditions.append(try await openNowCondition()) }

        let whereClause: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let notice: SQLQueryString =
            "CASE WHEN l.status <> 'active' OR l.assured_date IS NULL OR l.assured_date < \(bind: staleCutoff) THEN 1 ELSE 0 END"
        var order: [SQLQueryString] = []
        if pinCrisis { order.append("l.is_crisis_line DESC") }
        order.append(notice)
        if let distance { order.append(distance) } else if let relevance { order.append(relevance + " DESC") }
        order.append("l.name")
        order.append("l.service_id")
        return Plan(
            from: from, whereClause: whereClause, order: order.joined(separator: ", "), distance: distance,
            pinCrisis: pinCrisis, words: words)
    }

    static func notice(status: String, assuredDate: String?, staleCutoff: String) -> DirectoryListing.Notice? {
        switch status {
        case "active": break
        case "defunct": return .defunct
        case "temporarily closed": return .temporarilyClosed
        default: return .inactive
        }
        guard let assuredDate else { return .unverified }
        return assuredDate < staleCutoff ? .stale : nil
    }

    private func tag(_ tag: String) -> SQLQueryString {
        "l.service_id IN (SELECT service_id FROM directory_tags WHERE tag = \(bind: tag))"
    }

    /// Open now, in each listing's own time zone: for every zone the index holds, its local weekday, minute
    /// and date, matched against the weekly hours valid that day unless the date is an exception.
    private func openNowCondition() async throws -> SQLQueryString {
        let zones = try await sql.raw("SELECT DISTINCT timezone FROM directory_hours").all()
            .map { try $0.decode(column: "timezone", as: String.self) }
        var parts: [SQLQueryString] = []
        for name in zones {
            guard let zone = TimeZone(identifier: name) else { continue }
            let local = OpeningHours.local(now, in: zone)
            parts.append(
                """
                (h.timezone = \(bind: name) AND h.opens <= \(bind: local.minute) AND h.closes > \(bind: local.minute) AND (\
                (h.weekday = \(bind: local.weekday) AND (h.valid_from IS NULL OR h.valid_from <= \(bind: local.day)) \
                AND (h.valid_to IS NULL OR h.valid_to >= \(bind: local.day)) \
                AND NOT EXISTS (SELECT 1 FROM directory_closures c WHERE c.service_id = h.service_id AND c.date = \(bind: local.day))) \
                OR (h.weekday = 0 AND h.valid_from = \(bind: local.day))))
                """)
        }
        if parts.isEmpty { return "1 = 0" }
        return "l.service_id IN (SELECT h.service_id FROM directory_hours h WHERE " + parts.joined(separator: " OR ")
            + ")"
    }

    /// The query with each word the index does not know replaced by the closest word it does.
    private func correctedWords(for text: String) async throws -> [String]? {
        let words = SearchText.queryWords(text)
        var corrected: [String] = []
        var changed = false
        for word in words {
            let known = try await sql.raw(
                "SELECT word FROM directory_words WHERE word LIKE \(bind: word + "%") LIMIT 1"
            ).first()
            if known != nil || word.count < 4 {
                corrected.append(word)
                continue
            }
            let limit = word.count <= 5 ? 1 : 2
            let candidates = try await sql.raw(
                "SELECT word FROM directory_words WHERE length BETWEEN \(bind: word.count - limit) AND \(bind: word.count + limit)"
            ).all().map { try $0.decode(column: "word", as: String.self) }
            if let best = SearchText.closest(to: word, among: candidates) {
                corrected.append(best)
                changed = true
            } else {
                corrected.append(word)
            }
        }
        return changed ? corrected : nil
    }
}
