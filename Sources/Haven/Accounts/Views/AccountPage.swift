import Fluent
import Foundation
import Plot

/// `/account`: the person's name, address and password, their data, and the way out.
enum AccountPage {
    /// What just happened, after a form redirected back here.
    enum Notice: String, Sendable {
        case nameSaved = "name-saved"
        case emailSent = "email-sent"
        case passwordChanged = "password-changed"
        case verificationSent = "verification-sent"

        var key: String {
            switch self {
            case .nameSaved: "account.notice.nameSaved"
            case .emailSent: "account.notice.emailSent"
            case .passwordChanged: "account.notice.passwordChanged"
            case .verificationSent: "account.notice.verificationSent"
            }
        }
    }

    struct Model: Sendable {
        var displayName: String
        var email: String
        var role: Role
        var emailVerified: Bool
        var organizations: [String]
        var notice: Notice?
        var errors: [FormError] = []
        /// What the person typed into a form that is shown again with errors.
        var values: [String: String] = [:]

        static func load(for viewer: Viewer, on db: any Database) async throws -> Model {
            let organizations = try await OrganizationStaff.query(on: db).filter(\.$user.$id == viewer.userID)
                .with(\.$organization).all().map(\.organization.name)
            return Model(
                displayName: viewer.displayName, email: viewer.email, role: viewer.role,
                emailVerified: viewer.emailVerified, organizations: organizations)
        }
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["account.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                .unwrap(model.notice) {
                    .p(.class("notice"), .attribute(named: "role", value: "status"), .text(s[$0.key]))
                },
                Forms.errorSummary(model.errors, strings: s),
                summary(),
                profileForm(),
                emailForm(),
                passwordForm(),
                .section(
                    .attribute(named: "aria-labelledby", value: "data-heading"),
                    .h2(.id("data-heading"), .text(s["account.data.title"])),
                    .p(.text(s["account.data.body"])),
                    .p(
                        .a(
                            .class("button button--secondary"), .href(SiteURL.accountExport.path),
                            .text(s["account.data.download"]))),
                    .if(
                        Access.apiTokens.allows(model.role),
                        .p(.a(.href(SiteURL.accountTokens.path), .text(s["tokens.title"])))),
                    .p(.a(.href(SiteURL.accountDelete.path), .text(s["delete.title"])))
                )
            )
        }

        private func summary() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .group(
                .dl(
                    .class("summary-list"),
                    .dt(.text(s["signUp.displayName"])), .dd(.text(model.displayName)),
                    .dt(.text(s["signUp.email"])), .dd(.text(model.email)),
                    .dt(.text(s["account.role"])), .dd(.text(s["role." + model.role.rawValue])),
                    .if(
                        !model.organizations.isEmpty,
                        .group(
                            .dt(.text(s["account.organizations"])),
                            .dd(.text(model.organizations.joined(separator: ", ")))))
                ),
                .if(
                    !model.emailVerified,
                    .div(
                        .class("notice"),
                        .p(.text(s["account.unverified"])),
                        Forms.post(
                            action: SiteURL.resendVerification.path, context: context,
                            [Forms.submit(s["account.resend"], class: "button button--secondary")])))
            )
        }

        private func profileForm() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .section(
                .attribute(named: "aria-labelledby", value: "profile-heading"),
                .h2(.id("profile-heading"), .text(s["account.profile.title"])),
                Forms.post(
                    action: SiteURL.accountProfile.path, context: context,
                    [
                        Forms.field(
                            .init(
                                name: "display_name", label: s["signUp.displayName"],
                                value: model.values["display_name"] ?? model.displayName,
                                error: model.errors[field: "display_name"], hint: s["signUp.displayName.hint"],
                                autocomplete: "nickname")),
                        Forms.submit(s["account.profile.submit"]),
                    ])
            )
        }

        private func emailForm() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .section(
                .attribute(named: "aria-labelledby", value: "email-heading"),
                .h2(.id("email-heading"), .text(s["account.email.title"])),
                .p(.text(s["account.email.body"])),
                Forms.post(
                    action: SiteURL.accountEmail.path, context: context,
                    [
                        Forms.field(
                            .init(
                                name: "new_email", label: s["account.email.new"], type: .email,
                                value: model.values["new_email"] ?? "",
                                error: model.errors[field: "new_email"], autocomplete: "email")),
                        Forms.field(
                            .init(
                                name: "current_password_email", label: s["account.password.current"], type: .password,
                                error: model.errors[field: "current_password_email"], autocomplete: "current-password")),
                        Forms.submit(s["account.email.submit"]),
                    ])
            )
        }

        private func passwordForm() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .section(
                .attribute(named: "aria-labelledby", value: "password-heading"),
                .h2(.id("password-heading"), .text(s["account.password.title"])),
                Forms.post(
                    action: SiteURL.accountPassword.path, context: context,
                    [
                        Forms.field(
                            .init(
                                name: "current_password", label: s["account.password.current"], type: .password,
                                error: model.errors[field: "current_password"], autocomplete: "current-password")),
                        Forms.field(
                            .init(
                                name: "new_password", label: s["account.password.new"], type: .password,
                                error: model.errors[field: "new_password"], hint: s["signUp.password.hint"],
                                autocomplete: "new-password")),
                        Forms.submit(s["account.password.submit"]),
                    ])
            )
        }
    }
}

