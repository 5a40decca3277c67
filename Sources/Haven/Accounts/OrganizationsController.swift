import Fluent
import Vapor

/// Admin pages for organizations and their staff: an organizer edits only the organizations they belong
/// to, so an admin says which those are. The directory issue adds the rest of an organization's fields.
struct OrganizationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(AccessGuard(.admin))
        admins.get(SiteURL.adminOrganizations.pathComponents, use: Self.list)
        admins.post(SiteURL.adminOrganizations.pathComponents, use: Self.create)
        admins.get(SiteURL.adminOrganization.pathComponents, use: Self.show)
        admins.post(SiteURL.adminOrganizationStaff.pathComponents, use: Self.addStaff)
        admins.post(SiteURL.adminOrganizationStaffRemove.pathComponents, use: Self.removeStaff)
    }

    static func list(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let model = OrganizationPages.List(organizations: try await Organization.query(on: req.db).sort(\.$name).all())
        return OrganizationPages.ListView(context: context, model: model).page()
    }

    static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let s = context.strings
        let name = ((try? req.content.get(String.self, at: "name")) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let description = ((try? req.content.get(String.self, at: "description")) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        var errors: [FormError] = []
        if name.isEmpty || name.count > 200 {
            errors.append(FormError(field: "name", message: s["organizations.error.name"]))
        }
        if description.count > 5000 {
            errors.append(FormError(field: "description", message: s["organizations.error.description"]))
        }
        guard errors.isEmpty else {
            var model = OrganizationPages.List(
                organizations: try await Organization.query(on: req.db).sort(\.$name).all())
            model.errors = errors
            model.name = name
            model.description = description
            return try await OrganizationPages.ListView(context: context, model: model).page(
                status: .unprocessableEntity
            )
            .encodeResponse(for: req)
        }
        let organization = Organization(name: name, description: description)
        try await req.db.transaction { db in
            try await organization.create(on: db)
            try await AuditLog.record(
                actor: viewer.userID, action: "create-organization", subjectType: "organization",
                subjectID: try organization.requireID().uuidString, before: [:], after: ["name": name], on: db)
        }
        return req.seeOther(SiteURL.adminOrganization.path(["id": try organization.requireID().uuidString]))
    }

    static func show(req: Request) async throws -> Page {
        let context = await req.pageContext()
        return OrganizationPages.ShowView(context: context, model: try await load(req)).page()
    }

    private static func load(_ req: Request) async throws -> OrganizationPages.Show {
        guard let id = req.parameters.get("id", as: UUID.self),
            let organization = try await Organization.find(id, on: req.db)
        else { throw Abort(.notFound) }
        let staff = try await OrganizationStaff.query(on: req.db).filter(\.$organization.$id == id).with(\.$user).all()
            .map(\.user).sorted { $0.displayName < $1.displayName }
        return OrganizationPages.Show(organization: organization, staff: staff)
    }

    static func addStaff(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let s = context.strings
        var model = try await load(req)
        let organizationID = try model.organization.requireID()
        let email = User.normalize(email: (try? req.content.get(String.self, at: "email")) ?? "")
        guard let user = try await User.query(on: req.db).filter(\.$email == email).first() else {
            model.errors = [FormError(field: "email", message: s["organizations.error.noAccount"])]
            model.email = email
            return try await OrganizationPages.ShowView(context: context, model: model).page(
                status: .unprocessableEntity
            )
            .encodeResponse(for: req)
        }
        let userID = try user.requireID()
        try await req.db.transaction { db in
            let existing = try await OrganizationStaff.query(on: db)
                .filter(\.$organization.$id == organizationID).filter(\.$user.$id == userID).count()
            guard existing == 0 else { return }
            try await OrganizationStaff(organizationID: organizationID, userID: userID).create(on: db)
            let roleBefore = user.role
            // Staff of an organization organize: a member added as staff becomes an organizer.
            if user.role == .member {
                user.role = .organizer
                try await user.save(on: db)
            }
            try await AuditLog.record(
                actor: viewer.userID, action: "add-staff", subjectType: "user", subjectID: userID.uuidString,
                before: ["role": roleBefore.rawValue],
                after: ["role": user.role.rawValue, "organization": organizationID.uuidString], on: db)
        }
        return req.seeOther(SiteURL.adminOrganization.path(["id": organizationID.uuidString]))
    }

    static func removeStaff(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("id", as: UUID.self), let userID = req.parameters.get("user", as: UUID.self)
        else {
            throw Abort(.notFound)
        }
        try await req.db.transaction { db in
            let removed = try await OrganizationStaff.query(on: db)
                .filter(\.$organization.$id == id).filter(\.$user.$id == userID).count()
            guard removed > 0 else { throw Abort(.notFound) }
            try await OrganizationStaff.query(on: db).filter(\.$organization.$id == id).filter(\.$user.$id == userID)
                .delete()
            try await AuditLog.record(
                actor: viewer.userID, action: "remove-staff", subjectType: "user", subjectID: userID.uuidString,
                before: ["organization": id.uuidString], after: [:], on: db)
        }
        return req.seeOther(SiteURL.adminOrganization.path(["id": id.uuidString]))
    }
}
