import Fluent
import Vapor

/// The moderation queue's pages, and the report form anyone signed in can use.
struct ModerationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(AccessGuard(.signedIn))
        signedIn.get(SiteURL.report.pathComponents, use: Self.reportForm)
        signedIn.post(SiteURL.report.pathComponents, use: Self.report)

        let moderators = routes.grouped(AccessGuard(.moderator))
        moderators.get(SiteURL.moderation.pathComponents, use: Self.queue)
        moderators.get(SiteURL.moderationItem.pathComponents, use: Self.item)
        moderators.post(SiteURL.moderationAction.pathComponents, use: Self.act)
    }

    static func queue(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let queue = ModerationQueue(db: req.db, kinds: req.application.moderationKinds)
        let kinds = req.application.moderationKinds
        let labels = Dictionary(
            uniqueKeysWithValues: kinds.names.compactMap { name in kinds[name].map { (name, $0.label) } })
        let model = ModerationQueuePage.Model(
            open: try await queue.open(), resolved: try await queue.recentlyResolved(), kindLabels: labels)
        return ModerationQueuePage.View(context: context, model: model).page()
    }

    static func item(req: Request) async throws -> Page {
        let context = await req.pageContext()
        guard let id = req.parameters.get("id", as: UUID.self),
            let item = try await ModerationItem.query(on: req.db).filter(\.$id == id)
                .with(\.$claimedBy).with(\.$resolver).with(\.$reporter).first()
        else { throw Abort(.notFound) }
        let subject = try await req.application.moderationKinds[item.kind]?.describe(item.subjectID, req.db)
        let model = ModerationItemPage.Model(item: item, subject: subject, error: nil)
        return ModerationItemPage.View(context: context, model: model).page()
    }

    static func act(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        guard let action = req.parameters.get("action").flatMap(ModerationQueue.Action.init(rawValue:)) else {
            throw Abort(.notFound)
        }
        let note = ((try? req.content.get(String.self, at: "note")) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        do {
            try await ModerationQueue(db: req.db, kinds: req.application.moderationKinds)
                .act(action, on: id, by: viewer.userID, note: String(note.prefix(2000)))
        } catch ModerationQueue.Failure.notFound {
            throw Abort(.notFound)
        } catch ModerationQueue.Failure.reasonMissing {
            let context = await req.pageContext()
            guard
                let item = try await ModerationItem.query(on: req.db).filter(\.$id == id)
                    .with(\.$claimedBy).with(\.$resolver).with(\.$reporter).first()
            else { throw Abort(.notFound) }
            let subject = try await req.application.moderationKinds[item.kind]?.describe(item.subjectID, req.db)
            let model = ModerationItemPage.Model(
                item: item, subject: subject, error: context.strings["moderation.error.reason"])
            return try await ModerationItemPage.View(context: context, model: model).page(status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        return req.seeOther(
            action == .claim || action == .escalate
                ? SiteURL.moderationItem.path(["id": id.uuidString]) : SiteURL.moderation.path)
    }

    // MARK: Reports

    static func reportForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let model = ReportPage.Model(
            kind: req.query[String.self, at: "kind"] ?? "", subject: req.query[String.self, at: "subject"] ?? "")
        return ReportPage.View(context: context, model: model).page()
    }

    static func report(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let s = context.strings
        var model = ReportPage.Model(
            kind: (try? req.content.get(String.self, at: "kind")) ?? "",
            subject: (try? req.content.get(String.self, at: "subject")) ?? "",
            reason: (try? req.content.get(String.self, at: "reason")) ?? "",
            details: String(((try? req.content.get(String.self, at: "details")) ?? "").prefix(2000)))
        guard let reason = ModerationReason(rawValue: model.reason), ModerationReason.reportable.contains(reason) else {
            model.errors = [FormError(field: "reason", message: s["report.error.reason"])]
            return try await ReportPage.View(context: context, model: model).page(status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        try await req.rateLimiter.hit(.reportPerAccount, key: viewer.userID.uuidString)
        do {
            try await ModerationQueue(db: req.db, kinds: req.application.moderationKinds).report(
                kind: model.kind, subjectID: model.subject, reason: reason, details: model.details,
                reporter: viewer.userID)
        } catch ModerationQueue.Failure.alreadyReported {
            return try await Notice.View(
                context: context,
                model: Notice.Model(title: s["report.already.title"], paragraphs: [s["report.already.body"]])
            ).page(status: .conflict).encodeResponse(for: req)
        } catch ModerationQueue.Failure.unknownKind, ModerationQueue.Failure.unknownSubject {
            throw Abort(.notFound, reason: s["report.error.subject"])
        }
        var paragraphs = [s["report.done.body"]]
        if reason == .worried { paragraphs.append(s["report.done.worried"]) }
        return try await Notice.View(
            context: context,
            model: Notice.Model(
                title: s["report.done.title"], paragraphs: paragraphs,
                links: [(s["report.done.help"], SiteURL.help.path)])
        ).page().encodeResponse(for: req)
    }
}
