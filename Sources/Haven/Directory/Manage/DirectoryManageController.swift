import Fluent
import Foundation
import SQLKit
import Vapor

/// `/directory/manage`: organizers keep their own organizations' listings current; admins every
/// organization's. The route group admits organizers and admins (`AccessGuard`); which organization a
/// person may edit is data (`OrganizationStaff`), decided in `DirectoryAccess` and nowhere else.
struct DirectoryManageController: RouteCollection {
    /// Listings not confirmed for this long are on the organizer's to-do list.
    static let verifyEveryDays = 180

    func boot(routes: RoutesBuilder) throws {
        let organizers = routes.grouped(AccessGuard(.organizer))
        organizers.get(SiteURL.directoryManage.pathComponents, use: Self.index)
        organizers.get(SiteURL.directoryManageNew.pathComponents, use: Self.newForm)
        organizers.post(SiteURL.directoryManageNew.pathComponents, use: Self.create)
        organizers.get(SiteURL.directoryManageService.pathComponents, use: Self.editForm)
        organizers.post(SiteURL.directoryManageService.pathComponents, use: Self.update)
        organizers.post(SiteURL.directoryManageVerify.pathComponents, use: Self.verify)
        organizers.post(SiteURL.directoryManageResolve.pathComponents, use: Self.resolve)
    }

    static func editor(_ req: Request) -> ServiceEditor {
        ServiceEditor(
            database: req.db, taxonomy: req.application.defaultTaxonomy,
            defaultTimeZone: req.application.havenConfig.timeZone)
    }

    static func index(req: Request) async throws -> Page {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let organizations = try await DirectoryAccess.organizations(for: viewer, on: req.db)
        let store = HSDSStore(req.db)
        let services = try await store.rows(.named("service"), where: "organization_id", in: organizations.map(\.id))
        let cutoff = DirectorySearch.day(Date().addingTimeInterval(-Double(verifyEveryDays) * 86_400))
        let ids = services.compactMap { $0["id"]?.uuid.map { $0.uuidString.lowercased() } }
        let corrections =
            ids.isEmpty
            ? []
            : try await ModerationItem.query(on: req.db)
                .filter(\.$kind == DirectoryCorrections.kind).filter(\.$status == .open).filter(\.$subjectID ~~ ids)
                .sort(\.$createdAt).all()
        let model = ManagePage.Model(
            organizations: organizations.map { organization in
                ManagePage.Organization(
                    id: organization.id, name: organization.name,
                    services: services.filter { $0["organization_id"]?.uuid == organization.id }.map { row in
                        ManagePage.Service(
                            id: row["id"]?.uuid ?? UUID(), name: row["name"]?.text ?? "",
                            status: row["status"]?.text ?? "",
                            assuredDate: row["assured_date"]?.text)
                    }.sorted { $0.name < $1.name })
            },
            staleCutoff: cutoff,
            corrections: corrections.map { item in
                ManagePage.Correction(
                    id: item.id ?? UUID(), serviceID: item.subjectID,
                    serviceName: services.first { $0["id"]?.uuid?.uuidString.lowercased() == item.subjectID }?["name"]?
                        .text ?? "",
                    details: item.details, reported: item.createdAt ?? Date())
            },
            done: req.query[String.self, at: "done"])
        return ManagePage.View(context: context, model: model).page()
    }

    // MARK: Editing

    static func newForm(req: Request) async throws -> Page {
        let viewer = try req.requireViewer()
        guard let organization = req.query[String.self, at: "organization"].flatMap(UUID.init(uuidString:)) else {
            throw Abort(.notFound)
        }
        try await DirectoryAccess.requireEdit(organization: organization, viewer: viewer, on: req.db)
        var edit = ServiceEdit()
        edit.timeZone = req.application.havenConfig.timeZone.identifier
        return try await render(req, edit: edit, serviceID: nil, organization: organization, errors: [])
    }

    static func editForm(req: Request) async throws -> Page {
        let viewer = try req.requireViewer()
        let (id, organization) = try await service(req, viewer: viewer)
        guard let edit = try await editor(req).form(for: id) else { throw Abort(.notFound) }
        return try await render(req, edit: edit, serviceID: id, organization: organization, errors: [])
    }

