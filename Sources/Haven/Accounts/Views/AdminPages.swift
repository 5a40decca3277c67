import Foundation
import Plot

/// The admin pages: a dashboard, people and roles, the outbox, the audit log.
enum AdminPages {
    /// How every admin page opens: the way back to the admin dashboard, then the page's heading.
    static func heading(_ title: String, context: PageContext) -> Node<HTML.BodyContext> {
        .group(
            .p(.a(.href(SiteURL.admin.path), .text(context.strings["admin.back"]))),
            .h1(.text(title)))
    }

    struct Dashboard: Sendable {
        var people: Int
        var openItems: Int
        var queuedMail: Int
        var failedMail: Int
        var smtpConfigured: Bool
    }

    struct DashboardView: PageView {
        var context: PageContext
        var model: Dashboard
        var title: String { context.strings["admin.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .h1(.text(title)),
                .if(!model.smtpConfigured, .p(.class("notice"), .text(s["admin.noSMTP"]))),
                .ul(
                    .class("plain-list"),
                    .li(
                        .a(.href(SiteURL.adminPeople.path), .text(s["admin.people"])), " — ",
                        .text(s["admin.peopleCount", ["count": "\(model.people)"]])),
                    .li(
                        .a(.href(SiteURL.moderation.path), .text(s["nav.moderation"])), " — ",
                        .text(s["admin.openCount", ["count": "\(model.openItems)"]])),
                    .li(
                        .a(.href(SiteURL.adminOutbox.path), .text(s["admin.outbox"])), " — ",
                        .text(s["admin.mailCount", ["queued": "\(model.queuedMail)", "failed": "\(model.failedMail)"]])),
                    .li(.a(.href(SiteURL.adminOrganizations.path), .text(s["admin.organizations"]))),
                    .li(.a(.href(SiteURL.adminAudit.path), .text(s["admin.audit"])))
                )
            )
        }
    }

    struct People: Sendable {
        var people: [User]
        var query: String
        var changed: String?
    }

    struct PeopleView: PageView {
        var context: PageContext
        var model: People
        var title: String { context.strings["admin.people"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                AdminPages.heading(title, context: context),
                .if(
                    model.changed != nil,
                    .p(.class("notice"), .attribute(named: "role", value: "status"), .text(s["admin.roleChanged"]))),
                .form(
                    .action(SiteURL.adminPeople.path), .method(.get), .class("search-form"),
                    .label(.for("people-q"), .text(s["admin.search"])),
                    .input(.id("people-q"), .name("q"), .type(.search), .safeValue(model.query)),
                    .button(.type(.submit), .class("button button--secondary"), .text(s["admin.searchButton"]))),
                .div(
                    .class("table-scroll"),
                    .table(
                        .caption(.class("visually-hidden"), .text(title)),
                        .thead(
                            .tr(
                                .th(.text(s["signUp.displayName"])), .th(.text(s["signUp.email"])),
                                .th(.text(s["admin.verified"])), .th(.text(s["account.role"])))),
                        .tbody(.forEach(model.people) { person in row(person) })
                    ))
            )
        }

        private func row(_ person: User) -> Node<HTML.TableContext> {
            let s = context.strings
            let id = person.id?.uuidString ?? ""
            return .tr(
                .td(.text(person.displayName)),
                .td(.text(person.email)),
                .td(.text(person.emailVerifiedAt == nil ? s["admin.no"] : s["admin.yes"])),
                .td(
                    Forms.post(
                        action: SiteURL.adminPersonRole.path(["id": id]), context: context, class: "inline-form",
                        [
                            .label(
                                .for("role-\(id)"), .class("visually-hidden"),
                                .text(s["admin.roleFor", ["name": person.displayName]])),
                            .select(
                                .id("role-\(id)"), .attribute(named: "name", value: "role"),
                                .forEach(Role.allCases) { role in
                                    .option(
                                        value: role.rawValue, label: s["role." + role.rawValue],
                                        selected: role == person.role)
                                }),
                            .button(
                                .type(.submit), .class("button button--secondary"),
                                .text(s["admin.changeRole"]),
                                .span(.class("visually-hidden"), .text(" " + person.displayName))),
                        ]))
            )
        }
    }

    struct Outbox: Sendable {
        var failed: [OutboxMail]
        var recent: [OutboxMail]
        var smtpConfigured: Bool
    }

    static func statusText(_ mail: OutboxMail, smtpConfigured: Bool, strings s: Strings) -> String {
        if mail.status == .queued && !smtpConfigured { return s["admin.mail.noSMTP"] }
        return s["admin.mail.status.\(mail.status.rawValue)"]
    }

