import Foundation
import Plot

extension Help {
    struct View: PageView {
        var context: PageContext
        var model: Model

        var title: String { context.strings["help.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            let chosen = model.chosen
            return .group(
                .h1(.text(title)),
                .p(.class("lead"), .text(s["help.lead"])),
                .p(.class("emergency"), .strong(.text(s["help.emergency"]))),
                .if(model.fromFallback, .p(.class("notice"), .text(s["help.fallback"]))),
                .unwrap(
                    model.unknownCountry,
                    { code in .p(.class("notice"), .text(s["help.unknownCountry", ["code": code]])) }),
                chooser(),
                .section(
                    .class("country"), .attribute(named: "aria-labelledby", value: "country-\(chosen.code)"),
                    .h2(.id("country-\(chosen.code)"), .text(s["help.linesIn", ["country": chosen.name]])),
                    chosen.lines.isEmpty
                        ? .p(.class("notice"), .text(s["help.noLines", ["country": chosen.name]]))
                        : lineList(chosen.lines)
                ),
                .if(
                    !model.others.isEmpty,
                    .section(
                        .attribute(named: "aria-labelledby", value: "other-countries"),
                        .h2(.id("other-countries"), .text(s["help.otherCountries"])),
                        .forEach(model.others) { group in
                            .group(
                                .h3(.id("country-\(group.code)"), .text(group.name)),
                                lineList(group.lines, headingLevel: 4)
                            )
                        }
                    ))
            )
        }

        /// A GET form, so choosing a country works without JavaScript and the result can be bookmarked.
        func chooser() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .form(
                .class("chooser"), .action(SiteURL.help.path), .method(.get),
                .label(.for("country"), .text(s["help.chooser.label"])),
                .select(
                    .id("country"), .attribute(named: "name", value: "country"),
                    .forEach(model.chooserOptions) { option in
                        .option(value: option.code, label: option.name, selected: option.code == model.chosenCountry)
                    }
                ),
                .if(
                    context.language != Localization.fallbackLanguage,
                    .input(.type(.hidden), .name("lang"), .value(context.language))),
                .button(.type(.submit), .class("button"), .text(s["help.chooser.submit"]))
            )
        }

        func lineList(_ lines: [CrisisLineSummary], headingLevel: Int = 3) -> Node<HTML.BodyContext> {
            .ul(.class("lines"), .forEach(lines) { line in .li(lineCard(line, headingLevel: headingLevel)) })
        }

        func lineCard(_ line: CrisisLineSummary, headingLevel: Int) -> Node<HTML.BodyContext> {
            let s = context.strings
            let heading: Node<HTML.BodyContext> = headingLevel == 3 ? .h3(.text(line.name)) : .h4(.text(line.name))
            return .article(
                .class("line card"),
                heading,
                .div(
                    .class("actions"),
                    CrisisLineComponents.callButton(line, strings: s),
                    .unwrap(
                        line.chatURL,
                        { url in
                            .a(
                                .class("button button--secondary"), .safeHref(url),
                                .attribute(named: "rel", value: "noreferrer"),
                                .text(s["help.chat"]))
                        })
                ),
                .dl(
                    .unwrap(line.sms, { sms in .group(.dt(.text(s["help.text"])), .dd(.text(sms))) }),
                    .dt(.text(s["help.hours"])),
                    .dd(.text(line.open24x7 ? s["help.open247"] : (line.hours ?? ""))),
                    .if(line.open24x7 && line.hours != nil, .dd(.text(line.hours ?? ""))),
                    .dt(.text(s["help.languages"])),
                    .dd(.text(line.languages.map(model.languageName).joined(separator: ", "))),
                    .dt(.text(s["help.topics"])),
                    .dd(.text(line.topics.joined(separator: ", "))),
                    .unwrap(
                        line.website,
                        { site in
                            .group(
                                .dt(.text(s["help.website"])),
                                .dd(
                                    .a(
                                        .safeHref(site), .attribute(named: "rel", value: "noreferrer"),
                                        .text(Self.displayHost(site)))))
                        })
                ),
                .p(
                    .class("source"),
                    .text(s["help.source"]), " ",
                    .a(
                        .safeHref(line.sourceURL), .attribute(named: "rel", value: "noreferrer"),
                        .text(Self.displayHost(line.sourceURL))),
                    .text(" · " + s["help.verified", ["date": model.date(line.lastVerified)]])
                )
            )
        }

        static func displayHost(_ url: String) -> String {
            guard let host = URL(string: url)?.host else { return url }
            return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        }
    }
}
