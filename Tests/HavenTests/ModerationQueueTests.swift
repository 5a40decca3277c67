import Fluent
import Foundation
import Testing
import Vapor

@testable import Haven

@Suite("Moderation queue")
struct ModerationQueueTests {
    @Test func urgentItemsComeFirstThenTheOldest() async throws {
        try await withApp { app in
            let queue = ModerationQueue(db: app.app.db, kinds: app.app.moderationKinds)
            let now = Date()
            // Written in a muddled order, with creation times set explicitly.
            let plan: [(String, ModerationPriority, TimeInterval)] = [
                ("normal-old", .normal, -300), ("urgent-new", .urgent, -10), ("high-old", .high, -400),
                ("normal-new", .normal, -5), ("urgent-old", .urgent, -200), ("high-new", .high, -1),
            ]
            for (name, priority, age) in plan {
                let item = try await queue.submit(
                    kind: "note", subjectID: name, reason: .spam, details: "", priority: priority)
                item.createdAt = now.addingTimeInterval(age)
                try await item.save(on: app.app.db)
            }
            let order = try await queue.open().map(\.subjectID)
            #expect(order == ["urgent-old", "urgent-new", "high-old", "high-new", "normal-old", "normal-new"])

            // The page shows them in that order too.
            let moderator = try await app.createUser("mod@example.org", role: .moderator)
            let page = try await app.get("/moderation", as: try await app.session(for: moderator)).text
            let positions = ["urgent-old", "urgent-new", "high-old", "high-new", "normal-old", "normal-new"].map {
                page.range(of: $0)?.lowerBound ?? page.endIndex
            }
            #expect(positions == positions.sorted())
            #expect(page.contains("Urgent"))
        }
    }

    @Test func threeDifferentReportersHideTheItemUntilReviewed() async throws {
        let notes = TestNotes(ids: ["n1"])
        try await withApp(setUp: { $0.moderationKinds.register(notes.kind) }) { app in
            var sessions: [TestSession] = []
            for index in 1...3 {
                sessions.append(try await app.session(for: try await app.createUser("r\(index)@example.org")))
            }
            let report = [("kind", "note"), ("subject", "n1"), ("reason", "harassment"), ("details", "Rude")]

            #expect(try await app.post("/report", form: report, as: sessions[0]).status == .ok)
            // One open report per person per item.
            #expect(try await app.post("/report", form: report, as: sessions[0]).status == .conflict)
            #expect(try await app.post("/report", form: report, as: sessions[1]).status == .ok)
            #expect(notes.isHidden("n1") == false)
            #expect(try await app.post("/report", form: report, as: sessions[2]).status == .ok)
            #expect(notes.isHidden("n1") == true)
            let entries = try await AuditEntry.query(on: app.app.db).all()
            #expect(entries.map(\.action) == ["auto-hide"])
            #expect(entries.first?.$actor.id == nil)

            // A moderator restores it: every open report of it is settled, and it is visible again.
            let moderator = try await app.createUser("mod@example.org", role: .moderator)
            let session = try await app.session(for: moderator)
            let item = try #require(try await ModerationItem.query(on: app.app.db).first())
            let restored = try await app.post("/moderation/\(try item.requireID())/restore", as: session)
            #expect(restored.status == .seeOther)
            #expect(notes.isHidden("n1") == false)
            #expect(try await ModerationItem.query(on: app.app.db).filter(\.$status == .open).count() == 0)
            // Now settled, the same person may report it again.
            #expect(try await app.post("/report", form: report, as: sessions[0]).status == .ok)
        }
    }