    struct OutboxView: PageView {
        var context: PageContext
        var model: Outbox
        var title: String { context.strings["admin.outbox"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                AdminPages.heading(title, context: context),
                .if(!model.smtpConfigured, .p(.class("notice"), .text(s["admin.noSMTP"]))),
                .h2(.text(s["admin.mail.failed"])),
                .if(
                    model.failed.isEmpty, .p(.text(s["admin.mail.noneFailed"])),
                    else: table(model.failed, caption: s["admin.mail.failed"])),
                .h2(.text(s["admin.mail.recent"])),
                .if(
                    model.recent.isEmpty, .p(.text(s["admin.mail.none"])),
                    else: table(model.recent, caption: s["admin.mail.recent"]))
            )
        }

        private func table(_ mails: [OutboxMail], caption: String) -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("table-scroll"),
                .table(
                    .caption(.class("visually-hidden"), .text(caption)),
                    .thead(
                        .tr(
                            .th(.text(s["admin.mail.to"])), .th(.text(s["admin.mail.subject"])),
                            .th(.text(s["admin.mail.created"])),
                            .th(.text(s["admin.mail.status"])), .th(.text(s["admin.mail.attempts"])))),
                    .tbody(
                        .forEach(mails) { mail in
                            .tr(
                                .td(.text(mail.recipient)),
                                .td(
                                    .a(
                                        .href(SiteURL.adminOutboxMail.path(["id": mail.id?.uuidString ?? ""])),
                                        .text(mail.subject))),
                                .td(.text(LocaleNames.dateTime(mail.createdAt, in: context.language))),
                                .td(
                                    .text(AdminPages.statusText(mail, smtpConfigured: model.smtpConfigured, strings: s))
                                ),
                                .td(.text("\(mail.attempts)")))
                        })))
        }
    }

    struct MailView: PageView {
        var context: PageContext
        var mail: OutboxMail
        var smtpConfigured: Bool
        var title: String { mail.subject }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("narrow"),
                .p(.a(.href(SiteURL.adminOutbox.path), .text(s["admin.outbox"]))),
                .h1(.text(mail.subject)),
                .dl(
                    .class("summary-list"),
                    .dt(.text(s["admin.mail.to"])), .dd(.text(mail.recipient)),
                    .dt(.text(s["admin.mail.status"])),
                    .dd(.text(AdminPages.statusText(mail, smtpConfigured: smtpConfigured, strings: s))),
                    .dt(.text(s["admin.mail.attempts"])), .dd(.text("\(mail.attempts)")),
                    .dt(.text(s["admin.mail.created"])),
                    .dd(.text(LocaleNames.dateTime(mail.createdAt, in: context.language))),
                    .unwrap(mail.sentAt) {
                        .group(
                            .dt(.text(s["admin.mail.sent"])), .dd(.text(LocaleNames.dateTime($0, in: context.language)))
                        )
                    },
                    .unwrap(mail.lastError) { .group(.dt(.text(s["admin.mail.error"])), .dd(.text($0))) }
                ),
                .h2(.text(s["admin.mail.body"])),
                .pre(.class("mail-body"), .text(mail.textBody))
            )
        }
    }

    struct AuditView: PageView {
        var context: PageContext
        var entries: [AuditEntry]
        var title: String { context.strings["admin.audit"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                AdminPages.heading(title, context: context),
                .if(
                    entries.isEmpty, .p(.text(s["admin.audit.none"])),
                    else: .div(
                        .class("table-scroll"),
                        .table(
                            .caption(.class("visually-hidden"), .text(title)),
                            .thead(
                                .tr(
                                    .th(.text(s["admin.audit.when"])), .th(.text(s["admin.audit.who"])),
                                    .th(.text(s["admin.audit.what"])),
                                    .th(.text(s["admin.audit.subject"])), .th(.text(s["admin.audit.before"])),
                                    .th(.text(s["admin.audit.after"])))),
                            .tbody(
                                .forEach(entries) { entry in
                                    .tr(
                                        .td(.text(LocaleNames.dateTime(entry.createdAt, in: context.language))),
                                        .td(
                                            .text(
                                                entry.actor?.displayName
                                                    ?? (entry.action.hasPrefix("auto-")
                                                        ? s["admin.audit.system"] : s["admin.audit.deleted"]))),
                                        .td(.code(.text(entry.action))),
                                        .td(.text("\(entry.subjectType) \(entry.subjectID.prefix(8))")),
                                        .td(.code(.text(entry.before))),
                                        .td(.code(.text(entry.after))))
                                })))))
        }
    }
}
