import Fluent
import Vapor

/// A person's own account: name, address, password, their data, deleting the account, API tokens.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(AccessGuard(.signedIn))
        signedIn.get(SiteURL.account.pathComponents, use: Self.show)
        signedIn.post(SiteURL.accountProfile.pathComponents, use: Self.updateProfile)
        signedIn.post(SiteURL.accountEmail.pathComponents, use: Self.changeEmail)
        signedIn.post(SiteURL.accountPassword.pathComponents, use: Self.changePassword)
        signedIn.get(SiteURL.accountExport.pathComponents, use: Self.export)
        signedIn.get(SiteURL.accountDelete.pathComponents, use: Self.deleteForm)
        signedIn.post(SiteURL.accountDelete.pathComponents, use: Self.delete)

        let anyone = routes.grouped(AccessGuard(.anyone))
        anyone.get(SiteURL.confirmEmailChange.pathComponents, use: Self.confirmEmailForm)
        anyone.post(SiteURL.confirmEmailChange.pathComponents, use: Self.confirmEmail)

        let tokens = routes.grouped(AccessGuard(Access.apiTokens))
        tokens.get(SiteURL.accountTokens.pathComponents, use: Self.tokens)
        tokens.post(SiteURL.accountTokens.pathComponents, use: Self.createToken)
        tokens.post(SiteURL.revokeAccountToken.pathComponents, use: Self.revokeToken)
    }

    // MARK: The account page

    static func show(req: Request) async throws -> Page {
        let context = await req.pageContext()
        var model = try await AccountPage.Model.load(for: req.requireViewer(), on: req.db)
        model.notice = req.query[String.self, at: "notice"].flatMap(AccountPage.Notice.init(rawValue:))
        return AccountPage.View(context: context, model: model).page()
    }

    private static func rerender(
        _ req: Request, _ context: PageContext, errors: [FormError] = [],
        notice: AccountPage.Notice? = nil, values: [String: String] = [:]
    ) async throws -> Response {
        var model = try await AccountPage.Model.load(for: req.requireViewer(), on: req.db)
        model.errors = errors
        model.notice = notice
        model.values = values
        return try await AccountPage.View(context: context, model: model)
            .page(status: errors.isEmpty ? .ok : .unprocessableEntity).encodeResponse(for: req)
    }

    static func updateProfile(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let name = ((try? req.content.get(String.self, at: "display_name")) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let errors = AccountValidation.displayName(name, strings: context.strings)
        guard errors.isEmpty else {
            return try await rerender(req, context, errors: errors, values: ["display_name": name])
        }
        try await User.query(on: req.db).set(\.$displayName, to: name).filter(\.$id == viewer.userID).update()
        return req.seeOther(SiteURL.account.path(query: [("notice", AccountPage.Notice.nameSaved.rawValue)]))
    }

    static func changeEmail(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let s = context.strings
        let email = User.normalize(email: (try? req.content.get(String.self, at: "new_email")) ?? "")
        let password = (try? req.content.get(String.self, at: "current_password_email")) ?? ""
        var errors = AccountValidation.email(email, strings: s, field: "new_email")
        if errors.isEmpty && email == viewer.email {
            errors.append(FormError(field: "new_email", message: s["account.error.emailSame"]))
        }
        if try await !passwordMatches(password, viewer: viewer, on: req) {
            errors.append(FormError(field: "current_password_email", message: s["account.error.passwordWrong"]))
        }
        guard errors.isEmpty else {
            return try await rerender(req, context, errors: errors, values: ["new_email": email])
        }
        try await req.rateLimiter.hit(.mailChangePerAccount, key: try await req.accountKey(email: viewer.email))
        try await req.db.transaction { db in
            guard let user = try await User.find(viewer.userID, on: db) else { throw Abort(.notFound) }
            try await AccountLinkMail.send(.changeEmail, to: user, newEmail: email, app: req.application, on: db)
        }
        return req.seeOther(SiteURL.account.path(query: [("notice", AccountPage.Notice.emailSent.rawValue)]))
    }

    static func confirmEmailForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let s = context.strings
        return Notice.View(
            context: context,
            model: Notice.Model(
                title: s["changeEmail.title"], paragraphs: [s["changeEmail.body"]],
                form: Notice.FormAction(
                    action: SiteURL.confirmEmailChange.path, button: s["changeEmail.button"],
                    hidden: [("token", req.query[String.self, at: "token"] ?? "")]))
        ).page()
    }

    static func confirmEmail(req: Request) async throws -> Response {
        let context = await req.pageContext()
        let s = context.strings
        let token = (try? req.content.get(String.self, at: "token")) ?? ""
        try await req.rateLimiter.hit(.anonymousWritePerClient, key: try await req.clientKey())
        let changed = try await req.db.transaction { db -> Bool in
            guard let record = try await AccountTokens.redeem(token, purpose: .changeEmail, on: db),
                let email = record.newEmail
            else { return false }
            // Someone may have signed up with the address since the link was sent.
            guard try await User.query(on: db).filter(\.$email == email).count() == 0 else { return false }
            let user = try await record.$user.get(on: db)
            let oldEmail = user.email
            user.email = email
            user.emailVerifiedAt = Date()
            try await user.save(on: db)
            try await AccountNoticeMail.emailChanged(user, from: oldEmail, app: req.application, on: db)
            return true
        }
        guard changed else {
            return try await Notice.View(
                context: context,
                model: Notice.Model(title: s["verify.invalid.title"], paragraphs: [s["changeEmail.invalid"]])
            ).page(status: .badRequest).encodeResponse(for: req)
        }
        return try await Notice.View(
            context: context,
            model: Notice.Model(
                title: s["changeEmail.done.title"], paragraphs: [s["changeEmail.done.body"]],
                links: [(s["nav.account"], SiteURL.account.path)])
        ).page().encodeResponse(for: req)
    }

    static func changePassword(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let s = context.strings
        let current = (try? req.content.get(String.self, at: "current_password")) ?? ""
        let new = (try? req.content.get(String.self, at: "new_password")) ?? ""
        var errors: [FormError] = []
        if try await !passwordMatches(current, viewer: viewer, on: req) {
            errors.append(FormError(field: "current_password", message: s["account.error.passwordWrong"]))
        }
        errors += AccountValidation.newPassword(
            new, email: viewer.email, policy: req.application.passwordPolicy, strings: s, field: "new_password")
        guard errors.isEmpty else { return try await rerender(req, context, errors: errors) }
        let hash = try await req.application.threadPool.runIfActive { try Passwords.hash(new) }
        try await req.db.transaction { db in
            guard let user = try await User.find(viewer.userID, on: db) else { throw Abort(.notFound) }
            user.passwordHash = hash
            try await user.save(on: db)
            try await Sessions.endAll(userID: viewer.userID, except: viewer.sessionID, on: db)
            try await AccountNoticeMail.passwordChanged(user, app: req.application, on: db)
        }
        return req.seeOther(SiteURL.account.path(query: [("notice", AccountPage.Notice.passwordChanged.rawValue)]))
    }

    /// Checks the current password before a sensitive change; failures count toward the sign-in limit.
    private static func passwordMatches(_ password: String, viewer: Viewer, on req: Request) async throws -> Bool {
        let key = try await req.accountKey(email: viewer.email)
        try await req.rateLimiter.check(.signInPerAccount, key: key)
        guard let user = try await User.find(viewer.userID, on: req.db) else { return false }
        let hash = user.passwordHash
        let matches = try await req.application.threadPool.runIfActive { Passwords.verify(password, against: hash) }
        if !matches { try await req.rateLimiter.record(.signInPerAccount, key: key) }
        return matches
    }

    // MARK: Your data

    static func export(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let export = try await PersonalData.export(userID: viewer.userID, on: req.db)
        let response = Response(status: .ok)
        try response.content.encode(export, using: PersonalData.encoder)
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"haven-my-data.json\"")
        return response
    }

    static func deleteForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        return DeleteAccount.View(context: context, model: DeleteAccount.Model()).page()
    }

    static func delete(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let s = context.strings
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let deletePosts = (try? req.content.get(String.self, at: "delete_posts")) == "yes"
        guard try await passwordMatches(password, viewer: viewer, on: req) else {
            let model = DeleteAccount.Model(
                deletePosts: deletePosts,
                errors: [FormError(field: "password", message: s["account.error.passwordWrong"])])
            return try await DeleteAccount.View(context: context, model: model).page(status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        try await req.db.transaction { db in
            try await PersonalData.erase(userID: viewer.userID, email: viewer.email, deletePosts: deletePosts, on: db)
        }
        req.logger.info("account deleted")
        req.viewer = nil
        let anonymous = await req.pageContext()
        let response = try await Notice.View(
            context: anonymous,
            model: Notice.Model(
                title: s["delete.done.title"], paragraphs: [s["delete.done.body"]],
                links: [(s["nav.home"], SiteURL.home.path)])
        ).page().encodeResponse(for: req)
        response.cookies[Sessions.cookieName] = Sessions.expiredCookie(secure: req.application.havenConfig.isHTTPS)
        return response
    }

    // MARK: API tokens

    static func tokens(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let model = try await APITokensPage.Model.load(for: req.requireViewer(), on: req.db)
        return APITokensPage.View(context: context, model: model).page()
    }

    static func createToken(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let context = await req.pageContext()
        let s = context.strings
        let name = ((try? req.content.get(String.self, at: "name")) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        var model = try await APITokensPage.Model.load(for: viewer, on: req.db)
        guard !name.isEmpty, name.count <= 80 else {
            model.errors = [FormError(field: "name", message: s["tokens.error.name"])]
            model.name = name
            return try await APITokensPage.View(context: context, model: model).page(status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        let secret = APITokens.make()
        try await APIToken(userID: viewer.userID, name: name, tokenHash: SecureToken.hash(secret), now: Date()).create(
            on: req.db)
        model = try await APITokensPage.Model.load(for: viewer, on: req.db)
        model.newToken = secret
        return try await APITokensPage.View(context: context, model: model).page().encodeResponse(for: req)
    }

    static func revokeToken(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("id", as: UUID.self),
            let token = try await APIToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == viewer.userID)
                .first()
        else { throw Abort(.notFound) }
        token.revokedAt = token.revokedAt ?? Date()
        try await token.save(on: req.db)
        return req.seeOther(SiteURL.accountTokens.path)
    }
}
