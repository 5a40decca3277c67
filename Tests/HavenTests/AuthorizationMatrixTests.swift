import Foundation
import Testing
import Vapor

@testable import Haven

/// One place says who may use which route (`Access` and `AccessGuard` in the code); this suite checks it
/// against `authorization-matrix.txt`, a table kept by hand, for every route the router holds and each of
/// anonymous, member, moderator, organizer and admin.
///
/// The routes come from the router itself, so a route added later without a row fails
/// `everyRegisteredRouteHasARow` with, for a new `GET /new-page`:
///
///     GET /new-page has no row in authorization-matrix.txt: add one with the status expected for anonymous, member, moderator, organizer and admin
///
/// (`aRouteWithoutARowIsReported` registers such a route and checks for exactly that message.)
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    static let roles: [Role?] = [nil, .member, .moderator, .organizer, .admin]

    struct Row {
        var method: String
        var path: String
        var expected: [UInt]
        var key: String { "\(method) \(path)" }
    }

    static func table() throws -> [String: Row] {
        let file = packageRoot.appendingPathComponent("Tests/HavenTests/authorization-matrix.txt")
        var rows: [String: Row] = [:]
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            guard fields.count == 2 + roles.count, let statuses = Optional(fields.dropFirst(2).compactMap(UInt.init)),
                statuses.count == roles.count
            else { throw StartupError("authorization-matrix.txt: cannot read \"\(line)\"") }
            let row = Row(method: fields[0], path: fields[1], expected: statuses)
            rows[row.key] = row
        }
        return rows
    }

    static func registered(_ app: Application) -> [(method: String, path: String)] {
        app.routes.all.map { route in
            (route.method.rawValue, "/" + route.path.map(\.description).joined(separator: "/"))
        }
    }

    /// What is wrong between the router and the table, one message a problem.
    static func problems(_ app: Application, table: [String: Row]) -> [String] {
        let routes = registered(app)
        var messages = routes.filter { table["\($0.method) \($0.path)"] == nil }.map {
            "\($0.method) \($0.path) has no row in authorization-matrix.txt: add one with the status expected for anonymous, member, moderator, organizer and admin"
        }
        let keys = Set(routes.map { "\($0.method) \($0.path)" })
        messages += table.keys.filter { !keys.contains($0) }.sorted().map {
            "\($0) is in authorization-matrix.txt but no such route is registered: remove the row"
        }
        return messages
    }

    @Test func everyRegisteredRouteHasARow() async throws {
        let table = try Self.table()
        try await withApp { app in
            #expect(Self.problems(app.app, table: table) == [])
            #expect(Self.registered(app.app).count == table.count)
        }
    }

    @Test func aRouteWithoutARowIsReported() async throws {
        let table = try Self.table()
        try await withApp(setUp: { app in app.get("new-page") { _ in "new" } }) { app in
            #expect(
                Self.problems(app.app, table: table) == [
                    "GET /new-page has no row in authorization-matrix.txt: add one with the status expected for anonymous, member, moderator, organizer and admin"
                ])
        }
    }

    @Test func everyRoleGetsTheStatusTheTableExpects() async throws {
        let table = try Self.table()
        try await withApp { app in
            var users: [Role: User] = [:]
            for role in Role.allCases {
                users[role] = try await app.createUser("\(role.rawValue)@matrix.test", role: role)
            }
            let item = try await ModerationQueue(db: app.app.db, kinds: app.app.moderationKinds).submit(
                kind: "matrix", subjectID: "1", reason: .spam, details: "", priority: .normal)
            let mail = OutboxMail(
                recipient: "someone@matrix.test", subject: "Hello", textBody: "Hi", htmlBody: "<p>Hi</p>", now: Date())
            try await mail.create(on: app.app.db)
            let organization = Organization(name: "Matrix Org", description: "")
            try await organization.create(on: app.app.db)
            let organizationID = try organization.requireID().uuidString
            let serviceID = UUID().uuidString
            try await HSDSStore(app.app.db).upsert(
                .named("service"),
                [
                    [
                        "id": .uuid(UUID(uuidString: serviceID)!), "name": .text("Matrix Service"),
                        "status": .text("active"),
                        "organization_id": .uuid(try organization.requireID()),
                    ]
                ])
            let taxonomy = app.app.defaultTaxonomy
            let parameters: [String: [String: String]] = [
                "/directory/services/:id": ["id": serviceID],
                "/directory/services/:id/report": ["id": serviceID],
                "/directory/manage/services/:id": ["id": serviceID],
                "/directory/manage/services/:id/verify": ["id": serviceID],
                "/directory/manage/corrections/:id/resolve": ["id": UUID().uuidString],
                "/api/hsds/services/:id": ["id": serviceID],
                "/api/hsds/organizations/:id": ["id": organizationID],
                "/api/hsds/taxonomies/:id": ["id": taxonomy.taxonomy.id.uuidString],
                "/api/hsds/taxonomy_terms/:id": ["id": taxonomy.crisisLine.uuidString],
                "/api/hsds/service_at_locations/:id": ["id": UUID().uuidString],
                "/admin/organizations/:id": ["id": organizationID],
                "/admin/organizations/:id/staff": ["id": organizationID],
                "/admin/organizations/:id/staff/:user/remove": ["id": organizationID, "user": UUID().uuidString],
                "/moderation/:id": ["id": try item.requireID().uuidString],
                "/moderation/:id/:action": ["id": try item.requireID().uuidString, "action": "claim"],
                "/admin/people/:id/role": ["id": try users[.member]!.requireID().uuidString],
                "/admin/outbox/:id": ["id": try mail.requireID().uuidString],
                "/account/tokens/:id/revoke": ["id": UUID().uuidString],
            ]
            var mismatches: [String] = []
            for route in Self.registered(app.app) {
                guard let row = table["\(route.method) \(route.path)"] else { continue }
                let url = Self.fill(route.path, parameters[route.path] ?? [:])
                for (index, role) in Self.roles.enumerated() {
                    // A fresh session for every request: some routes (sign-out) end the one they are given.
                    var session: TestSession?
                    if let role { session = try await app.session(for: users[role]!) }
                    let response =
                        route.method == "GET"
                        ? try await app.get(url, as: session)
                        : try await app.post(url, as: session)
                    if response.status.code != row.expected[index] {
                        mismatches.append(
                            "\(route.method) \(url) as \(role?.rawValue ?? "anonymous"): \(response.status.code), table says \(row.expected[index])"
                        )
                    }
                }
            }
            #expect(mismatches == [])
        }
    }

    static func fill(_ path: String, _ values: [String: String]) -> String {
        "/"
            + path.split(separator: "/").map { part in
                part.hasPrefix(":") ? values[String(part.dropFirst())] ?? UUID().uuidString : String(part)
            }.joined(separator: "/")
    }
}
