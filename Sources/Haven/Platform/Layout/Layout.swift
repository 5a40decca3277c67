import Plot
import Vapor

/// The page shell every page is rendered in: skip link, quick exit, header and navigation, the crisis
/// banner, main content and footer. Keeping it in one place is what guarantees the banner and the quick
/// exit are on every page, in the same place.
protocol PageView {
    var context: PageContext { get }
    /// The page's own title; the layout adds the site name.
    var title: String { get }
    func content() -> Node<HTML.BodyContext>
}

extension PageView {
    func document() -> HTML {
        Layout.document(title: title, context: context, content: content())
    }

    func page(status: HTTPStatus = .ok) -> Page {
        Page(document(), status: status)
    }
}

enum Layout {
    /// Navigation lists only capabilities that exist; each capability adds itself here when it lands.
    static let navigation: [(key: String, url: SiteURL)] = [
        ("nav.home", .home),
        ("nav.help", .help),
        ("nav.directory", .directory),
        ("nav.browseSafely", .browseSafely),
    ]

    static func document(title: String, context: PageContext, content: Node<HTML.BodyContext>) -> HTML {
        let s = context.strings
        return HTML(
            .attribute(named: "lang", value: context.language),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                // Plot's .title() also writes social-network meta tags; a plain <title> is all Haven wants.
                .element(named: "title", text: "\(title) · \(s["site.name"])"),
                .meta(.name("referrer"), .content("no-referrer")),
                .stylesheet(SiteURL.stylesheet.path),
                .script(
                    .src(SiteURL.quickExitScript.path),
                    .attribute(named: "defer", value: nil, ignoreIfValueIsEmpty: false))
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text(s["layout.skipLink"])),
                header(context),
                crisisBanner(context),
                .main(.id("main"), .attribute(named: "tabindex", value: "-1"), content),
                footer(context)
            )
        )
    }

    static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        let s = context.strings
        return .header(
            .class("site-header"),
            .div(
                .class("site-header__inner"),
                .a(.class("site-name"), .href(SiteURL.home.path), .text(s["site.name"])),
                quickExit(context)
            ),
            .nav(
                .class("site-nav"), .attribute(named: "aria-label", value: s["nav.label"]),
                .ul(
                    .forEach(navigation) { item in
                        .li(
                            .a(
                                .href(item.url.path), .text(s[item.key]),
                                .if(context.path == item.url.path, .attribute(named: "aria-current", value: "page"))
                            ))
                    },
                    accountLinks(context))
            )
        )
    }

    /// "Sign in" for readers; for a signed-in person their account, the queue or admin pages their role
    /// opens, and sign-out (a POST form: signing out changes state).
    static func accountLinks(_ context: PageContext) -> Node<HTML.ListContext> {
        let s = context.strings
        guard let viewer = context.viewer else {
            return .li(.class("site-nav__account"), .a(.href(SiteURL.signIn.path), .text(s["nav.signIn"])))
        }
        func link(_ key: String, _ url: SiteURL) -> Node<HTML.ListContext> {
            .li(
                .a(
                    .href(url.path), .text(s[key]),
                    .if(context.path == url.path, .attribute(named: "aria-current", value: "page"))))
        }
        return .group(
            .if(Access.organizer.allows(viewer.role), link("nav.listings", .directoryManage)),
            .if(Access.moderator.allows(viewer.role), link("nav.moderation", .moderation)),
            .if(Access.admin.allows(viewer.role), link("nav.admin", .admin)),
            link("nav.account", .account),
            .li(
                .class("site-nav__account"),
                Forms.post(
                    action: SiteURL.signOut.path, context: context, class: "sign-out",
                    [Forms.submit(s["nav.signOut"], class: "link-button")]))
        )
    }

    /// Works without JavaScript as a plain link to a neutral site. `quick-exit.js` adds the rest: the page is
    /// blanked at once, replaced with `location.replace` (no history entry), and three presses of Shift do the same.
    static func quickExit(_ context: PageContext) -> Node<HTML.BodyContext> {
        let s = context.strings
        return .div(
            .class("quick-exit"),
            .a(
                .class("quick-exit__button"), .safeHref(context.quickExitURL),
                .attribute(named: "rel", value: "noreferrer"),
                .attribute(named: "data-quick-exit", value: "true"),
                .text(s["quickExit.button"]),
                .span(.class("visually-hidden"), .text(s["quickExit.hiddenExplanation"]))
            ),
            .p(
                .class("quick-exit__hint"), .attribute(named: "hidden", value: "", ignoreIfValueIsEmpty: false),
                .text(s["quickExit.shiftHint"]))
        )
    }

    static func crisisBanner(_ context: PageContext) -> Node<HTML.BodyContext> {
        let s = context.strings
        let helpLink = Node<HTML.BodyContext>.a(.href(SiteURL.help.path), .text(s["banner.otherCountries"]))
        return .aside(
            .class("crisis-banner"), .attribute(named: "aria-label", value: s["banner.label"]),
            .p(
                .strong(.text(s["banner.lead"])), " ",
                .unwrap(
                    context.banner,
                    { line in
                        .group(
                            .unwrap(
                                line.dialable,
                                { number in
                                    .group(
                                        .text(s["banner.call"]), " ",
                                        .a(
                                            .class("crisis-banner__number"), .href("tel:\(number)"),
                                            .text(line.phone ?? number)),
                                        " ")
                                }),
                            .text(s["banner.lineName", ["name": line.name]]), " "
                        )
                    }, else: .text(s["banner.noLine"] + " ")),
                helpLink
            )
        )
    }

    static func footer(_ context: PageContext) -> Node<HTML.BodyContext> {
        let s = context.strings
        return .footer(
            .class("site-footer"),
            .p(.text(s["footer.privacy"]), " ", .a(.href(SiteURL.browseSafely.path), .text(s["footer.browseSafely"]))),
            .p(.text(s["footer.emergency"]))
        )
    }
}