    @Test func worriedReportsAreUrgentAndUnknownSubjectsAreRefused() async throws {
        let notes = TestNotes(ids: ["n1"])
        try await withApp(setUp: { $0.moderationKinds.register(notes.kind) }) { app in
            let session = try await app.session(for: try await app.createUser("r@example.org"))
            let worried = try await app.post(
                "/report", form: [("kind", "note"), ("subject", "n1"), ("reason", "worried")], as: session)
            #expect(worried.status == .ok)
            #expect(worried.text.contains("Crisis lines"))
            #expect(try await ModerationItem.query(on: app.app.db).first()?.priority == .urgent)
            let missing = try await app.post(
                "/report", form: [("kind", "note"), ("subject", "nope"), ("reason", "spam")], as: session)
            #expect(missing.status == .notFound)
            let unknownKind = try await app.post(
                "/report", form: [("kind", "poem"), ("subject", "n1"), ("reason", "spam")], as: session)
            #expect(unknownKind.status == .notFound)
            let noReason = try await app.post(
                "/report", form: [("kind", "note"), ("subject", "n1"), ("details", "keep me")], as: session)
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("keep me"))
            #expect(try await ModerationItem.query(on: app.app.db).count() == 1)
        }
    }

    @Test func everyModeratorActionIsInTheAuditLogWithBeforeAndAfter() async throws {
        let notes = TestNotes(ids: ["n1"])
        try await withApp(setUp: { $0.moderationKinds.register(notes.kind) }) { app in
            let moderator = try await app.createUser("mod@example.org", role: .moderator, name: "Mod Kim")
            let session = try await app.session(for: moderator)
            let queue = ModerationQueue(db: app.app.db, kinds: app.app.moderationKinds)
            let item = try await queue.submit(
                kind: "note", subjectID: "n1", reason: .unsafe, details: "", priority: .normal)
            let id = try item.requireID()

            #expect(try await app.post("/moderation/\(id)/claim", as: session).status == .seeOther)
            let claimed = try await app.get("/moderation/\(id)", as: session)
            #expect(claimed.text.contains("Mod Kim"))
            #expect(try await app.post("/moderation/\(id)/escalate", as: session).status == .seeOther)
            #expect(try await app.post("/moderation/\(id)/escalate", as: session).status == .seeOther)
            // Reject needs a reason, and says so next to the form.
            let bare = try await app.post("/moderation/\(id)/reject", as: session)
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.text.contains("Write why you are rejecting it"))
            #expect(
                try await app.post("/moderation/\(id)/reject", form: [("note", "Not a problem")], as: session).status
                    == .seeOther)
            #expect(try await app.post("/moderation/\(id)/frobnicate", as: session).status == .notFound)

            let entries = try await AuditEntry.query(on: app.app.db).sort(\.$createdAt).all()
            #expect(
                entries.map(\.action) == [
                    "moderation.claim", "moderation.escalate", "moderation.escalate", "moderation.reject",
                ])
            #expect(entries.allSatisfy { $0.$actor.id == moderator.id && $0.subjectID == id.uuidString })
            #expect(entries[1].before.contains(#""priority":"normal""#))
            #expect(entries[1].after.contains(#""priority":"high""#))
            #expect(entries[2].after.contains(#""priority":"urgent""#))
            #expect(entries[3].after.contains(#""resolution":"rejected""#))
            let resolved = try #require(try await ModerationItem.find(id, on: app.app.db))
            #expect(resolved.resolutionNote == "Not a problem")
            #expect(resolved.$resolver.id == moderator.id)

            // The admin's audit page lists them, newest first.
            let admin = try await app.createUser("admin@example.org", role: .admin)
            let audit = try await app.get("/admin/audit", as: try await app.session(for: admin))
            #expect(audit.status == .ok)
            #expect(audit.text.contains("moderation.reject"))
            #expect(audit.text.contains("Mod Kim"))
        }
    }
}

@Suite("Organizations and staff")
struct OrganizationTests {
    @Test func anAdminAddsStaffWhoBecomeOrganizers() async throws {
        try await withApp { app in
            let admin = try await app.createUser("admin@example.org", role: .admin)
            let member = try await app.createUser("helper@example.org", name: "Helper")
            let session = try await app.session(for: admin)
            let empty = try await app.post(
                "/admin/organizations", form: [("name", " "), ("description", "Keeps this")], as: session)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Keeps this"))
            let created = try await app.post(
                "/admin/organizations", form: [("name", "Northside Peer Line"), ("description", "Peer support")],
                as: session)
            #expect(created.status == .seeOther)
            let organization = try #require(try await Organization.query(on: app.app.db).first())
            let page = "/admin/organizations/\(try organization.requireID())"

            let unknown = try await app.post(page + "/staff", form: [("email", "nobody@example.org")], as: session)
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.text.contains(#"value="nobody@example.org""#))
            #expect(
                try await app.post(page + "/staff", form: [("email", "Helper@Example.org")], as: session).status
                    == .seeOther)
            #expect(try await User.find(member.requireID(), on: app.app.db)?.role == .organizer)
            #expect(try await app.get(page, as: session).text.contains("Helper (helper@example.org)"))
            // People search ignores case on both databases.
            let search = try await app.get("/admin/people?q=HELP", as: session)
            #expect(search.text.contains("helper@example.org"))
            #expect(!search.text.contains("admin@example.org"))
            // The organizer's account page names the organization, and they may now make API tokens.
            let helper = try await app.session(
                for: try #require(try await User.find(member.requireID(), on: app.app.db)))
            #expect(try await app.get("/account", as: helper).text.contains("Northside Peer Line"))
            #expect(try await app.get("/account/tokens", as: helper).status == .ok)

            #expect(
                try await app.post(page + "/staff/\(try member.requireID())/remove", as: session).status == .seeOther)
            #expect(try await OrganizationStaff.query(on: app.app.db).count() == 0)
            let actions = try await AuditEntry.query(on: app.app.db).sort(\.$createdAt).all().map(\.action)
            #expect(actions == ["create-organization", "add-staff", "remove-staff"])
        }
    }
}
