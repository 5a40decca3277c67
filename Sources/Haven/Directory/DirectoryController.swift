import Fluent
import Foundation
import Vapor

/// `/directory`: search, a service's page, and "report a problem with this listing".
struct DirectoryController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.directory.pathComponents, use: Self.index)
        routes.get(SiteURL.directoryService.pathComponents, use: Self.show)
        routes.get(SiteURL.directoryServiceReport.pathComponents, use: Self.reportForm)
        routes.post(SiteURL.directoryServiceReport.pathComponents, use: Self.report)
    }

    static func index(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let s = context.strings
        let form = DirectoryForm(req)
        let taxonomy = req.application.defaultTaxonomy
        var query = DirectoryQuery(text: form.q, page: form.page, perPage: 20)
        var errors: [FormError] = []
        var placeFound: Places.Place?
        var unknownPlace: String?
        if !form.place.isEmpty {
            if let place = try await Places.find(form.place, on: req.db) {
                placeFound = place
                query.near = place.point
                query.radiusKm = Double(form.radius) ?? DirectoryQuery.defaultRadiusKm
            } else {
                unknownPlace = form.place
            }
        }
        let known = Set(taxonomy.terms.map { $0.id.uuidString.lowercased() })
        query.termIDs = [form.need, form.audience, form.reach].filter { known.contains($0.lowercased()) }.compactMap(
            UUID.init(uuidString:))
        if !form.language.isEmpty, LanguageCodes.isValid(form.language) { query.language = form.language }
        query.free = form.free
        query.openNow = form.open
        if !form.age.isEmpty {
            if let age = Int(form.age), (0...130).contains(age) {
                query.age = age
            } else {
                errors.append(FormError(field: "age", message: s["directory.error.age"]))
            }
        }
        let now = Date()
        let results = try await DirectorySearch(database: req.db, now: now, crisisLineTermID: taxonomy.crisisLine)
            .search(query)
        let contacts = try await ServiceContacts.load(
            results.listings.map(\.serviceID), on: req.db, defaultTimeZone: req.application.havenConfig.timeZone)
        let cards = results.listings.map {
            DirectoryPage.Model.card($0, contacts: contacts[$0.serviceID], now: now, language: context.language)
        }
        let languages = try await req.application.directoryFacets.languages(on: req.db).map {
            DirectoryPage.Option(value: $0, label: LanguageCodes.name($0, in: context.language))
        }.sorted { $0.label < $1.label }
        let model = DirectoryPage.Model(
            form: form, needs: options(taxonomy, under: "support", strings: s),
            audiences: options(taxonomy, under: "audience", strings: s),
            reaches: options(taxonomy, under: "modality", strings: s),
            languages: languages, results: results, cards: cards, placeFound: placeFound, unknownPlace: unknownPlace,
            errors: errors)
        return DirectoryPage.View(context: context, model: model).page(status: errors.isEmpty ? .ok : .badRequest)
    }

    /// A branch of the default taxonomy as select options, children indented under their parent.
    static func options(_ taxonomy: DefaultTaxonomy, under code: String, strings s: Strings) -> [DirectoryPage.Option] {
        func label(_ term: DefaultTaxonomy.Term) -> String {
            let key = "directory.term." + term.code
            let text = s[key]
            return text == key ? term.name : text
        }
        var options: [DirectoryPage.Option] = []
        for term in taxonomy.children(of: code) {
            options.append(.init(value: term.id.uuidString.lowercased(), label: label(term)))
            for child in taxonomy.children(of: term.code) {
                options.append(.init(value: child.id.uuidString.lowercased(), label: "— " + label(child)))
            }
        }
        return options
    }

    static func serviceID(_ req: Request) throws -> UUID {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw) else { throw Abort(.notFound) }
        return id
    }

    static func show(req: Request) async throws -> Page {
        let id = try serviceID(req)
        guard
            let detail = try await ServiceDetail.load(
                id, on: req.db, defaultTimeZone: req.application.havenConfig.timeZone)
        else {
            throw Abort(.notFound)
        }
        let context = await req.pageContext()
        let now = Date()
        let cutoff = DirectorySearch.day(now.addingTimeInterval(-Double(DirectorySearch.staleAfterDays) * 86_400))
        let notice = DirectorySearch.notice(
            status: detail.service["status"]?.text ?? "active", assuredDate: detail.service["assured_date"]?.text,
            staleCutoff: cutoff)
        let model = ServicePage.Model(
            detail: detail, notice: notice, now: now, reported: req.query[String.self, at: "reported"] == "1")
        return ServicePage.View(context: context, model: model).page()
    }

    static func reportForm(req: Request) async throws -> Page {
        let id = try serviceID(req)
        guard let service = try await HSDSStore(req.db).row(.named("service"), id: id) else { throw Abort(.notFound) }
        let context = await req.pageContext()
        let model = ServiceReportPage.Model(
            serviceID: id.uuidString.lowercased(), serviceName: service["name"]?.text ?? "")
        return ServiceReportPage.View(context: context, model: model).page()
    }

    struct ReportForm: Content {
        var problem: String?
        var details: String?
    }

    static func report(req: Request) async throws -> Response {
        let id = try serviceID(req)
        guard let service = try await HSDSStore(req.db).row(.named("service"), id: id) else { throw Abort(.notFound) }
        let form = try req.content.decode(ReportForm.self)
        let context = await req.pageContext()
        let s = context.strings
        var model = ServiceReportPage.Model(
            serviceID: id.uuidString.lowercased(), serviceName: service["name"]?.text ?? "",
            problem: form.problem ?? "", details: String((form.details ?? "").prefix(2000)))
        if !ServiceReportPage.problems.contains(model.problem) {
            model.errors.append(FormError(field: "problem", message: s["directory.report.error.problem"]))
        }
        if model.details.trimmingCharacters(in: .whitespacesAndNewlines).count < 5 {
            model.errors.append(FormError(field: "details", message: s["directory.report.error.details"]))
        }
        guard model.errors.isEmpty else {
            return try await ServiceReportPage.View(context: context, model: model).page(status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        try await req.rateLimiter.hit(.anonymousWritePerClient, key: try await req.clientKey())
        try await ModerationQueue(db: req.db, kinds: req.application.moderationKinds).submit(
            kind: DirectoryCorrections.kind, subjectID: id.uuidString.lowercased(), reason: .correction,
            details: model.problem + ": " + model.details, priority: .normal, reporter: req.viewer?.userID)
        return req.redirect(
            to: SiteURL.directoryService.path(["id": id.uuidString.lowercased()], query: [("reported", "1")]),
            redirectType: .normal)
    }
}

/// Corrections people suggest for a listing, as a moderation-queue kind.
enum DirectoryCorrections {
    static let kind = "directory-correction"

    static let moderationKind = ModerationKind(
        name: kind, label: "directory.correction.kind",
        describe: { subjectID, database in
            guard let id = UUID(uuidString: subjectID),
                let service = try await HSDSStore(database).row(.named("service"), id: id)
            else {
                return nil
            }
            return ModerationSubject(
                title: service["name"]?.text ?? "",
                excerpt: DirectoryIndexer.summary(service["description"]?.text ?? ""),
                url: SiteURL.directoryService.path(["id": subjectID]), hidden: false)
        },
        // A listing is never hidden because people reported it: a wrong number is corrected, and a crisis
        // line must not disappear because three people pressed a button.
        setHidden: { _, _, _ in })
}
