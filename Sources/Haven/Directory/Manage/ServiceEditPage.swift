import Foundation
import Plot

/// The organizer's form for one service: what it is, phones, weekly hours and place, each problem shown
/// next to its field with what was typed kept.
enum ServiceEditPage {
    struct Model: Sendable {
        var edit: ServiceEdit
        var serviceID: UUID?
        var organizationID: UUID
        var organizationName: String
        var errors: [FormError]
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        private var s: Strings { context.strings }
        private var edit: ServiceEdit { model.edit }

        var title: String {
            model.serviceID == nil
                ? s["directory.edit.newTitle", ["organization": model.organizationName]]
                : s["directory.edit.title", ["name": edit.name]]
        }

        func content() -> Node<HTML.BodyContext> {
            let action =
                model.serviceID.map { SiteURL.directoryManageService.path(["id": $0.uuidString.lowercased()]) }
                ?? SiteURL.directoryManageNew.path
            return .group(
                .p(.a(.href(SiteURL.directoryManage.path), .text(s["directory.manage.back"]))),
                .h1(.text(title)),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: action, context: context,
                    [
                        .input(
                            .type(.hidden), .name("organization"),
                            .safeValue(model.organizationID.uuidString.lowercased())),
                        about(), phones(), hours(), place(),
                        Forms.submit(s["directory.edit.save"]),
                    ]),
                .unwrap(model.serviceID) { id in
                    .p(
                        .a(
                            .safeHref(SiteURL.directoryService.path(["id": id.uuidString.lowercased()])),
                            .text(s["directory.edit.view"])))
                }
            )
        }

        func field(
            _ name: String, _ label: String, _ value: String, hint: String? = nil, required: Bool = false,
            type: HTMLInputType = .text
        )
            -> Node<HTML.BodyContext>
        {
            Forms.field(
                .init(
                    name: name, label: label, type: type, value: value, error: model.errors[field: name], hint: hint,
                    required: required))
        }

