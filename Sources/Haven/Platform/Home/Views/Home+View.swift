import Plot

extension Home {
    struct View: PageView {
        var context: PageContext
        var model: Model

        var title: String { context.strings["home.title"] }

        func content() -> Node<HTML.BodyContext> {
            .group(intro(), talkNow(), offers())
        }

        func intro() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("intro"),
                .h1(.text(s["home.heading"])),
                .p(.class("lead"), .text(s["home.lead"]))
            )
        }

        func talkNow() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .section(
                .class("card card--urgent"), .attribute(named: "aria-labelledby", value: "talk-now"),
                .h2(.id("talk-now"), .text(s["home.talkNow.heading"])),
                .unwrap(
                    model.banner,
                    { line in
                        .group(
                            .p(.text(s["home.talkNow.line", ["name": line.name]])),
                            .div(
                                .class("actions"),
                                CrisisLineComponents.callButton(line, strings: s),
                                .unwrap(line.sms, { sms in .p(.class("sms"), .text(sms)) })
                            )
                        )
                    }, else: .p(.text(s["home.talkNow.noLine"]))),
                .p(.a(.href(SiteURL.help.path), .text(s["home.talkNow.allLines"])))
            )
        }

        func offers() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .section(
                .attribute(named: "aria-labelledby", value: "offers"),
                .h2(.id("offers"), .text(s["home.offers.heading"])),
                .ul(
                    .class("offers"),
                    .forEach(model.offers) { offer in
                        .li(
                            .class("card"),
                            .h3(.a(.href(offer.url.path), .text(s[offer.titleKey]))),
                            .p(.text(s[offer.textKey]))
                        )
                    }
                )
            )
        }
    }
}
