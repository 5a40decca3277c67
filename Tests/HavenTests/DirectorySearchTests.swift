import Fluent
import Foundation
import Testing

@testable import Haven

/// The demo region, loaded as of a fixed moment: Tuesday 1 December 2026, 19:00 in Harbor Valley
/// (America/Chicago, UTC−6), which is 01:00 on Wednesday in UTC.
enum DirectoryFixture {
    static let tuesdayEvening = ISO8601DateFormatter().date(from: "2026-12-02T01:00:00Z")!

    static func load(_ app: TestApp, now: Date = tuesdayEvening) async throws {
        try await DirectoryDemo.load(
            on: app.app.db, resources: app.app.directory.resourcesDirectory, taxonomy: app.app.defaultTaxonomy, now: now
        )
    }

    static func search(_ app: TestApp, _ query: DirectoryQuery, at now: Date = tuesdayEvening) async throws
        -> DirectoryResults
    {
        try await DirectorySearch(database: app.app.db, now: now, crisisLineTermID: app.app.defaultTaxonomy.crisisLine)
            .search(query)
    }

    static func names(_ results: DirectoryResults) -> [String] { results.listings.map(\.name) }

    static func term(_ app: TestApp, _ code: String) -> UUID { app.app.defaultTaxonomy.id(code) }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
}

@Suite("Directory search")
struct DirectorySearchTests {
    typealias F = DirectoryFixture

    @Test func theDemoRegionHasSixtyServicesAcrossTheTaxonomy() async throws {
        try await withApp { app in
            try await F.load(app)
            let store = HSDSStore(app.app.db)
            #expect(try await store.count(.named("service")) >= 60)
            let all = try await F.search(app, DirectoryQuery(perPage: 100))
            #expect(all.totalItems >= 60)
            for code in [
                "crisis-line", "warmline", "text-chat-support", "peer-led-group", "professional-group", "counselling",
                "psychiatry", "substance-use", "eating-disorders", "grief", "trauma", "family-carers", "youth",
                "older-adults",
                "lgbtq", "veterans", "new-parents", "students", "in-person", "phone", "text", "chat", "video",
            ] {
                let found = try await F.search(app, DirectoryQuery(termIDs: [F.term(app, code)]))
                #expect(found.totalItems > 0, "no demo service for \(code)")
            }
        }
    }

    @Test func wordsFindByNameBeforeDescriptionAndByPrefix() async throws {
        try await withApp { app in
            try await F.load(app)
            let results = try await F.search(app, DirectoryQuery(text: "bereavement"))
            #expect(F.names(results).first?.hasPrefix("Bereavement Support Group") == true)
            #expect(results.totalItems >= 3)  // the two groups by name, grief counselling by keyword
            let prefix = try await F.search(app, DirectoryQuery(text: "bereav"))
            #expect(prefix.totalItems == results.totalItems)
            // Every word must match: a word nothing has finds nothing (and no near spelling either).
            #expect(try await F.search(app, DirectoryQuery(text: "bereavement zqxw")).totalItems == 0)
            // Accents and case do not matter.
            let spanish = try await F.search(app, DirectoryQuery(text: "ESPAÑOL"))
            #expect(F.names(spanish).contains { $0.hasPrefix("Grupo de Apoyo Familias Unidas") })
        }
    }

    @Test func misspeltWordsStillFindResults() async throws {
        try await withApp { app in
            try await F.load(app)
            let counselling = try await F.search(app, DirectoryQuery(text: "counceling"))
            #expect(counselling.totalItems > 0)
            #expect(counselling.correctedText != nil)
            #expect(counselling.listings.allSatisfy { !$0.isCrisisLine })
            let anxiety = try await F.search(app, DirectoryQuery(text: "anxeity"))
            #expect(anxiety.correctedText == "anxiety")
            #expect(anxiety.totalItems > 0)
            // Correct words are not "corrected".
            #expect(try await F.search(app, DirectoryQuery(text: "anxiety")).correctedText == nil)
        }
    }

