import Plot

/// A short page that says what happened and what to do next ("check your inbox", "address confirmed"),
/// optionally with a one-button form (confirming a mailed link is a POST, so a mail scanner that opens
/// links cannot use them up).
enum Notice {
    struct FormAction: Sendable {
        var action: String
        var button: String
        var hidden: [(String, String)]
    }

    struct Model: Sendable {
        var title: String
        var paragraphs: [String]
        var links: [(label: String, url: String)] = []
        var form: FormAction? = nil
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { model.title }

        func content() -> Node<HTML.BodyContext> {
            .div(
                .class("narrow"),
                .h1(.text(model.title)),
                .forEach(model.paragraphs) { .p(.text($0)) },
                .unwrap(model.form) { form in
                    Forms.post(
                        action: form.action, context: context,
                        [
                            .forEach(form.hidden) { .input(.type(.hidden), .name($0.0), .safeValue($0.1)) },
                            Forms.submit(form.button),
                        ])
                },
                .if(
                    !model.links.isEmpty,
                    .ul(.class("plain-list"), .forEach(model.links) { .li(.a(.safeHref($0.url), .text($0.label))) }))
            )
        }
    }
}
