import Fluent
import Vapor

/// Sign-up, mail verification, sign-in, sign-out and password reset.
struct SignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedOut = routes.grouped(AccessGuard(.signedOut))
        signedOut.get(SiteURL.signUp.pathComponents, use: Self.signUpForm)
        signedOut.post(SiteURL.signUp.pathComponents, use: Self.signUp)
        signedOut.get(SiteURL.signIn.pathComponents, use: Self.signInForm)
        signedOut.post(SiteURL.signIn.pathComponents, use: Self.signIn)

        let anyone = routes.grouped(AccessGuard(.anyone))
        anyone.get(SiteURL.verifyEmail.pathComponents, use: Self.verifyForm)
        anyone.post(SiteURL.verifyEmail.pathComponents, use: Self.verify)
        anyone.get(SiteURL.forgotPassword.pathComponents, use: Self.forgotForm)
        anyone.post(SiteURL.forgotPassword.pathComponents, use: Self.forgot)
        anyone.get(SiteURL.resetPassword.pathComponents, use: Self.resetForm)
        anyone.post(SiteURL.resetPassword.pathComponents, use: Self.reset)

        let signedIn = routes.grouped(AccessGuard(.signedIn))
        signedIn.post(SiteURL.signOut.pathComponents, use: Self.signOut)
        signedIn.post(SiteURL.resendVerification.pathComponents, use: Self.resendVerification)
    }

    // MARK: Sign-up

    struct SignUpForm: Content {
        var displayName: String?
        var email: String?
        var password: String?

        enum CodingKeys: String, CodingKey {
            case displayName = "display_name", email, password
        }
    }

    static func signUpForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        return SignUp.View(context: context, model: SignUp.Model()).page()
    }

    static func signUp(req: Request) async throws -> Response {
        let form = (try? req.content.decode(SignUpForm.self)) ?? SignUpForm()
        let context = await req.pageContext()
        let s = context.strings
        var model = SignUp.Model(
            displayName: form.displayName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
            email: User.normalize(email: form.email ?? ""))
        model.errors =
            AccountValidation.displayName(model.displayName, strings: s)
            + AccountValidation.email(model.email, strings: s)
            + AccountValidation.newPassword(
                form.password ?? "", email: model.email, policy: req.application.passwordPolicy, strings: s,
                field: "password")
        if !model.errors.isEmpty {
            return try await SignUp.View(context: context, model: model).page(status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        try await req.rateLimiter.hit(.signUpPerClient, key: try await req.clientKey())
        let hash = try await req.application.threadPool.runIfActive { try Passwords.hash(form.password ?? "") }
        let config = req.application.havenConfig
        let (email, displayName) = (model.email, model.displayName)
        try await req.db.transaction { db in
            if let existing = try await User.query(on: db).filter(\.$email == email).first() {
                let strings = req.application.localization.strings(for: existing.language)
                try await Outbox.enqueue(
                    Mails.alreadyRegistered(
                        strings, name: existing.displayName, signInLink: config.absoluteURL(.signIn),
                        resetLink: config.absoluteURL(.forgotPassword)),
                    to: existing.email, on: db)
                return
            }
            let user = User(email: email, displayName: displayName, passwordHash: hash, language: context.language)
            try await user.create(on: db)
            try await AccountLinkMail.send(.verifyEmail, to: user, app: req.application, on: db)
        }
        // The same page whether or not the address already had an account.
        return try await Notice.View(
            context: context,
            model: Notice.Model(
                title: s["signUp.sent.title"],
                paragraphs: [s["signUp.sent.body", ["email": model.email]], s["signUp.sent.spam"]])
        ).page().encodeResponse(for: req)
    }

    // MARK: Verification

    static func verifyForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let s = context.strings
        let token = req.query[String.self, at: "token"] ?? ""
        return Notice.View(
            context: context,
            model: Notice.Model(
                title: s["verify.title"], paragraphs: [s["verify.body"]],
                form: Notice.FormAction(
                    action: SiteURL.verifyEmail.path, button: s["verify.button"], hidden: [("token", token)]))
        ).page()
    }

    static func verify(req: Request) async throws -> Response {
        let context = await req.pageContext()
        let s = context.strings
        let token = (try? req.content.get(String.self, at: "token")) ?? ""
        try await req.rateLimiter.hit(.anonymousWritePerClient, key: try await req.clientKey())
        let verified = try await req.db.transaction { db -> Bool in
            guard let record = try await AccountTokens.redeem(token, purpose: .verifyEmail, on: db) else {
                return false
            }
            let user = try await record.$user.get(on: db)
            user.emailVerifiedAt = user.emailVerifiedAt ?? Date()
            try await user.save(on: db)
            return true
        }
        guard verified else {
            return try await Notice.View(
                context: context,
                model: Notice.Model(
                    title: s["verify.invalid.title"], paragraphs: [s["verify.invalid.body"]],
                    links: [(s["nav.signIn"], SiteURL.signIn.path)])
            ).page(status: .badRequest).encodeResponse(for: req)
        }
        return try await Notice.View(
            context: context,
            model: Notice.Model(
                title: s["verify.done.title"], paragraphs: [s["verify.done.body"]],
                links: [
                    (
                        s[context.viewer == nil ? "nav.signIn" : "nav.account"],
                        context.viewer == nil ? SiteURL.signIn.path : SiteURL.account.path
                    )
                ])
        ).page().encodeResponse(for: req)
    }

    static func resendVerification(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        try await req.rateLimiter.hit(.passwordResetPerAccount, key: try await req.accountKey(email: viewer.email))
        try await req.db.transaction { db in
            guard let user = try await User.find(viewer.userID, on: db), user.emailVerifiedAt == nil else { return }
            try await AccountLinkMail.send(.verifyEmail, to: user, app: req.application, on: db)
        }
        return req.seeOther(SiteURL.account.path(query: [("notice", "verification-sent")]))
    }

    // MARK: Sign-in and sign-out

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    static func signInForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let model = SignIn.Model(next: Request.safeNext(req.query[String.self, at: "next"]) ?? "")
        return SignIn.View(context: context, model: model).page()
    }

    static func signIn(req: Request) async throws -> Response {
        let form = (try? req.content.decode(SignInForm.self)) ?? SignInForm()
        let context = await req.pageContext()
        let s = context.strings
        let email = User.normalize(email: form.email ?? "")
        let limiter = req.rateLimiter
        let accountKey = try await req.accountKey(email: email)
        try await limiter.hit(.signInPerClient, key: try await req.clientKey())
        try await limiter.check(.signInPerAccount, key: accountKey)

        let user = email.isEmpty ? nil : try await User.query(on: req.db).filter(\.$email == email).first()
        let password = form.password ?? ""
        let matches = try await req.application.threadPool.runIfActive {
            Passwords.verify(password, against: user?.passwordHash ?? Passwords.decoyHash)
        }
        guard let user, matches else {
            try await limiter.record(.signInPerAccount, key: accountKey)
            // One message whatever was wrong, so the form does not tell who has an account.
            let model = SignIn.Model(email: email, next: Request.safeNext(form.next) ?? "", failed: true)
            return try await SignIn.View(context: context, model: model).page(status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        if user.emailVerifiedAt == nil {
            try await limiter.hit(.passwordResetPerAccount, key: accountKey)
            try await req.db.transaction { db in
                try await AccountLinkMail.send(.verifyEmail, to: user, app: req.application, on: db)
            }
            return try await Notice.View(
                context: context,
                model: Notice.Model(
                    title: s["signIn.unverified.title"],
                    paragraphs: [s["signIn.unverified.body", ["email": user.email]]])
            ).page(status: .forbidden).encodeResponse(for: req)
        }
        // A new session id at every sign-in; whatever session the browser held before ends.
        if let old = req.viewer?.sessionID { try await Sessions.end(sessionID: old, on: req.db) }
        let token = try await Sessions.start(userID: user.requireID(), on: req.db)
        let response = req.seeOther(Request.safeNext(form.next) ?? SiteURL.account.path)
        response.cookies[Sessions.cookieName] = Sessions.cookie(token, secure: req.application.havenConfig.isHTTPS)
        req.logger.info("signed in")
        return response
    }

    static func signOut(req: Request) async throws -> Response {
        if let session = req.viewer?.sessionID { try await Sessions.end(sessionID: session, on: req.db) }
        let response = req.seeOther(SiteURL.home.path)
        response.cookies[Sessions.cookieName] = Sessions.expiredCookie(secure: req.application.havenConfig.isHTTPS)
        return response
    }

    // MARK: Password reset

    static func forgotForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        return ForgotPassword.View(context: context, model: ForgotPassword.Model()).page()
    }

    static func forgot(req: Request) async throws -> Response {
        let context = await req.pageContext()
        let s = context.strings
        let email = User.normalize(email: (try? req.content.get(String.self, at: "email")) ?? "")
        let errors = AccountValidation.email(email, strings: s)
        guard errors.isEmpty else {
            return try await ForgotPassword.View(
                context: context, model: ForgotPassword.Model(email: email, errors: errors)
            )
            .page(status: .unprocessableEntity).encodeResponse(for: req)
        }
        try await req.rateLimiter.hit(.passwordResetPerClient, key: try await req.clientKey())
        try await req.rateLimiter.hit(.passwordResetPerAccount, key: try await req.accountKey(email: email))
        try await req.db.transaction { db in
            guard let user = try await User.query(on: db).filter(\.$email == email).first() else { return }
            try await AccountLinkMail.send(.resetPassword, to: user, app: req.application, on: db)
        }
        return try await Notice.View(
            context: context,
            model: Notice.Model(
                title: s["forgot.sent.title"],
                paragraphs: [s["forgot.sent.body", ["email": email]], s["signUp.sent.spam"]])
        ).page().encodeResponse(for: req)
    }

    static func resetForm(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let token = req.query[String.self, at: "token"] ?? ""
        return ResetPassword.View(context: context, model: ResetPassword.Model(token: token)).page()
    }

    static func reset(req: Request) async throws -> Response {
        let context = await req.pageContext()
        let s = context.strings
        let token = (try? req.content.get(String.self, at: "token")) ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        try await req.rateLimiter.hit(.passwordResetPerClient, key: try await req.clientKey())
        guard let pending = try await AccountTokens.find(token, purpose: .resetPassword, on: req.db) else {
            return try await Notice.View(
                context: context,
                model: Notice.Model(
                    title: s["reset.invalid.title"], paragraphs: [s["reset.invalid.body"]],
                    links: [(s["reset.invalid.link"], SiteURL.forgotPassword.path)])
            ).page(status: .badRequest).encodeResponse(for: req)
        }
        let user = try await pending.$user.get(on: req.db)
        let errors = AccountValidation.newPassword(
            password, email: user.email, policy: req.application.passwordPolicy, strings: s, field: "password")
        guard errors.isEmpty else {
            return try await ResetPassword.View(
                context: context, model: ResetPassword.Model(token: token, errors: errors)
            )
            .page(status: .unprocessableEntity).encodeResponse(for: req)
        }
        let hash = try await req.application.threadPool.runIfActive { try Passwords.hash(password) }
        let changed = try await req.db.transaction { db -> Bool in
            guard let record = try await AccountTokens.redeem(token, purpose: .resetPassword, on: db) else {
                return false
            }
            let user = try await record.$user.get(on: db)
            user.passwordHash = hash
            // Following the link proved the mailbox is theirs.
            user.emailVerifiedAt = user.emailVerifiedAt ?? Date()
            try await user.save(on: db)
            // Every other session ends: whoever else knew the old password is signed out.
            try await Sessions.endAll(userID: user.requireID(), on: db)
            try await AccountTokens.revokeAll(.resetPassword, for: user.requireID(), on: db)
            try await AccountNoticeMail.passwordChanged(user, app: req.application, on: db)
            return true
        }
        guard changed else { throw Abort(.badRequest, reason: s["reset.invalid.body"]) }
        let response = try await Notice.View(
            context: context,
            model: Notice.Model(
                title: s["reset.done.title"], paragraphs: [s["reset.done.body"]],
                links: [(s["nav.signIn"], SiteURL.signIn.path)])
        ).page().encodeResponse(for: req)
        if req.viewer != nil {
            response.cookies[Sessions.cookieName] = Sessions.expiredCookie(secure: req.application.havenConfig.isHTTPS)
        }
        return response
    }
}
