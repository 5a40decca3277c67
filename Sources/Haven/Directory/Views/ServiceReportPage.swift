import Plot

/// "Report a problem with this listing": a short form anyone may send (rate-limited); it reaches the
/// moderation queue as a directory correction.
enum ServiceReportPage {
    static let problems = ["phone", "hours", "address", "closed", "other"]

    struct Model: Sendable {
        var serviceID: String
        var serviceName: String
        var problem = ""
        var details = ""
        var errors: [FormError] = []
    }

    struct View: PageView {
        var context: PageContext
        var model: Model

        var title: String { context.strings["directory.report.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            let action = SiteURL.directoryServiceReport.path(["id": model.serviceID])
            let detailsError = model.errors[field: "details"]
            let problemError = model.errors[field: "problem"]
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                .p(.class("lead"), .text(s["directory.report.lead", ["name": model.serviceName]])),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: action, context: context,
                    [
                        .element(
                            named: "fieldset",
                            nodes: [
                                .class(problemError == nil ? "field" : "field field--error"),
                                .id("field-problem"),
                                .element(named: "legend", text: s["directory.report.problem"]),
                                .unwrap(problemError) { .p(.class("field__error"), .text($0)) },
                                .forEach(ServiceReportPage.problems) { problem in
                                    .div(
                                        .class("field--radio"),
                                        .input(
                                            .id("problem-" + problem), .type(.radio), .name("problem"), .value(problem),
                                            .attribute(
                                                named: "checked", value: model.problem == problem ? "checked" : "")),
                                        .label(
                                            .for("problem-" + problem), .text(s["directory.report.problem." + problem]))
                                    )
                                },
                            ]),
                        .div(
                            .class(detailsError == nil ? "field" : "field field--error"),
                            .label(.for("field-details"), .text(s["directory.report.details"])),
                            .p(
                                .class("field__hint"), .id("field-details-hint"),
                                .text(s["directory.report.details.hint"])),
                            .unwrap(detailsError) { .p(.class("field__error"), .id("field-details-error"), .text($0)) },
                            .textarea(
                                .id("field-details"), .name("details"), .attribute(named: "rows", value: "5"),
                                .attribute(named: "maxlength", value: "2000"),
                                .attribute(
                                    named: "aria-describedby",
                                    value: detailsError == nil
                                        ? "field-details-hint" : "field-details-hint field-details-error"),
                                .text(model.details))
                        ),
                        Forms.submit(s["directory.report.submit"]),
                    ]),
                .p(
                    .a(
                        .safeHref(SiteURL.directoryService.path(["id": model.serviceID])),
                        .text(s["directory.report.cancel"])))
            )
        }
    }
}
