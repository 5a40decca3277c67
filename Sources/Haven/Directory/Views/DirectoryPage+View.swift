import Foundation
import Plot

extension DirectoryPage {
    struct View: PageView {
        var context: PageContext
        var model: Model

        var title: String { context.strings["directory.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .group(
                .h1(.text(title)),
                .p(.class("lead"), .text(s["directory.lead"])),
                Forms.errorSummary(model.errors, strings: s),
                searchForm(),
                .section(
                    .class("results"), .attribute(named: "aria-labelledby", value: "results-heading"),
                    .h2(.id("results-heading"), .text(resultsHeading())),
                    notices(),
                    model.cards.isEmpty
                        ? noResults() : .ol(.class("results__list"), .forEach(model.cards) { .li(card($0)) }),
                    pagination()
                )
            )
        }

        func resultsHeading() -> String {
            let s = context.strings
            let total = model.results.totalItems
            if let place = model.placeFound {
                return s[
                    total == 1 ? "directory.results.oneNear" : "directory.results.countNear",
                    ["count": String(total), "place": place.name, "km": model.form.radius]]
            }
            return s[total == 1 ? "directory.results.one" : "directory.results.count", ["count": String(total)]]
        }

        func notices() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .group(
                .unwrap(model.results.correctedText) { corrected in
                    .p(
                        .class("notice"),
                        .text(s["directory.corrected", ["corrected": corrected, "typed": model.form.q]]))
                },
                .unwrap(model.unknownPlace) { place in
                    .p(.class("notice"), .text(s["directory.unknownPlace", ["place": place]]))
                },
                .if(
                    model.results.crisisPinned,
                    .div(
                        .class("notice notice--urgent"),
                        .p(.strong(.text(s["directory.crisis.lead"]))),
                        .p(
                            .text(s["directory.crisis.more"]), " ",
                            .a(.href(SiteURL.help.path), .text(s["directory.crisis.help"])))
                    ))
            )
        }

