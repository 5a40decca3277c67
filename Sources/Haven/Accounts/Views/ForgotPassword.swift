import Plot

enum ForgotPassword {
    struct Model: Sendable {
        var email = ""
        var errors: [FormError] = []
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["forgot.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                .p(.text(s["forgot.intro"])),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.forgotPassword.path, context: context,
                    [
                        Forms.field(
                            .init(
                                name: "email", label: s["signUp.email"], type: .email, value: model.email,
                                error: model.errors[field: "email"], autocomplete: "email")),
                        Forms.submit(s["forgot.submit"]),
                    ])
            )
        }
    }
}

enum ResetPassword {
    struct Model: Sendable {
        var token: String
        var errors: [FormError] = []
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["reset.title"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("narrow"),
                .h1(.text(title)),
                .p(.text(s["reset.intro"])),
                Forms.errorSummary(model.errors, strings: s),
                Forms.post(
                    action: SiteURL.resetPassword.path, context: context,
                    [
                        .input(.type(.hidden), .name("token"), .safeValue(model.token)),
                        Forms.field(
                            .init(
                                name: "password", label: s["reset.password"], type: .password,
                                error: model.errors[field: "password"], hint: s["signUp.password.hint"],
                                autocomplete: "new-password")),
                        Forms.submit(s["reset.submit"]),
                    ])
            )
        }
    }
}
