import Foundation
import Plot

/// `/directory/services/{id}`: everything a person needs to decide and to reach the service.
enum ServicePage {
    /// "Call 715 555 0101" as a `tel:` button, or "Text 741741" as an `sms:` one; nil for a number that
    /// cannot be dialled. The search results show the same buttons.
    static func contactLink(_ phone: ServiceContacts.Phone, strings s: Strings) -> Node<HTML.BodyContext>? {
        guard let digits = DirectoryLinks.dialable(phone.number) else { return nil }
        let number = displayNumber(phone)
        return phone.isText
            ? .a(
                .class("button button--secondary"), .href("sms:" + digits),
                .text(s["directory.textNumber", ["number": number]]))
            : .a(
                .class("button button--call"), .href("tel:" + digits),
                .text(s["directory.callNumber", ["number": number]]))
    }

    /// The number as written, without the quotes some HSDS data wraps it in.
    static func displayNumber(_ phone: ServiceContacts.Phone) -> String {
        phone.number.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }

    struct Model: Sendable {
        var detail: ServiceDetail
        var notice: DirectoryListing.Notice?
        var now: Date
        var reported: Bool
    }

    struct View: PageView {
        var context: PageContext
        var model: Model

        var title: String { model.detail.name }
        private var s: Strings { context.strings }
        private var service: HSDSRow { model.detail.service }

        func content() -> Node<HTML.BodyContext> {
            let detail = model.detail
            return .group(
                .p(.class("breadcrumb"), .a(.href(SiteURL.directory.path), .text(s["directory.back"]))),
                .h1(.text(detail.name)),
                .unwrap(detail.organization?["name"]?.text) {
                    .p(.class("lead"), .text(s["directory.service.by", ["organization": $0]]))
                },
                .if(
                    model.reported,
                    .p(
                        .class("notice"), .attribute(named: "role", value: "status"),
                        .text(s["directory.report.thanks"]))),
                .unwrap(model.notice) { notice in
                    .p(
                        .class("notice notice--urgent"),
                        .strong(
                            .text(
                                DirectoryPage.View.noticeText(
                                    notice, assuredDate: service["assured_date"]?.text, strings: s))))
                },
                .unwrap(service["alert"]?.text) { .p(.class("notice"), .text($0)) },
                reach(),
                .section(
                    .attribute(named: "aria-labelledby", value: "what"),
                    .h2(.id("what"), .text(s["directory.service.what"])),
                    .p(.text(service["description"]?.text ?? "")),
                    .if(!detail.terms.isEmpty, .ul(.class("tags"), .forEach(termNames()) { .li(.text($0)) }))
                ),
                whoFor(),
                places(),
                costAndLanguages(),
                .p(.class("source"), .text(verifiedText())),
                .p(
                    .a(
                        .class("button button--secondary"),
                        .safeHref(SiteURL.directoryServiceReport.path(["id": detail.id.uuidString.lowercased()])),
                        .text(s["directory.report.link"])))
            )
        }

        func termNames() -> [String] {
            model.detail.terms.map { term in
                term.code.map { code in
                    let key = "directory.term." + code
                    let label = s[key]
                    return label == key ? term.name : label
                } ?? term.name
            }
        }

        func verifiedText() -> String {
            guard let date = service["assured_date"]?.text else { return s["directory.notice.unverified"] }
            return s["directory.service.verified", ["date": date]]
        }

        /// How to reach it: each phone or text number as a button with what it is for, the service's hours
        /// beside them, web and mail.
        func reach() -> Node<HTML.BodyContext> {
            let detail = model.detail
            let hours = detail.contacts.hours
            return .section(
                .class("card"), .attribute(named: "aria-labelledby", value: "reach"),
                .h2(.id("reach"), .text(s["directory.service.reach"])),
                .ul(
                    .class("plain-list"),
                    .forEach(detail.contacts.phones) { phone in
                        .li(
                            phoneLink(phone),
                            .unwrap(phone.description) { .text(" " + $0) })
                    },
                    .forEach(detail.links) { link in
                        .li(
                            .a(
                                .safeHref(link.url), .attribute(named: "rel", value: "noreferrer"),
                                .text(link.label ?? Self.host(link.url))))
                    },
                    .forEach(detail.emails) { email in
                        .li(.a(.safeHref("mailto:" + email), .text(email)))
                    }
                ),
                .if(!hours.isEmpty, hoursTable(hours, caption: s["directory.service.hours"]))
            )
        }

        func phoneLink(_ phone: ServiceContacts.Phone) -> Node<HTML.BodyContext> {
            ServicePage.contactLink(phone, strings: s) ?? .text(ServicePage.displayNumber(phone))
        }

        static func host(_ url: String) -> String {
            guard let host = URL(string: url)?.host else { return url }
            return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        }