        func textArea(_ name: String, _ label: String, _ value: String, hint: String? = nil) -> Node<HTML.BodyContext> {
            let id = "field-" + name
            let error = model.errors[field: name]
            let described = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }.joined(
                separator: " ")
            return .div(
                .class(error == nil ? "field" : "field field--error"),
                .label(.for(id), .text(label)),
                .unwrap(hint) { .p(.class("field__hint"), .id(id + "-hint"), .text($0)) },
                .unwrap(error) { .p(.class("field__error"), .id(id + "-error"), .text($0)) },
                .textarea(
                    .id(id), .name(name), .attribute(named: "rows", value: "5"),
                    .attribute(named: "aria-describedby", value: described),
                    .attribute(named: "aria-invalid", value: error == nil ? "" : "true"), .text(value))
            )
        }

        func select(_ name: String, _ label: String, _ options: [(String, String)], _ selected: String) -> Node<
            HTML.BodyContext
        > {
            let id = "field-" + name
            let error = model.errors[field: name]
            return .div(
                .class(error == nil ? "field" : "field field--error"),
                .label(.for(id), .text(label)),
                .unwrap(error) { .p(.class("field__error"), .id(id + "-error"), .text($0)) },
                .select(
                    .id(id), .attribute(named: "name", value: name),
                    .forEach(options) { option in
                        .option(value: option.0, label: option.1, selected: option.0 == selected)
                    })
            )
        }

        func checkbox(_ name: String, _ label: String, _ checked: Bool) -> Node<HTML.BodyContext> {
            .div(
                .class("field--checkbox"),
                .input(
                    .id("field-" + name), .type(.checkbox), .name(name), .value("1"),
                    .attribute(named: "checked", value: checked ? "checked" : "")),
                .label(.for("field-" + name), .text(label)))
        }

        func group(_ legend: String, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
            .element(named: "fieldset", nodes: [.class("edit-group"), .element(named: "legend", text: legend)] + nodes)
        }

        func about() -> Node<HTML.BodyContext> {
            group(
                s["directory.edit.about"],
                [
                    field("name", s["directory.edit.name"], edit.name, required: true),
                    textArea(
                        "description", s["directory.edit.description"], edit.description,
                        hint: s["directory.edit.description.hint"]),
                    select(
                        "status", s["directory.edit.status"],
                        ServiceEdit.statuses.map {
                            ($0, s["directory.edit.status." + $0.replacingOccurrences(of: " ", with: "")])
                        }, edit.status),
                    field("url", s["directory.edit.url"], edit.url, hint: s["directory.edit.url.hint"]),
                    field("email", s["directory.edit.email"], edit.email, type: .email),
                    field("minimum_age", s["directory.edit.minimumAge"], edit.minimumAge),
                    field("maximum_age", s["directory.edit.maximumAge"], edit.maximumAge),
                    textArea("eligibility", s["directory.edit.eligibility"], edit.eligibility),
                    checkbox("free", s["directory.free.label"], edit.free),
                    field("fees_description", s["directory.edit.fees"], edit.feesDescription),
                    field(
                        "languages", s["directory.edit.languages"], edit.languages,
                        hint: s["directory.edit.languages.hint"]),
                ])
        }

        func phones() -> Node<HTML.BodyContext> {
            group(
                s["directory.edit.phones"],
                [.p(.class("field__hint"), .text(s["directory.edit.phones.hint"]))]
                    + edit.phones.enumerated().map { index, phone in
                        .div(
                            .class("edit-row"),
                            field(
                                "phone\(index)_number", s["directory.edit.phoneNumber", ["n": String(index + 1)]],
                                phone.number),
                            select(
                                "phone\(index)_type", s["directory.edit.phoneType", ["n": String(index + 1)]],
                                ServiceEdit.phoneTypes.map { ($0, s["directory.edit.phoneType." + $0]) }, phone.type),
                            field(
                                "phone\(index)_description",
                                s["directory.edit.phoneDescription", ["n": String(index + 1)]], phone.description))
                    })
        }

        func hours() -> Node<HTML.BodyContext> {
            group(
                s["directory.edit.hours"],
                [
                    .p(.class("field__hint"), .text(s["directory.edit.hours.hint"])),
                    checkbox("always_open", s["directory.edit.alwaysOpen"], edit.alwaysOpen),
                    field(
                        "timezone", s["directory.edit.timezone"], edit.timeZone, hint: s["directory.edit.timezone.hint"]
                    ),
                    .div(
                        .class("table-scroll"),
                        .table(
                            .class("hours-edit"),
                            .caption(.text(s["directory.edit.weekly"])),
                            .thead(
                                .tr(
                                    .th(.attribute(named: "scope", value: "col"), .text(s["directory.edit.day"])),
                                    .th(.attribute(named: "scope", value: "col"), .text(s["directory.edit.opens"])),
                                    .th(.attribute(named: "scope", value: "col"), .text(s["directory.edit.closes"])),
                                    .th(
                                        .attribute(named: "scope", value: "col"), .text(s["directory.edit.opensAgain"])),
                                    .th(
                                        .attribute(named: "scope", value: "col"), .text(s["directory.edit.closesAgain"])
                                    ))),
                            .tbody(
                                .forEach(Array(ServiceEdit.dayCodes.enumerated())) { index, code in
                                    let day = edit.days[index]
                                    let name = OpeningText.weekday(index + 1, language: context.language)
                                    return .tr(
                                        .th(.attribute(named: "scope", value: "row"), .text(name)),
                                        timeCell(
                                            "\(code)_opens1", day.opens1, s["directory.edit.opensOn", ["day": name]]),
                                        timeCell(
                                            "\(code)_closes1", day.closes1, s["directory.edit.closesOn", ["day": name]]),
                                        timeCell(
                                            "\(code)_opens2", day.opens2,
                                            s["directory.edit.opensAgainOn", ["day": name]]),
                                        timeCell(
                                            "\(code)_closes2", day.closes2,
                                            s["directory.edit.closesAgainOn", ["day": name]]))
                                })
                        )),
                ])
        }

        func timeCell(_ name: String, _ value: String, _ label: String) -> Node<HTML.TableRowContext> {
            let error = model.errors[field: name]
            return .td(
                .class(error == nil ? "" : "field--error"),
                .label(.for("field-" + name), .class("visually-hidden"), .text(label)),
                .unwrap(error) { .p(.class("field__error"), .id("field-\(name)-error"), .text($0)) },
                .input(
                    .id("field-" + name), .name(name), .attribute(named: "type", value: "time"), .safeValue(value),
                    .attribute(named: "aria-describedby", value: error == nil ? "" : "field-\(name)-error"),
                    .attribute(named: "aria-invalid", value: error == nil ? "" : "true")))
        }

        func place() -> Node<HTML.BodyContext> {
            group(
                s["directory.edit.place"],
                [
                    .p(.class("field__hint"), .text(s["directory.edit.place.hint"])),
                    select(
                        "location_type", s["directory.edit.locationType"],
                        [
                            ("physical", s["directory.edit.locationType.physical"]),
                            ("virtual", s["directory.edit.locationType.virtual"]),
                        ], edit.locationType),
                    field("location_name", s["directory.edit.locationName"], edit.locationName),
                    field("address", s["directory.edit.address"], edit.address),
                    field("city", s["directory.edit.city"], edit.city),
                    field("region", s["directory.edit.region"], edit.region),
                    field("postal_code", s["directory.edit.postalCode"], edit.postalCode),
                    field("country", s["directory.edit.country"], edit.country, hint: s["directory.edit.country.hint"]),
                    field(
                        "latitude", s["directory.edit.latitude"], edit.latitude,
                        hint: s["directory.edit.coordinates.hint"]),
                    field("longitude", s["directory.edit.longitude"], edit.longitude),
                ])
        }
    }
}
