import Plot

enum SignUp {
    struct Model: Sendable {
        var displayName = ""
        var email = ""
        var errors: [FormError] = []
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["signUp.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                .p(.text(s["signUp.intro"])),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.signUp.path, context: context,
                    [
                        Forms.field(
                            .init(
                                name: "display_name", label: s["signUp.displayName"], value: model.displayName,
                                error: model.errors[field: "display_name"], hint: s["signUp.displayName.hint"],
                                autocomplete: "nickname")),
                        Forms.field(
                            .init(
                                name: "email", label: s["signUp.email"], type: .email, value: model.email,
                                error: model.errors[field: "email"], hint: s["signUp.email.hint"], autocomplete: "email"
                            )),
                        Forms.field(
                            .init(
                                name: "password", label: s["signUp.password"], type: .password,
                                error: model.errors[field: "password"], hint: s["signUp.password.hint"],
                                autocomplete: "new-password")),
                        Forms.submit(s["signUp.submit"]),
                    ]),
                .p(.text(s["signUp.haveAccount"]), " ", .a(.href(SiteURL.signIn.path), .text(s["nav.signIn"])))
            )
        }
    }
}