        /// The week's hours with today marked in words (not only by colour), in the listing's time zone.
        func hoursTable(_ hours: OpeningHours, caption: String) -> Node<HTML.BodyContext> {
            let today = hours.local(model.now)
            let weekly = hours.weeklyHours(on: today.day)
            let zone = OpeningText.zoneName(hours.timeZone, language: context.language)
            let openNow = hours.isOpen(at: model.now)
            return .div(
                .class("table-scroll"),
                .p(
                    .strong(
                        .text(
                            hours.isAlwaysOpen
                                ? s["directory.open.always"]
                                : (openNow ? s["directory.open.now"] : s["directory.open.closedNow"])))),
                .table(
                    .class("hours"),
                    .caption(.text(caption + " (" + zone + ")")),
                    .forEach(1...7) { weekday in
                        let ranges = weekly[weekday] ?? []
                        let isToday = weekday == today.weekday
                        let text =
                            ranges.isEmpty
                            ? s["directory.hours.closed"]
                            : ranges.map {
                                $0 == 0...1440
                                    ? s["directory.hours.allDay"] : OpeningText.range($0, language: context.language)
                            }
                            .joined(separator: ", ")
                        let day =
                            OpeningText.weekday(weekday, language: context.language)
                            + (isToday ? " " + s["directory.hours.today"] : "")
                        return .tr(
                            .class(isToday ? "hours__today" : ""),
                            .th(.attribute(named: "scope", value: "row"), .text(day)),
                            .td(.text(text)))
                    }
                ),
                .forEach(hours.exceptions.filter { $0.date >= today.day }.prefix(5)) { exception in
                    .p(
                        .text(
                            exception.opens == nil
                                ? s["directory.hours.closedOn", ["date": exception.date]]
                                : s[
                                    "directory.hours.specialOn",
                                    [
                                        "date": exception.date,
                                        "hours": OpeningText.range(
                                            exception.opens!...(exception.closes ?? exception.opens!),
                                            language: context.language),
                                    ]]))
                }
            )
        }

        func whoFor() -> Node<HTML.BodyContext> {
            let minimum = service["minimum_age"]?.number.map { Int($0) }
            let maximum = service["maximum_age"]?.number.map { Int($0) }
            let eligibility = service["eligibility_description"]?.text
            guard minimum != nil || maximum != nil || eligibility != nil else { return .empty }
            var ages: String?
            switch (minimum, maximum) {
            case (let low?, let high?): ages = s["directory.ages.range", ["min": String(low), "max": String(high)]]
            case (let low?, nil): ages = s["directory.ages.min", ["min": String(low)]]
            case (nil, let high?): ages = s["directory.ages.max", ["max": String(high)]]
            default: break
            }
            return .section(
                .attribute(named: "aria-labelledby", value: "who"),
                .h2(.id("who"), .text(s["directory.service.who"])),
                .unwrap(ages) { .p(.text($0)) },
                .unwrap(eligibility) { .p(.text($0)) }
            )
        }

        func places() -> Node<HTML.BodyContext> {
            let places = model.detail.places.filter { !$0.address.isEmpty || $0.hours != nil }
            guard !places.isEmpty else { return .empty }
            return .section(
                .attribute(named: "aria-labelledby", value: "where"),
                .h2(.id("where"), .text(s["directory.service.where"])),
                .forEach(places) { place in
                    .div(
                        .class("card"),
                        .unwrap(place.name) { .h3(.text($0)) },
                        .if(
                            !place.address.isEmpty,
                            .element(
                                named: "address",
                                nodes: [.forEach(place.address) { line in .group(.text(line), .br()) }])),
                        .unwrap(place.transportation) { .p(.text($0)) },
                        .if(
                            !place.accessibility.isEmpty,
                            .group(
                                .h4(.text(s["directory.service.access"])),
                                .ul(.forEach(place.accessibility) { .li(.text($0)) }))),
                        .unwrap(place.hours) { hoursTable($0, caption: s["directory.service.hoursHere"]) }
                    )
                }
            )
        }

        func costAndLanguages() -> Node<HTML.BodyContext> {
            let detail = model.detail
            let languages = detail.contacts.languages.map { LanguageCodes.name($0, in: context.language) }
            return .section(
                .attribute(named: "aria-labelledby", value: "cost"),
                .h2(.id("cost"), .text(s["directory.service.costLanguages"])),
                .dl(
                    .dt(.text(s["directory.service.cost"])),
                    .if(
                        detail.costs.isEmpty,
                        .dd(.text(service["fees_description"]?.text ?? s["directory.service.costUnknown"]))),
                    .forEach(detail.costs) { cost in
                        .dd(.text(costText(cost)))
                    },
                    .dt(.text(s["directory.service.languages"])),
                    .dd(
                        .text(
                            languages.isEmpty
                                ? s["directory.service.languagesUnknown"] : languages.joined(separator: ", ")))
                )
            )
        }

        func costText(_ cost: ServiceDetail.Cost) -> String {
            if cost.amount == 0 { return s["directory.isFree"] + (cost.description.map { " — " + $0 } ?? "") }
            var parts: [String] = []
            if let option = cost.option { parts.append(option) }
            if let amount = cost.amount {
                let formatter = NumberFormatter()
                formatter.numberStyle = .currency
                formatter.locale = Locale(identifier: context.language)
                formatter.currencyCode = cost.currency?.uppercased() ?? "USD"
                parts.append(formatter.string(from: NSNumber(value: amount)) ?? HSDSValue.format(amount))
            }
            if let description = cost.description { parts.append(description) }
            return parts.joined(separator: " — ")
        }
    }
}
