import Fluent
import Foundation
import Testing

@testable import Haven

@Suite("Directory organizer tools")
struct DirectoryManageTests {
    typealias F = DirectoryFixture

    /// An organizer on the staff of Clear Path Recovery (one of whose listings is stale in the demo).
    static func organizer(_ app: TestApp) async throws -> (TestSession, UUID) {
        let user = try await app.createUser("organizer@clearpath.example", role: .organizer)
        let organization = DirectoryDemo.id("organization:Clear Path Recovery")
        try await OrganizationStaff(organizationID: organization, userID: try user.requireID()).create(on: app.app.db)
        return (try await app.session(for: user), try user.requireID())
    }

    /// The form as the edit page would post it, with some fields changed.
    static func form(_ app: TestApp, service: String, session: TestSession, changes: [(String, String)]) async throws
        -> [(String, String)]
    {
        let page = try await app.get("/directory/manage/services/\(service)", as: session)
        #expect(page.status == .ok)
        var fields: [(String, String)] = []
        for match in page.text.matches(
            of: #/<input id="field-([a-zA-Z0-9_]+)" name="[^"]+"(?: type="(?:text|email|time)")? value="([^"]*)"/#)
        {
            fields.append((String(match.output.1), String(match.output.2).replacingOccurrences(of: "&amp;", with: "&")))
        }
        for match in page.text.matches(of: #/<textarea id="field-([a-z_]+)" name="[^"]+"[^>]*>([^<]*)</textarea>/#) {
            fields.append((String(match.output.1), String(match.output.2)))
        }
        for match in page.text.matches(of: #/<select id="field-([a-z0-9_]+)"[\s\S]*?<option value="([^"]*)" selected>/#)
        {
            fields.append((String(match.output.1), String(match.output.2)))
        }
        if page.text.contains(#"name="free" value="1" checked"#) { fields.append(("free", "1")) }
        if page.text.contains(#"name="always_open" value="1" checked"#) { fields.append(("always_open", "1")) }
        let changed = Set(changes.map(\.0))
        return fields.filter { !changed.contains($0.0) } + changes
    }

    static func serviceID(_ app: TestApp, _ name: String) async throws -> String {
        try await DirectoryPageTests.serviceID(app, named: name)
    }

    @Test func anOrganizerSeesAndEditsOnlyTheirOwnListings() async throws {
        try await withApp { app in
            try await F.load(app)
            let (session, _) = try await Self.organizer(app)
            let page = try await app.get("/directory/manage", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Clear Path Recovery") && page.text.contains("Recovery Meeting — Millbrook"))
            #expect(!page.text.contains("Nourish"))
            // The stale listing is on the to-do list.
            #expect(page.text.contains("Not confirmed in 180 days") && page.text.contains("Substance Use Counselling"))
            let other = try await Self.serviceID(app, "Nourish Helpline")
            #expect(try await app.get("/directory/manage/services/\(other)", as: session).status == .forbidden)
            #expect(try await app.post("/directory/manage/services/\(other)/verify", as: session).status == .forbidden)
        }
    }

    @Test func aBadFormIsExplainedFieldByFieldAndChangesNothing() async throws {
        try await withApp { app in
            try await F.load(app)
            let (session, _) = try await Self.organizer(app)
            let id = try await Self.serviceID(app, "Substance Use Counselling")
            let form = try await Self.form(
                app, service: id, session: session,
                changes: [
                    ("name", "Renamed"), ("phone0_number", "call us!"), ("MO_opens1", "17:00"), ("MO_closes1", "09:00"),
                    ("languages", "en, xx"), ("timezone", "Mars/Olympus"),
                ])
            let response = try await app.post("/directory/manage/services/\(id)", form: form, as: session)
            #expect(response.status == .unprocessableEntity)
            for message in [
                "“call us!” is not a phone number", "Closes before it opens", "“xx” is not an ISO 639 language code",
                "“Mars/Olympus” is not a time zone",
            ] {
                #expect(response.text.contains(message), "\(message)")
            }
            #expect(response.text.contains(#"id="field-phone0_number-error""#))
            #expect(response.text.contains(#"id="field-MO_closes1-error""#))
            #expect(response.text.contains(#"value="Renamed""#))  // what was typed is kept
            let row = try await HSDSStore(app.app.db).row(.named("service"), id: UUID(uuidString: id)!)
            #expect(row?["name"]?.text == "Substance Use Counselling")
        }
    }

    @Test func aGoodEditIsPublishedIndexedAndAudited() async throws {
        try await withApp { app in
            try await F.load(app)
            let (session, userID) = try await Self.organizer(app)
            let id = try await Self.serviceID(app, "Substance Use Counselling")
            let form = try await Self.form(
                app, service: id, session: session,
                changes: [
                    ("name", "Clear Path Counselling"), ("phone0_number", "+1 715 555 0177"),
                    ("phone1_number", "741741"),
                    ("phone1_type", "text"), ("languages", "en, es, vi"), ("SA_opens1", "10:00"),
                    ("SA_closes1", "14:00"),
                ])
            let saved = try await app.post("/directory/manage/services/\(id)", form: form, as: session)
            #expect(saved.status == .seeOther, "\(saved.text)")
            let public_ = try await app.get("/directory/services/\(id)").text
            #expect(public_.contains("Clear Path Counselling") && public_.contains(#"href="tel:+17155550177""#))
            #expect(public_.contains(#"href="sms:741741""#) && public_.contains("Vietnamese"))
            // The search finds it by its new name and language, and open on Saturday at noon in Chicago.
            let byName = try await F.search(
                app, DirectoryQuery(text: "clear path counselling", language: "vi"), at: Date())
            #expect(byName.listings.map(\.serviceID.uuidString.localizedLowercase) == [id])
            let saturdayNoon = F.at("2026-12-05T18:00:00Z")
            let open = try await F.search(
                app, DirectoryQuery(text: "clear path counselling", openNow: true), at: saturdayNoon)
            #expect(open.totalItems == 1)
            let audit = try await AuditEntry.query(on: app.app.db).filter(\.$action == "edit-service").all()
            #expect(audit.count == 1 && audit.first?.$actor.id == userID)
            #expect(audit.first?.before.contains("Substance Use Counselling") == true)
            #expect(audit.first?.after.contains("Clear Path Counselling") == true)
        }
    }

    @Test func markingAsVerifiedTakesAListingOffTheToDoList() async throws {
        try await withApp { app in
            try await F.load(app)
            let (session, _) = try await Self.organizer(app)
            let id = try await Self.serviceID(app, "Substance Use Counselling")
            let verified = try await app.post("/directory/manage/services/\(id)/verify", as: session)
            #expect(verified.status == .seeOther)
            let row = try await HSDSStore(app.app.db).row(.named("service"), id: UUID(uuidString: id)!)
            #expect(row?["assured_date"]?.text == DirectorySearch.day(Date()))
            // The organization's address, not the organizer's: listings are public and exported.
            #expect(row?["assurer_email"]?.text == "hello@org10.haven-demo.example")
            let page = try await app.get("/directory/manage", as: session).text
            #expect(!page.contains("Not confirmed in 180 days"))
            let listing = try await F.search(app, DirectoryQuery(text: "substance use counselling"), at: Date())
                .listings.first
            #expect(listing?.notice == nil)
        }
    }

    @Test func reportedCorrectionsReachTheOrganizerWhoCanResolveThem() async throws {
        try await withApp { app in
            try await F.load(app)
            let (session, _) = try await Self.organizer(app)
            let id = try await Self.serviceID(app, "Recovery Meeting — Millbrook")
            _ = try await app.post(
                "/directory/services/\(id)/report", form: [("problem", "hours"), ("details", "It now starts at 19:00")])
            let page = try await app.get("/directory/manage", as: session).text
            #expect(page.contains("Corrections people reported (1)") && page.contains("hours: It now starts at 19:00"))
            let item = try #require(try await ModerationItem.query(on: app.app.db).first())
            let resolved = try await app.post(
                "/directory/manage/corrections/\(try item.requireID())/resolve", as: session)
            #expect(resolved.status == .seeOther)
            let after = try await ModerationItem.find(try item.requireID(), on: app.app.db)
            #expect(after?.status == .resolved)
            #expect(
                try await app.get("/directory/manage", as: session).text.contains("Corrections people reported")
                    == false)
        }
    }

    @Test func anOrganizerAddsANewServiceThatPeopleCanFind() async throws {
        try await withApp { app in
            try await F.load(app)
            let (session, _) = try await Self.organizer(app)
            let organization = DirectoryDemo.id("organization:Clear Path Recovery").uuidString.lowercased()
            let form = try await app.get("/directory/manage/services?organization=\(organization)", as: session)
            #expect(form.status == .ok && form.text.contains("New service of Clear Path Recovery"))
            let created = try await app.post(
                "/directory/manage/services",
                form: [
                    ("organization", organization), ("name", "Family Recovery Circle"),
                    ("description", "A group for families of people in recovery."),
                    ("status", "active"), ("languages", "en"), ("phone0_number", "+1 715 555 0190"),
                    ("phone0_type", "voice"),
                    ("location_type", "physical"), ("address", "1 River Road"), ("city", "Riverbend"), ("region", "HV"),
                    ("postal_code", "00107"), ("latitude", "44.36"), ("longitude", "-89.68"), ("TH_opens1", "18:00"),
                    ("TH_closes1", "19:30"),
                    ("timezone", "America/Chicago"), ("free", "1"),
                ], as: session)
            #expect(created.status == .seeOther, "\(created.text)")
            let near = try await F.search(
                app,
                DirectoryQuery(
                    text: "family recovery", near: .init(latitude: 44.36, longitude: -89.68), radiusKm: 2, free: true),
                at: Date())
            #expect(near.listings.map(\.name) == ["Family Recovery Circle"])
        }
    }
}
