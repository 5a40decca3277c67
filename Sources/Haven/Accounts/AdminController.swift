import Fluent
import SQLKit
import Vapor

/// Admin pages: people and their roles, the mail outbox, the audit log.
struct AdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(AccessGuard(.admin))
        admins.get(SiteURL.admin.pathComponents, use: Self.dashboard)
        admins.get(SiteURL.adminPeople.pathComponents, use: Self.people)
        admins.post(SiteURL.adminPersonRole.pathComponents, use: Self.changeRole)
        admins.get(SiteURL.adminOutbox.pathComponents, use: Self.outbox)
        admins.get(SiteURL.adminOutboxMail.pathComponents, use: Self.mail)
        admins.get(SiteURL.adminAudit.pathComponents, use: Self.audit)
    }

    static func dashboard(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let model = AdminPages.Dashboard(
            people: try await User.query(on: req.db).count(),
            openItems: try await ModerationItem.query(on: req.db).filter(\.$status == .open).count(),
            queuedMail: try await OutboxMail.query(on: req.db).filter(\.$status ~~ [.queued, .sending]).count(),
            failedMail: try await OutboxMail.query(on: req.db).filter(\.$status == .failed).count(),
            smtpConfigured: req.application.havenConfig.smtp != nil)
        return AdminPages.DashboardView(context: context, model: model).page()
    }

    static func people(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let query = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let builder = User.query(on: req.db).sort(\.$createdAt, .descending).limit(200)
        if !query.isEmpty {
            // Case-insensitive on both databases (PostgreSQL's LIKE is case-sensitive; SQLite's is not, for ASCII).
            let pattern = "%" + query.lowercased().filter { $0 != "%" && $0 != "_" } + "%"
            builder.group(.or) {
                $0.filter(\.$email ~~ query.lowercased())
                    .filter(
                        .sql(
                            SQLFunction("lower", args: SQLColumn("display_name")), SQLBinaryOperator.like,
                            SQLBind(pattern)))
            }
        }
        let model = AdminPages.People(
            people: try await builder.all(), query: query, changed: req.query[String.self, at: "changed"])
        return AdminPages.PeopleView(context: context, model: model).page()
    }

    static func changeRole(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        guard let role = (try? req.content.get(String.self, at: "role")).flatMap(Role.init(rawValue:)) else {
            throw Abort(.unprocessableEntity, reason: "Choose one of: member, moderator, organizer, admin.")
        }
        if id == viewer.userID && role != .admin {
            // Otherwise the last admin could lock everyone out of these pages.
            throw Abort(.unprocessableEntity, reason: "You cannot remove your own admin role; ask another admin.")
        }
        try await req.db.transaction { db in
            guard let user = try await User.find(id, on: db) else { throw Abort(.notFound) }
            guard user.role != role else { return }
            let before = user.role
            user.role = role
            try await user.save(on: db)
            if role != .organizer && role != .admin {
                // Tokens are for organizers and admins; a former one's tokens stop working.
                try await APIToken.query(on: db).set(\.$revokedAt, to: Date())
                    .filter(\.$user.$id == id).filter(\.$revokedAt == nil).update()
            }
            try await AuditLog.record(
                actor: viewer.userID, action: "change-role", subjectType: "user", subjectID: id.uuidString,
                before: ["role": before.rawValue], after: ["role": role.rawValue], on: db)
        }
        return req.seeOther(SiteURL.adminPeople.path(query: [("changed", id.uuidString)]))
    }

    static func outbox(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let failed = try await OutboxMail.query(on: req.db).filter(\.$status == .failed).sort(\.$createdAt, .descending)
            .limit(100).all()
        let recent = try await OutboxMail.query(on: req.db).filter(\.$status != .failed).sort(\.$createdAt, .descending)
            .limit(100).all()
        let model = AdminPages.Outbox(
            failed: failed, recent: recent, smtpConfigured: req.application.havenConfig.smtp != nil)
        return AdminPages.OutboxView(context: context, model: model).page()
    }

    static func mail(req: Request) async throws -> Page {
        let context = await req.pageContext()
        guard let id = req.parameters.get("id", as: UUID.self), let mail = try await OutboxMail.find(id, on: req.db)
        else {
            throw Abort(.notFound)
        }
        return AdminPages.MailView(
            context: context, mail: mail, smtpConfigured: req.application.havenConfig.smtp != nil
        ).page()
    }

    static func audit(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let entries = try await AuditEntry.query(on: req.db).sort(\.$createdAt, .descending).with(\.$actor).limit(200)
            .all()
        return AdminPages.AuditView(context: context, entries: entries).page()
    }
}

/// `GET /api/v1/me`: who the token (or session) belongs to. The smallest use of the API guards.
struct AccountAPIController: RouteCollection {
    struct Me: Content {
        var id: UUID
        var displayName: String
        var role: String

        enum CodingKeys: String, CodingKey {
            case id, displayName = "display_name", role
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(AccessGuard(.signedIn)).get(SiteURL.apiMe.pathComponents) { req async throws -> Me in
            let viewer = try req.requireViewer()
            return Me(id: viewer.userID, displayName: viewer.displayName, role: viewer.role.rawValue)
        }
    }
}