enum DeleteAccount {
    struct Model: Sendable {
        var deletePosts = false
        var errors: [FormError] = []
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["delete.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                .p(.text(s["delete.body"])),
                .ul(.li(.text(s["delete.erased"])), .li(.text(s["delete.posts"]))),
                .p(.a(.href(SiteURL.accountExport.path), .text(s["delete.downloadFirst"]))),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.accountDelete.path, context: context,
                    [
                        .div(
                            .class("field field--checkbox"),
                            .input(
                                .type(.checkbox), .id("field-delete_posts"), .name("delete_posts"), .value("yes"),
                                .checked(model.deletePosts)),
                            .label(.for("field-delete_posts"), .text(s["delete.alsoPosts"]))),
                        Forms.field(
                            .init(
                                name: "password", label: s["delete.password"], type: .password,
                                error: model.errors[field: "password"], autocomplete: "current-password")),
                        Forms.submit(s["delete.submit"], class: "button button--danger"),
                    ]),
                .p(.a(.href(SiteURL.account.path), .text(s["delete.cancel"])))
            )
        }
    }
}

enum APITokensPage {
    struct Model: Sendable {
        struct Token: Sendable {
            var id: UUID
            var name: String
            var createdAt: Date
            var lastUsedAt: Date?
            var revokedAt: Date?
        }

        var tokens: [Token]
        var newToken: String?
        var name = ""
        var errors: [FormError] = []

        static func load(for viewer: Viewer, on db: any Database) async throws -> Model {
            let tokens = try await APIToken.query(on: db).filter(\.$user.$id == viewer.userID).sort(
                \.$createdAt, .descending
            ).all()
            return Model(
                tokens: try tokens.map {
                    Token(
                        id: try $0.requireID(), name: $0.name, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt,
                        revokedAt: $0.revokedAt)
                })
        }
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["tokens.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            let language = context.language
            return .div(
                .h1(.text(title)),
                .p(.text(s["tokens.intro"])),
                .unwrap(model.newToken) { token in
                    .div(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .p(.strong(.text(s["tokens.created"]))),
                        .p(.code(.class("token"), .text(token))))
                },
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.accountTokens.path, context: context,
                    [
                        Forms.field(
                            .init(
                                name: "name", label: s["tokens.name"], value: model.name,
                                error: model.errors[field: "name"], hint: s["tokens.name.hint"])),
                        Forms.submit(s["tokens.create"]),
                    ]),
                .if(
                    model.tokens.isEmpty, .p(.text(s["tokens.none"])),
                    else: .table(
                        .caption(.text(s["tokens.yours"])),
                        .thead(
                            .tr(
                                .th(.text(s["tokens.name"])), .th(.text(s["tokens.createdAt"])),
                                .th(.text(s["tokens.lastUsed"])), .th(.text(s["tokens.state"])))),
                        .tbody(
                            .forEach(model.tokens) { token in
                                .tr(
                                    .td(.text(token.name)),
                                    .td(.text(LocaleNames.dateTime(token.createdAt, in: language))),
                                    .td(
                                        .text(
                                            token.lastUsedAt.map { LocaleNames.dateTime($0, in: language) }
                                                ?? s["tokens.never"])),
                                    .td(
                                        .if(
                                            token.revokedAt != nil, .text(s["tokens.revoked"]),
                                            else: Forms.post(
                                                action: SiteURL.revokeAccountToken.path(["id": token.id.uuidString]),
                                                context: context,
                                                [
                                                    .button(
                                                        .type(.submit), .class("button button--secondary"),
                                                        .text(s["tokens.revoke"]),
                                                        .span(.class("visually-hidden"), .text(" " + token.name)))
                                                ])))
                                )
                            })
                    ))
            )
        }
    }
}
