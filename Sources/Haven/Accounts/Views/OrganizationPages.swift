import Plot

enum OrganizationPages {
    struct List: Sendable {
        var organizations: [Organization]
        var name = ""
        var description = ""
        var errors: [FormError] = []
    }

    struct ListView: PageView {
        var context: PageContext
        var model: List
        var title: String { context.strings["organizations.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                AdminPages.heading(title, context: context),
                .if(
                    model.organizations.isEmpty, .p(.text(s["organizations.none"])),
                    else: .ul(
                        .class("plain-list"),
                        .forEach(model.organizations) { organization in
                            .li(
                                .a(
                                    .href(SiteURL.adminOrganization.path(["id": organization.id?.uuidString ?? ""])),
                                    .text(organization.name)))
                        })),
                .h2(.text(s["organizations.add"])),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.adminOrganizations.path, context: context,
                    [
                        Forms.field(
                            .init(
                                name: "name", label: s["organizations.name"], value: model.name,
                                error: model.errors[field: "name"])),
                        .div(
                            .class(model.errors[field: "description"] == nil ? "field" : "field field--error"),
                            .label(.for("field-description"), .text(s["organizations.description"])),
                            .unwrap(model.errors[field: "description"]) { .p(.class("field__error"), .text($0)) },
                            .textarea(
                                .id("field-description"), .name("description"), .attribute(named: "rows", value: "3"),
                                .text(model.description))),
                        Forms.submit(s["organizations.create"]),
                    ])
            )
        }
    }

    struct Show: Sendable {
        var organization: Organization
        var staff: [User]
        var email = ""
        var errors: [FormError] = []
    }

    struct ShowView: PageView {
        var context: PageContext
        var model: Show
        var title: String { model.organization.name }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            let id = model.organization.id?.uuidString ?? ""
            return .div(
                .p(.a(.href(SiteURL.adminOrganizations.path), .text(s["organizations.title"]))),
                .h1(.text(model.organization.name)),
                .if(!model.organization.description.isEmpty, .p(.text(model.organization.description))),
                .h2(.text(s["organizations.staff"])),
                .if(
                    model.staff.isEmpty, .p(.text(s["organizations.noStaff"])),
                    else: .ul(
                        .class("plain-list"),
                        .forEach(model.staff) { person in
                            .li(
                                .text("\(person.displayName) (\(person.email)) "),
                                Forms.post(
                                    action: SiteURL.adminOrganizationStaffRemove.path([
                                        "id": id, "user": person.id?.uuidString ?? "",
                                    ]),
                                    context: context, class: "inline-form",
                                    [
                                        .button(
                                            .type(.submit), .class("button button--secondary"),
                                            .text(s["organizations.remove"]),
                                            .span(.class("visually-hidden"), .text(" " + person.displayName)))
                                    ]))
                        })),
                .h2(.text(s["organizations.addStaff"])),
                .p(.text(s["organizations.addStaff.hint"])),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.adminOrganizationStaff.path(["id": id]), context: context,
                    [
                        Forms.field(
                            .init(
                                name: "email", label: s["signUp.email"], type: .email, value: model.email,
                                error: model.errors[field: "email"])),
                        Forms.submit(s["organizations.addStaff.submit"]),
                    ])
            )
        }
    }
}
