import Plot

enum SignIn {
    struct Model: Sendable {
        var email = ""
        var next = ""
        var failed = false
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["signIn.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            let error = model.failed ? s["signIn.failed"] : nil
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                Forms.errorSummary(error.map { [FormError(field: "email", message: $0)] } ?? [], strings: s),
                Forms.post(
                    action: SiteURL.signIn.path, context: context,
                    [
                        .if(!model.next.isEmpty, .input(.type(.hidden), .name("next"), .safeValue(model.next))),
                        Forms.field(
                            .init(
                                name: "email", label: s["signUp.email"], type: .email, value: model.email, error: error,
                                autocomplete: "email")),
                        Forms.field(
                            .init(
                                name: "password", label: s["signUp.password"], type: .password,
                                autocomplete: "current-password")),
                        Forms.submit(s["signIn.submit"]),
                    ]),
                .ul(
                    .class("plain-list"),
                    .li(.a(.href(SiteURL.forgotPassword.path), .text(s["signIn.forgot"]))),
                    .li(.text(s["signIn.noAccount"]), " ", .a(.href(SiteURL.signUp.path), .text(s["signUp.title"]))))
            )
        }
    }
}
