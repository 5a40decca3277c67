import Fluent
import Foundation
import Testing

@testable import Haven

@Suite("Directory pages")
struct DirectoryPageTests {
    typealias F = DirectoryFixture

    static func serviceID(_ app: TestApp, named name: String) async throws -> String {
        let rows = try await HSDSStore(app.app.db).rows(.named("service"))
        let row = try #require(rows.first { $0["name"]?.text == name })
        return try #require(row["id"]?.uuid).uuidString.lowercased()
    }

    @Test func searchKeepsTheFormAndEveryFilterSurvivesPaging() async throws {
        try await withApp { app in
            try await F.load(app)
            let support = F.term(app, "support-group").uuidString.lowercased()
            let page = try await app.get(
                "/directory?q=group&place=Millbrook&radius=50&need=\(support)&language=en&age=30")
            #expect(page.status == .ok)
            #expect(page.header("Set-Cookie") == nil)
            let html = page.text
            #expect(html.contains(#"name="q" type="search" value="group""#))
            #expect(
                html.contains(#"name="place" type="text" value="Millbrook""#) || html.contains(#"value="Millbrook""#))
            #expect(html.contains(#"<option value="50" selected>"#))
            #expect(html.contains(#"<option value="\#(support)" selected>"#))
            #expect(html.contains("within 50 km of Millbrook"))
            // The results are groups near Millbrook, nearest first, with distance and a call button.
            #expect(html.contains("km away"))
            #expect(html.contains(#"href="tel:+1715555"#))
            // More than one page: the next page's link carries every filter.
            let next = try #require(html.firstMatch(of: #/<a href="([^"]+)" rel="next">/#)).output.1
            let decoded = String(next).replacingOccurrences(of: "&amp;", with: "&")
            for part in [
                "q=group", "place=Millbrook", "radius=50", "need=\(support)", "language=en", "age=30", "page=2",
            ] {
                #expect(decoded.contains(part), "\(part) missing from \(decoded)")
            }
            let second = try await app.get(decoded)
            #expect(second.status == .ok)
            #expect(second.text.contains(#"aria-current="page">Page 2"#))
        }
    }

    @Test func aBadAgeIsExplainedAndAnUnknownPlaceIsSaid() async throws {
        try await withApp { app in
            try await F.load(app)
            let page = try await app.get("/directory?age=old&place=Atlantis")
            #expect(page.status == .badRequest)
            #expect(page.text.contains("Enter an age in years, such as 16"))
            #expect(page.text.contains(##"href="#field-age""##))
            #expect(page.text.contains("We could not find “Atlantis”"))
            #expect(page.text.contains(#"value="old""#))
        }
    }

    @Test func aCrisisSearchShowsCrisisLinesFirstWithHelp() async throws {
        try await withApp { app in
            try await F.load(app)
            let html = try await app.get("/directory?q=I+want+to+die").text
            #expect(html.contains("If you are in danger now"))
            let first = try #require(html.range(of: #"<article class="#))
            #expect(html[first.lowerBound...].hasPrefix(#"<article class="card result card--urgent""#))
            #expect(html.contains(#"href="tel:988""#))
        }
    }

    @Test func aMisspeltSearchSaysWhatItSearchedInstead() async throws {
        try await withApp { app in
            try await F.load(app)
            let html = try await app.get("/directory?q=anxeity").text
            #expect(html.contains("Showing results for “anxiety”. Nothing matched “anxeity”."))
        }
    }

    @Test func theServicePageShowsHowToReachItAndWhenWithTodayMarked() async throws {
        try await withApp { app in
            try await F.load(app)
            let id = try await Self.serviceID(app, named: "Peer Support Circle — Millbrook")
            let page = try await app.get("/directory/services/\(id)")
            #expect(page.status == .ok)
            let html = page.text
            for part in [
                "Run by Riverside Peer Support", "How to reach it", #"href="tel:"#, "What it is", "Where",
                "Main Street",
                "Millbrook HV 00101", "Step-free entrance", "Cost and languages", "Free", "English",
                "Details last checked on",
                "Report a problem with this listing", "(Central Time)", "Tuesday", "(today)", #"class="hours__today""#,
            ] {
                #expect(html.contains(part), "\(part)")
            }
            // Unknown and malformed ids are a 404 in the layout.
            #expect(try await app.get("/directory/services/\(UUID().uuidString)").status == .notFound)
            #expect(try await app.get("/directory/services/not-an-id").status == .notFound)
        }
    }

    @Test func aStaleOrClosedListingSaysSoOnItsPage() async throws {
        try await withApp { app in
            try await F.load(app)
            let stale = try await Self.serviceID(app, named: "Substance Use Counselling")
            #expect(
                try await app.get("/directory/services/\(stale)").text.contains(
                    "more than a year ago. Call before you go."))
            let closed = try await Self.serviceID(app, named: "Grief Counselling")
            #expect(try await app.get("/directory/services/\(closed)").text.contains("Temporarily closed."))
        }
    }

    @Test func anyoneCanReportAProblemAndItReachesTheModerationQueue() async throws {
        try await withApp { app in
            try await F.load(app)
            let id = try await Self.serviceID(app, named: "Riverside Warmline")
            let form = try await app.get("/directory/services/\(id)/report")
            #expect(form.status == .ok && form.text.contains("Riverside Warmline"))
            // Missing choice and details: both explained, what was typed kept, nothing queued.
            let empty = try await app.post("/directory/services/\(id)/report", form: [("details", "no")])
            #expect(empty.status == .unprocessableEntity)
            #expect(
                empty.text.contains("Choose what is wrong") && empty.text.contains("Say what is wrong in a few words"))
            #expect(empty.text.contains(">no</textarea>"))
            let queued = try await ModerationItem.query(on: app.app.db).count()
            #expect(queued == 0)
            let sent = try await app.post(
                "/directory/services/\(id)/report",
                form: [("problem", "phone"), ("details", "The number is now 555 0199")])
            #expect(sent.status == .seeOther)
            #expect(sent.header("Location") == "/directory/services/\(id)?reported=1")
            #expect(sent.header("Set-Cookie") == nil)
            let item = try #require(try await ModerationItem.query(on: app.app.db).first())
            #expect(item.kind == "directory-correction" && item.subjectID == id && item.reason == .correction)
            #expect(item.details == "phone: The number is now 555 0199")
            #expect(
                try await app.get("/directory/services/\(id)?reported=1").text.contains(
                    "A moderator will check the listing."))
            // The moderator sees the listing it is about.
            let moderator = try await app.createUser("mod@example.org", role: .moderator)
            let session = try await app.session(for: moderator)
            #expect(try await app.get("/moderation", as: session).text.contains("Directory correction"))
            let page = try await app.get("/moderation/\(try item.requireID())", as: session)
            #expect(page.text.contains("Riverside Warmline") && page.text.contains("The number is now 555 0199"))
        }
    }
}