    static func render(
        _ req: Request, edit: ServiceEdit, serviceID: UUID?, organization: UUID, errors: [FormError],
        status: HTTPStatus = .ok
    )
        async throws -> Page
    {
        let context = await req.pageContext()
        let name = try await HSDSStore(req.db).row(.named("organization"), id: organization)?["name"]?.text ?? ""
        let model = ServiceEditPage.Model(
            edit: edit, serviceID: serviceID, organizationID: organization, organizationName: name, errors: errors)
        return ServiceEditPage.View(context: context, model: model).page(status: status)
    }

    static func formFields(_ req: Request) throws -> [String: String] {
        try req.content.decode([String: String].self)
    }

    static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let fields = try formFields(req)
        guard let organization = fields["organization"].flatMap(UUID.init(uuidString:)) else {
            throw Abort(.unprocessableEntity)
        }
        try await DirectoryAccess.requireEdit(organization: organization, viewer: viewer, on: req.db)
        return try await save(req, fields: fields, id: nil, organization: organization, viewer: viewer)
    }

    static func update(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (id, organization) = try await service(req, viewer: viewer)
        return try await save(req, fields: try formFields(req), id: id, organization: organization, viewer: viewer)
    }

    static func save(_ req: Request, fields: [String: String], id: UUID?, organization: UUID, viewer: Viewer)
        async throws -> Response
    {
        let context = await req.pageContext()
        let edit = ServiceEdit(form: fields)
        let errors = edit.validate(strings: context.strings)
        guard errors.isEmpty else {
            return try await render(
                req, edit: edit, serviceID: id, organization: organization, errors: errors, status: .unprocessableEntity
            )
            .encodeResponse(for: req)
        }
        let saved = try await editor(req).save(edit, id: id, organization: organization, actor: viewer.userID)
        req.application.directoryFacets.forget()
        return req.redirect(
            to: SiteURL.directoryManage.path(query: [("done", saved.uuidString.lowercased())]), redirectType: .normal)
    }

    static func verify(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (id, _) = try await service(req, viewer: viewer)
        try await editor(req).verify(id, by: viewer.userID)
        return req.redirect(
            to: SiteURL.directoryManage.path(query: [("done", id.uuidString.lowercased())]), redirectType: .normal)
    }

    /// A correction someone reported, marked as dealt with (after editing the listing, or because nothing
    /// needed changing): the moderation item is resolved, and audited there.
    static func resolve(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let itemID = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let item = try await ModerationItem.find(itemID, on: req.db), item.kind == DirectoryCorrections.kind,
            let serviceID = UUID(uuidString: item.subjectID),
            let service = try await HSDSStore(req.db).row(.named("service"), id: serviceID),
            let organization = service["organization_id"]?.uuid
        else { throw Abort(.notFound) }
        try await DirectoryAccess.requireEdit(organization: organization, viewer: viewer, on: req.db)
        try await ModerationQueue(db: req.db, kinds: req.application.moderationKinds).act(
            .approve, on: itemID, by: viewer.userID, note: "")
        return req.redirect(to: SiteURL.directoryManage.path, redirectType: .normal)
    }

    /// The service in the path and its organization, if the viewer may edit it.
    static func service(_ req: Request, viewer: Viewer) async throws -> (UUID, UUID) {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let row = try await HSDSStore(req.db).row(.named("service"), id: id),
            let organization = row["organization_id"]?.uuid
        else { throw Abort(.notFound) }
        try await DirectoryAccess.requireEdit(organization: organization, viewer: viewer, on: req.db)
        return (id, organization)
    }
}

/// Which organizations' listings a person may edit: an admin every one, an organizer those they are staff
/// of. The one place this is decided.
enum DirectoryAccess {
    struct OrganizationName: Sendable {
        var id: UUID
        var name: String
    }

    static func organizations(for viewer: Viewer, on database: any Database) async throws -> [OrganizationName] {
        let query = Organization.query(on: database).sort(\.$name)
        if viewer.role != .admin {
            let staff = try await OrganizationStaff.query(on: database).filter(\.$user.$id == viewer.userID).all().map {
                $0.$organization.id
            }
            guard !staff.isEmpty else { return [] }
            query.filter(\.$id ~~ staff)
        }
        return try await query.all().compactMap { organization in
            organization.id.map { OrganizationName(id: $0, name: organization.name) }
        }
    }

    static func requireEdit(organization: UUID, viewer: Viewer, on database: any Database) async throws {
        if viewer.role == .admin { return }
        let staff = try await OrganizationStaff.query(on: database)
            .filter(\.$organization.$id == organization).filter(\.$user.$id == viewer.userID).count()
        guard staff > 0 else { throw Abort(.forbidden, reason: "You are not on the staff of this organization.") }
    }
}
