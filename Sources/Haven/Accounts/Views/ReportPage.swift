import Plot

/// "Report this": why, and anything the moderators should know.
enum ReportPage {
    struct Model: Sendable {
        var kind: String
        var subject: String
        var reason = ""
        var details = ""
        var errors: [FormError] = []
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["report.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            let error = model.errors[field: "reason"]
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                .p(.text(s["report.intro"])),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.report.path, context: context,
                    [
                        .input(.type(.hidden), .name("kind"), .safeValue(model.kind)),
                        .input(.type(.hidden), .name("subject"), .safeValue(model.subject)),
                        .element(
                            named: "fieldset",
                            nodes: [
                                .id("field-reason"),
                                .class(error == nil ? "field" : "field field--error"),
                                .element(named: "legend", text: s["report.reason"]),
                                .unwrap(error) { .p(.class("field__error"), .text($0)) },
                                .forEach(ModerationReason.reportable) { reason in
                                    .div(
                                        .class("field--radio"),
                                        .input(
                                            .type(.radio), .name("reason"), .id("reason-\(reason.rawValue)"),
                                            .value(reason.rawValue),
                                            .checked(model.reason == reason.rawValue)),
                                        .label(
                                            .for("reason-\(reason.rawValue)"),
                                            .text(s["report.reason.\(reason.rawValue)"])))
                                },
                            ]),
                        .div(
                            .class("field"),
                            .label(.for("field-details"), .text(s["report.details"])),
                            .p(.class("field__hint"), .id("field-details-hint"), .text(s["report.details.hint"])),
                            .textarea(
                                .id("field-details"), .name("details"), .attribute(named: "rows", value: "4"),
                                .attribute(named: "aria-describedby", value: "field-details-hint"), .text(model.details)
                            )),
                        Forms.submit(s["report.submit"]),
                    ])
            )
        }
    }
}
