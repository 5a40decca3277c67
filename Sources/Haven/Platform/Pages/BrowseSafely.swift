import Plot

/// Explains what the quick exit does, and honestly what it cannot hide, for people on shared or watched devices.
enum BrowseSafely {
    struct View: PageView {
        var context: PageContext

        var title: String { context.strings["safely.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .group(
                .h1(.text(title)),
                .p(.class("lead"), .text(s["safely.lead"])),
                .h2(.text(s["safely.exit.heading"])),
                .p(.text(s["safely.exit.text"])),
                .ul(
                    .li(.text(s["safely.exit.click"])),
                    .li(.text(s["safely.exit.shift"])),
                    .li(.text(s["safely.exit.noScript"]))
                ),
                .h2(.text(s["safely.cannot.heading"])),
                .ul(
                    .li(.text(s["safely.cannot.history"])),
                    .li(.text(s["safely.cannot.otherTabs"])),
                    .li(.text(s["safely.cannot.network"])),
                    .li(.text(s["safely.cannot.monitoring"]))
                ),
                .h2(.text(s["safely.private.heading"])),
                .ul(
                    .li(.text(s["safely.private.window"])),
                    .li(.text(s["safely.private.clear"])),
                    .li(.text(s["safely.private.device"]))
                ),
                .h2(.text(s["safely.haven.heading"])),
                .p(.text(s["safely.haven.text"]))
            )
        }
    }
}
