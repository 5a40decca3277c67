import Foundation
import Plot

/// `/directory/manage`: an organizer's listings, what needs doing (listings not confirmed for 180 days,
/// corrections people reported), and a way into each listing's form.
enum ManagePage {
    struct Service: Sendable {
        var id: UUID
        var name: String
        var status: String
        var assuredDate: String?
    }

    struct Organization: Sendable {
        var id: UUID
        var name: String
        var services: [Service]
    }

    struct Correction: Sendable {
        var id: UUID
        var serviceID: String
        var serviceName: String
        var details: String
        var reported: Date
    }

    struct Model: Sendable {
        var organizations: [Organization]
        var staleCutoff: String
        var corrections: [Correction]
        var done: String?

        var toVerify: [Service] {
            organizations.flatMap(\.services).filter { service in service.assuredDate.map { $0 < staleCutoff } ?? true }
        }
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["directory.manage.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .group(
                .h1(.text(title)),
                .p(.class("lead"), .text(s["directory.manage.lead"])),
                .if(
                    model.done != nil,
                    .p(.class("notice"), .attribute(named: "role", value: "status"), .text(s["directory.manage.saved"]))
                ),
                .if(model.organizations.isEmpty, .p(.class("notice"), .text(s["directory.manage.noOrganizations"]))),
                todo(),
                .forEach(model.organizations) { organization($0) }
            )
        }

        func todo() -> Node<HTML.BodyContext> {
            let s = context.strings
            guard !model.organizations.isEmpty else { return .empty }
            return .section(
                .attribute(named: "aria-labelledby", value: "todo"),
                .h2(.id("todo"), .text(s["directory.manage.todo"])),
                .if(model.toVerify.isEmpty && model.corrections.isEmpty, .p(.text(s["directory.manage.nothingToDo"]))),
                .if(
                    !model.corrections.isEmpty,
                    .group(
                        .h3(.text(s["directory.manage.corrections", ["count": String(model.corrections.count)]])),
                        .ul(
                            .class("plain-list"),
                            .forEach(model.corrections) { correction in
                                .li(
                                    .class("card"),
                                    .p(
                                        .strong(.text(correction.serviceName)),
                                        .text(" — " + LocaleNames.date(correction.reported, in: context.language))),
                                    .p(.class("report-details"), .text(correction.details)),
                                    .div(
                                        .class("button-row"),
                                        .a(
                                            .class("button"),
                                            .safeHref(
                                                SiteURL.directoryManageService.path(["id": correction.serviceID])),
                                            .text(s["directory.manage.edit"])),
                                        Forms.post(
                                            action: SiteURL.directoryManageResolve.path(["id": correction.id.uuidString]
                                            ), context: context,
                                            class: "inline-form",
                                            [
                                                Forms.submit(
                                                    s["directory.manage.resolve"], class: "button button--secondary")
                                            ])
                                    )
                                )
                            })
                    )),
                .if(
                    !model.toVerify.isEmpty,
                    .group(
                        .h3(
                            .text(
                                s[
                                    "directory.manage.toVerify",
                                    [
                                        "count": String(model.toVerify.count),
                                        "days": String(DirectoryManageController.verifyEveryDays),
                                    ]])),
                        .ul(
                            .class("plain-list"),
                            .forEach(model.toVerify) { service in
                                .li(
                                    .a(
                                        .safeHref(
                                            SiteURL.directoryManageService.path([
                                                "id": service.id.uuidString.lowercased()
                                            ])), .text(service.name)),
                                    .text(
                                        " — "
                                            + (service.assuredDate.map {
                                                s["directory.manage.lastVerified", ["date": $0]]
                                            } ?? s["directory.manage.neverVerified"])))
                            })
                    ))
            )
        }

        func organization(_ organization: Organization) -> Node<HTML.BodyContext> {
            let s = context.strings
            return .section(
                .attribute(named: "aria-labelledby", value: "organization-\(organization.id.uuidString.lowercased())"),
                .h2(.id("organization-\(organization.id.uuidString.lowercased())"), .text(organization.name)),
                .p(
                    .a(
                        .class("button"),
                        .safeHref(
                            SiteURL.directoryManageNew.path(query: [
                                ("organization", organization.id.uuidString.lowercased())
                            ])),
                        .text(s["directory.manage.add"]))),
                organization.services.isEmpty
                    ? .p(.text(s["directory.manage.noServices"]))
                    : .div(
                        .class("table-scroll"),
                        .table(
                            .caption(
                                .class("visually-hidden"),
                                .text(s["directory.manage.servicesOf", ["organization": organization.name]])),
                            .thead(
                                .tr(
                                    .th(.attribute(named: "scope", value: "col"), .text(s["directory.manage.service"])),
                                    .th(.attribute(named: "scope", value: "col"), .text(s["directory.manage.status"])),
                                    .th(
                                        .attribute(named: "scope", value: "col"), .text(s["directory.manage.verified"])),
                                    .th(.attribute(named: "scope", value: "col"), .text(s["directory.manage.actions"])))
                            ),
                            .tbody(
                                .forEach(organization.services) { service in
                                    .tr(
                                        .td(
                                            .a(
                                                .safeHref(
                                                    SiteURL.directoryManageService.path([
                                                        "id": service.id.uuidString.lowercased()
                                                    ])), .text(service.name))),
                                        .td(.text(service.status)),
                                        .td(.text(service.assuredDate ?? s["directory.manage.neverVerified"])),
                                        .td(
                                            Forms.post(
                                                action: SiteURL.directoryManageVerify.path([
                                                    "id": service.id.uuidString.lowercased()
                                                ]), context: context,
                                                class: "inline-form",
                                                [
                                                    .button(
                                                        .type(.submit), .class("button button--secondary"),
                                                        .text(s["directory.manage.verify"]),
                                                        .span(.class("visually-hidden"), .text(" " + service.name)))
                                                ]))
                                    )
                                })
                        ))
            )
        }
    }
}