        func noResults() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("notice"),
                .p(.text(s["directory.none"])),
                .p(
                    .text(s["directory.none.help"]), " ",
                    .a(.href(SiteURL.help.path), .text(s["directory.crisis.help"])))
            )
        }

        // MARK: The form

        func searchForm() -> Node<HTML.BodyContext> {
            let s = context.strings
            let form = model.form
            // Plot's `.form` only takes form-context children; the page's components are body-context nodes.
            return .element(
                named: "form",
                nodes: [
                    .class("directory-search"), .attribute(named: "action", value: SiteURL.directory.path),
                    .attribute(named: "method", value: "get"), .attribute(named: "role", value: "search"),
                    .div(
                        .class("directory-search__main"),
                        textField(
                            "q", label: s["directory.q.label"], hint: s["directory.q.hint"], value: form.q,
                            type: "search"),
                        textField(
                            "place", label: s["directory.place.label"], hint: s["directory.place.hint"],
                            value: form.place),
                        select(
                            "radius", label: s["directory.radius.label"],
                            options: DirectoryForm.radii.map {
                                Option(value: $0, label: s["directory.radius.km", ["km": $0]])
                            },
                            selected: form.radius, includeAny: false)
                    ),
                    .element(
                        named: "fieldset",
                        nodes: [
                            .class("directory-search__filters"),
                            .element(named: "legend", text: s["directory.filters"]),
                            select("need", label: s["directory.need.label"], options: model.needs, selected: form.need),
                            select(
                                "audience", label: s["directory.audience.label"], options: model.audiences,
                                selected: form.audience),
                            select(
                                "reach", label: s["directory.reach.label"], options: model.reaches, selected: form.reach
                            ),
                            select(
                                "language", label: s["directory.language.label"], options: model.languages,
                                selected: form.language),
                            ageField(),
                            checkbox("free", label: s["directory.free.label"], checked: form.free),
                            checkbox("open", label: s["directory.open.label"], checked: form.open),
                        ]),
                    .if(
                        context.language != Localization.fallbackLanguage,
                        .input(.type(.hidden), .name("lang"), .value(context.language))),
                    .div(
                        .class("button-row"), Forms.submit(s["directory.submit"]),
                        .a(
                            .class("button button--secondary"), .href(SiteURL.directory.path),
                            .text(s["directory.clear"]))),
                ])
        }

        func textField(_ name: String, label: String, hint: String, value: String, type: String = "text") -> Node<
            HTML.BodyContext
        > {
            let id = "field-" + name
            return .div(
                .class("field"),
                .label(.for(id), .text(label)),
                .p(.class("field__hint"), .id(id + "-hint"), .text(hint)),
                .input(
                    .id(id), .name(name), .attribute(named: "type", value: type), .safeValue(value),
                    .attribute(named: "aria-describedby", value: id + "-hint"))
            )
        }

        func ageField() -> Node<HTML.BodyContext> {
            let s = context.strings
            let id = "field-age"
            let error = model.errors[field: "age"]
            return .div(
                .class(error == nil ? "field field--narrow" : "field field--narrow field--error"),
                .label(.for(id), .text(s["directory.age.label"])),
                .unwrap(error) { .p(.class("field__error"), .id(id + "-error"), .text($0)) },
                .input(
                    .id(id), .name("age"), .attribute(named: "inputmode", value: "numeric"), .safeValue(model.form.age),
                    .attribute(named: "size", value: "4"),
                    .attribute(named: "aria-describedby", value: error == nil ? "" : id + "-error"),
                    .attribute(named: "aria-invalid", value: error == nil ? "" : "true"))
            )
        }

        func select(_ name: String, label: String, options: [Option], selected: String, includeAny: Bool = true)
            -> Node<HTML.BodyContext>
        {
            let id = "field-" + name
            return .div(
                .class("field"),
                .label(.for(id), .text(label)),
                .select(
                    .id(id), .attribute(named: "name", value: name),
                    .if(
                        includeAny,
                        .option(value: "", label: context.strings["directory.any"], selected: selected.isEmpty)),
                    .forEach(options) { option in
                        .option(value: option.value, label: option.label, selected: option.value == selected)
                    })
            )
        }

        func checkbox(_ name: String, label: String, checked: Bool) -> Node<HTML.BodyContext> {
            let id = "field-" + name
            return .div(
                .class("field--checkbox"),
                .input(
                    .id(id), .type(.checkbox), .name(name), .value("1"),
                    .attribute(named: "checked", value: checked ? "checked" : "")),
                .label(.for(id), .text(label))
            )
        }

        // MARK: Results

        func card(_ card: Card) -> Node<HTML.BodyContext> {
            let s = context.strings
            let listing = card.listing
            let url = SiteURL.directoryService.path(["id": listing.serviceID.uuidString.lowercased()])
            return .article(
                .class(listing.isCrisisLine ? "card result card--urgent" : "card result"),
                .h3(.a(.safeHref(url), .text(listing.name))),
                .p(.class("result__organization"), .text(listing.organizationName)),
                .unwrap(listing.notice) { notice in
                    .p(.class("result__notice"), .strong(.text(noticeText(notice, listing))))
                },
                .p(.text(listing.summary)),
                .ul(
                    .class("facts"),
                    .li(.class(openClass(card.open)), .text(openText(card.open))),
                    .unwrap(listing.distanceKm) { km in
                        .li(.text(s["directory.distance", ["km": Self.kilometres(km, context.language)]]))
                    },
                    .if(listing.isFree, .li(.text(s["directory.isFree"]))),
                    .if(
                        !card.languages.isEmpty,
                        .li(.text(s["directory.speaks", ["languages": card.languages.joined(separator: ", ")]])))
                ),
                contactButtons(card.phones, name: listing.name)
            )
        }

        func contactButtons(_ phones: [ServiceContacts.Phone], name: String) -> Node<HTML.BodyContext> {
            let s = context.strings
            let links = phones.prefix(3).compactMap { ServicePage.contactLink($0, strings: s) }
            guard !links.isEmpty else { return .empty }
            return .div(
                .class("actions"), .attribute(named: "aria-label", value: s["directory.contact", ["name": name]]),
                .group(links))
        }

        func openText(_ open: Card.Open) -> String {
            let s = context.strings
            switch open {
            case .alwaysOpen: return s["directory.open.always"]
            case .now: return s["directory.open.now"]
            case .opens(let when): return s["directory.open.next", ["when": when]]
            case .unknown: return s["directory.open.unknown"]
            }
        }

        func openClass(_ open: Card.Open) -> String {
            switch open {
            case .alwaysOpen, .now: "facts__open"
            default: "facts__closed"
            }
        }

        func noticeText(_ notice: DirectoryListing.Notice, _ listing: DirectoryListing) -> String {
            Self.noticeText(notice, assuredDate: listing.assuredDate, strings: context.strings)
        }

        static func noticeText(_ notice: DirectoryListing.Notice, assuredDate: String?, strings s: Strings) -> String {
            switch notice {
            case .inactive: s["directory.notice.inactive"]
            case .defunct: s["directory.notice.defunct"]
            case .temporarilyClosed: s["directory.notice.closed"]
            case .unverified: s["directory.notice.unverified"]
            case .stale: s["directory.notice.stale", ["date": assuredDate ?? ""]]
            }
        }

        static func kilometres(_ km: Double, _ language: String) -> String {
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: language)
            formatter.maximumFractionDigits = km < 10 ? 1 : 0
            formatter.minimumFractionDigits = km < 10 ? 1 : 0
            return formatter.string(from: NSNumber(value: km)) ?? String(format: "%.1f", km)
        }

        func pagination() -> Node<HTML.BodyContext> {
            let s = context.strings
            let results = model.results
            guard results.totalPages > 1 else { return .empty }
            func link(_ page: Int) -> String {
                var parameters = model.form.parameters(page: page)
                if context.language != Localization.fallbackLanguage { parameters.append(("lang", context.language)) }
                return SiteURL.directory.path(query: parameters)
            }
            let pages = Set(
                [1, results.totalPages] + Array(max(1, results.page - 2)...min(results.totalPages, results.page + 2))
            ).sorted()
            return .nav(
                .class("pagination"), .attribute(named: "aria-label", value: s["directory.pages"]),
                .ul(
                    .if(
                        results.page > 1,
                        .li(
                            .a(
                                .safeHref(link(results.page - 1)), .attribute(named: "rel", value: "prev"),
                                .text(s["directory.previous"])))),
                    .forEach(pages) { page in
                        page == results.page
                            ? .li(
                                .a(
                                    .safeHref(link(page)), .attribute(named: "aria-current", value: "page"),
                                    .text(s["directory.page", ["page": String(page)]])))
                            : .li(.a(.safeHref(link(page)), .text(s["directory.page", ["page": String(page)]])))
                    },
                    .if(
                        results.page < results.totalPages,
                        .li(
                            .a(
                                .safeHref(link(results.page + 1)), .attribute(named: "rel", value: "next"),
                                .text(s["directory.next"]))))
                ),
                .p(
                    .class("pagination__status"),
                    .text(s["directory.pageOf", ["page": String(results.page), "pages": String(results.totalPages)]]))
            )
        }
    }
}