    @Test func nearAPointSortsByDistanceWithinTheRadius() async throws {
        try await withApp { app in
            try await F.load(app)
            let millbrook = try #require(try await Places.find("Millbrook", on: app.app.db))
            #expect(millbrook.postalCode == "00101")
            let byCode = try #require(try await Places.find("00102", on: app.app.db))
            #expect(byCode.name == "Eastharbor")
            #expect(try await Places.find("Atlantis", on: app.app.db) == nil)

            let near = try await F.search(app, DirectoryQuery(near: millbrook.point, radiusKm: 10, perPage: 100))
            let distances = near.listings.compactMap(\.distanceKm)
            #expect(distances.count == near.listings.count && !distances.isEmpty)
            // Nearest first, among listings without a notice and then among those with one.
            let current = near.listings.filter { $0.notice == nil }.compactMap(\.distanceKm)
            let flagged = near.listings.filter { $0.notice != nil }.compactMap(\.distanceKm)
            #expect(current == current.sorted() && flagged == flagged.sorted() && !current.isEmpty)
            #expect(
                near.listings.map { $0.notice != nil } == near.listings.map { $0.notice != nil }.sorted { !$0 && $1 })
            #expect(distances.allSatisfy { $0 <= 10 })
            // A wider radius reaches the next towns (Eastharbor is about 15 km away) and never loses the nearer ones.
            let wider = try await F.search(app, DirectoryQuery(near: millbrook.point, radiusKm: 20, perPage: 100))
            #expect(wider.totalItems > near.totalItems)
            #expect(Set(near.listings.map(\.serviceID)).isSubset(of: Set(wider.listings.map(\.serviceID))))
            #expect(wider.listings.contains { $0.name.contains("Eastharbor") })
            // Services with no place (phone lines) have no distance and are not "near" anything.
            #expect(!wider.listings.contains { $0.name == "Riverside Warmline" })
        }
    }

    @Test func eachFilterNarrowsTheResults() async throws {
        try await withApp { app in
            try await F.load(app)
            let all = try await F.search(app, DirectoryQuery(perPage: 100)).totalItems
            let spanish = try await F.search(app, DirectoryQuery(language: "es", perPage: 100))
            #expect(spanish.totalItems > 0 && spanish.totalItems < all)
            #expect(spanish.listings.contains { $0.name.hasPrefix("Grupo de Apoyo") })
            #expect(!spanish.listings.contains { $0.name.hasPrefix("Teen Talk") })
            let free = try await F.search(app, DirectoryQuery(free: true, perPage: 100))
            #expect(free.listings.allSatisfy(\.isFree) && free.totalItems < all)
            let youth = try await F.search(app, DirectoryQuery(termIDs: [F.term(app, "youth")], perPage: 100))
            #expect(youth.listings.contains { $0.name.hasPrefix("Teen Talk Group") })
            #expect(!youth.listings.contains { $0.name.hasPrefix("Golden Years") })
            let texting = try await F.search(app, DirectoryQuery(termIDs: [F.term(app, "text")], perPage: 100))
            #expect(texting.listings.contains { $0.name == "Youth Crisis Text Line" })
            #expect(!texting.listings.contains { $0.name == "Veterans Peer Line" })
            // A parent term finds its children: "Support group" includes peer-led groups.
            let groups = try await F.search(app, DirectoryQuery(termIDs: [F.term(app, "support-group")], perPage: 100))
            #expect(groups.listings.contains { $0.name.hasPrefix("Peer Support Circle") })
            let fifteen = try await F.search(app, DirectoryQuery(age: 15, perPage: 100))
            #expect(fifteen.listings.contains { $0.name.hasPrefix("Teen Talk Group") })
            #expect(!fifteen.listings.contains { $0.name.hasPrefix("Free Counselling Clinic") })  // 18 and over
            #expect(!fifteen.listings.contains { $0.name.hasPrefix("Golden Years") })
            // Filters combine with AND.
            let combined = try await F.search(
                app, DirectoryQuery(termIDs: [F.term(app, "support-group")], language: "es", free: true, perPage: 100))
            #expect(combined.totalItems > 0)
            #expect(combined.totalItems <= min(spanish.totalItems, free.totalItems, groups.totalItems))
            let organization = try #require(spanish.listings.first?.organizationID)
            let byOrganization = try await F.search(app, DirectoryQuery(organizationID: organization, perPage: 100))
            #expect(byOrganization.listings.allSatisfy { $0.organizationID == organization })
        }
    }

    @Test func openNowFollowsEachListingsTimeZoneAndMidnight() async throws {
        try await withApp { app in
            try await F.load(app)
            func openNames(_ at: Date) async throws -> Set<String> {
                Set(try await F.search(app, DirectoryQuery(openNow: true, perPage: 100), at: at).listings.map(\.name))
            }
            // Tuesday 19:00 in Chicago.
            let tuesday = try await openNames(F.tuesdayEvening)
            #expect(tuesday.contains("Peer Support Circle — Millbrook"))  // Tue 18:30–20:00
            #expect(tuesday.contains("Harbor Valley Crisis Line"))  // 24/7
            #expect(tuesday.contains("Riverside Warmline"))  // 18:00–02:00
            #expect(!tuesday.contains("Community Mental Health Clinic — Millbrook"))  // weekdays 8–17
            #expect(tuesday.contains("Nourish Helpline"))  // 20:00 in New York, open 10–22 there
            #expect(tuesday.contains("Friendship Line"))  // 17:00 in Los Angeles, open 8–20 there
            // Wednesday 01:30 in Chicago: the warmline's Tuesday evening runs past midnight; the group has ended.
            let lateNight = try await openNames(F.at("2026-12-02T07:30:00Z"))
            #expect(lateNight.contains("Riverside Warmline"))
            #expect(!lateNight.contains("Peer Support Circle — Millbrook"))
            #expect(lateNight.contains("Harbor Valley Crisis Line"))
            #expect(!lateNight.contains("Nourish Helpline"))  // 02:30 in New York
            // Tuesday 21:30 in Chicago is 22:30 in New York (closed) but 19:30 in Los Angeles (open).
            let later = try await openNames(F.at("2026-12-02T03:30:00Z"))
            #expect(!later.contains("Nourish Helpline"))
            #expect(later.contains("Friendship Line"))
            // The index agrees with the schedule logic for every service at several moments.
            let store = HSDSStore(app.app.db)
            let services = try await store.rows(.named("service"))
            let schedules = Dictionary(
                grouping: try await store.rows(.named("schedule")), by: { $0["service_id"]?.uuid })
            for moment in [
                F.tuesdayEvening, F.at("2026-12-02T07:30:00Z"), F.at("2026-12-05T16:00:00Z"),
                F.at("2026-12-06T12:10:00Z"),
            ] {
                let open = try await openNames(moment)
                for service in services {
                    let hours = OpeningHours(
                        schedules: schedules[service["id"]?.uuid] ?? [],
                        defaultTimeZone: TimeZone(identifier: "America/Chicago")!)
                    let name = service["name"]?.text ?? ""
                    #expect(hours.isOpen(at: moment) == open.contains(name), "\(name) at \(moment)")
                }
            }
        }
    }

    @Test func pagesSplitTheResultsWithoutGapsOrRepeats() async throws {
        try await withApp { app in
            try await F.load(app)
            let everything = try await F.search(app, DirectoryQuery(perPage: 100))
            var seen: [UUID] = []
            var page = 1
            while true {
                let results = try await F.search(app, DirectoryQuery(page: page, perPage: 7))
                #expect(results.totalItems == everything.totalItems)
                #expect(results.totalPages == (everything.totalItems + 6) / 7)
                if results.listings.isEmpty { break }
                seen += results.listings.map(\.serviceID)
                page += 1
            }
            #expect(seen == everything.listings.map(\.serviceID))
            // At most 100 a page, whatever is asked.
            #expect(try await F.search(app, DirectoryQuery(perPage: 1000)).perPage == 100)
        }
    }

    @Test func crisisLinesArePinnedWhenTheSearchTouchesCrisis() async throws {
        try await withApp { app in
            try await F.load(app)
            for text in ["suicide", "I want to kill myself", "self-harm", "crisis"] {
                let results = try await F.search(app, DirectoryQuery(text: text))
                #expect(results.crisisPinned, "\(text)")
                #expect(results.listings.first?.isCrisisLine == true, "\(text)")
            }
            let pinnedByFilter = try await F.search(app, DirectoryQuery(termIDs: [F.term(app, "crisis-line")]))
            #expect(pinnedByFilter.crisisPinned)
            let groups = try await F.search(app, DirectoryQuery(text: "group"))
            #expect(!groups.crisisPinned)
            #expect(groups.listings.first?.isCrisisLine == false)
        }
    }

    @Test func inactiveAndStaleListingsShowANoticeAndNeverComeFirst() async throws {
        try await withApp { app in
            try await F.load(app)
            let results = try await F.search(app, DirectoryQuery(text: "counselling", perPage: 100))
            let stale = try #require(results.listings.firstIndex { $0.name == "Substance Use Counselling" })
            let inactive = try #require(results.listings.firstIndex { $0.name == "Trauma Recovery Program" })
            let closed = try #require(results.listings.firstIndex { $0.name == "Grief Counselling" })
            #expect(results.listings[stale].notice == .stale)
            #expect(results.listings[inactive].notice == .inactive)
            #expect(results.listings[closed].notice == .temporarilyClosed)
            let firstNotice = try #require(results.listings.firstIndex { $0.notice != nil })
            #expect(results.listings[..<firstNotice].count >= 3)
            #expect(results.listings[firstNotice...].allSatisfy { $0.notice != nil })
        }
    }

    /// The same data and queries give the same results on SQLite and PostgreSQL: the same listings and
    /// totals, in the same order wherever the order does not come from each engine's own relevance score
    /// (bm25 and ts_rank weigh term frequency differently). Runs when the suite runs on PostgreSQL (it then
    /// also builds a SQLite database); on SQLite alone there is nothing to compare.
    @Test func sqliteAndPostgresAgree() async throws {
        guard TestDatabase.backend == .postgres else { return }
        let queries: [(TestApp) -> DirectoryQuery] = [
            { _ in DirectoryQuery(text: "counselling") }, { _ in DirectoryQuery(text: "group for teens") },
            { _ in DirectoryQuery(text: "counceling") }, { _ in DirectoryQuery(text: "espanol") },
            { _ in DirectoryQuery(text: "suicide") },
            { _ in DirectoryQuery(near: .init(latitude: 44.5, longitude: -89.5), radiusKm: 15) },
            { app in DirectoryQuery(termIDs: [F.term(app, "support-group")], language: "es", free: true) },
            { _ in DirectoryQuery(age: 15, openNow: true) }, { _ in DirectoryQuery(page: 2, perPage: 9) },
            { _ in DirectoryQuery(text: "peer", near: .init(latitude: 44.5, longitude: -89.5), radiusKm: 30) },
        ]
        var answers: [[DirectoryResults]] = []
        var words: [Bool] = []
        for instance in [try await TestDatabase.migratedSQLite(), try await TestDatabase.migrated()] {
            try await withApp(database: instance) { app in
                try await F.load(app)
                var results: [DirectoryResults] = []
                words = []
                for query in queries {
                    let built = query(app)
                    results.append(try await F.search(app, built))
                    words.append(!built.text.isEmpty && built.near == nil)
                }
                answers.append(results)
            }
        }
        for (index, (sqlite, postgres)) in zip(answers[0], answers[1]).enumerated() {
            #expect(sqlite.totalItems == postgres.totalItems, "query \(index)")
            #expect(sqlite.correctedText == postgres.correctedText, "query \(index)")
            #expect(sqlite.crisisPinned == postgres.crisisPinned, "query \(index)")
            if words[index] {
                #expect(Set(sqlite.listings.map(\.name)) == Set(postgres.listings.map(\.name)), "query \(index)")
            } else {
                #expect(sqlite.listings == postgres.listings, "query \(index)")
            }
        }
    }
}
