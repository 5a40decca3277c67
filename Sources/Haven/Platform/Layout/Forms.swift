import Plot

/// Form components every page shares, so labels, hints, errors and the CSRF field are always done the same
/// way: a real `<label>`, the hint and the error tied to the field with `aria-describedby`, the person's
/// input kept, and `aria-invalid` on a field that needs fixing.
enum Forms {
    /// A POST form. For a signed-in person it carries the token bound to their session.
    static func post(
        action: String, context: PageContext, class className: String = "form",
        _ nodes: [Node<HTML.BodyContext>]
    ) -> Node<HTML.BodyContext> {
        .element(
            named: "form",
            nodes: [
                .attribute(named: "action", value: HTMLEscape.attribute(action)),
                .attribute(named: "method", value: "post"),
                .class(className),
                .unwrap(context.csrfToken) { token in
                    .input(.type(.hidden), .name(RequestForgeryMiddleware.formField), .safeValue(token))
                },
            ] + nodes)
    }

    struct Field {
        var name: String
        var label: String
        var type: HTMLInputType = .text
        var value: String = ""
        var error: String?
        var hint: String?
        var autocomplete: String?
        var required = true
    }

    static func field(_ field: Field) -> Node<HTML.BodyContext> {
        let id = "field-" + field.name
        let described = [field.hint.map { _ in id + "-hint" }, field.error.map { _ in id + "-error" }]
            .compactMap { $0 }.joined(separator: " ")
        // Passwords are never sent back to the browser.
        let value = field.type == .password ? "" : field.value
        return .div(
            .class(field.error == nil ? "field" : "field field--error"),
            .label(.for(id), .text(field.label)),
            .unwrap(field.hint) { .p(.class("field__hint"), .id(id + "-hint"), .text($0)) },
            .unwrap(field.error) { .p(.class("field__error"), .id(id + "-error"), .text($0)) },
            .input(
                .id(id), .name(field.name), .type(field.type), .safeValue(value),
                .required(field.required),
                // Plot leaves out an attribute whose value is empty.
                .attribute(named: "autocomplete", value: field.autocomplete ?? ""),
                .attribute(named: "aria-describedby", value: described),
                .attribute(named: "aria-invalid", value: field.error == nil ? "" : "true"))
        )
    }

    /// "There is a problem" at the top of a form, each error a link to its field (GOV.UK's pattern).
    static func errorSummary(_ errors: [FormError], strings s: Strings) -> Node<HTML.BodyContext> {
        guard !errors.isEmpty else { return .empty }
        return .div(
            .class("error-summary"), .attribute(named: "role", value: "alert"),
            .h2(.text(s["form.errorSummary"])),
            .ul(.forEach(errors) { error in .li(.a(.href("#field-" + error.field), .text(error.message))) })
        )
    }

    static func submit(_ label: String, class className: String = "button") -> Node<HTML.BodyContext> {
        .button(.type(.submit), .class(className), .text(label))
    }
}

/// A message about one field of a submitted form.
struct FormError: Sendable, Equatable {
    var field: String
    var message: String
}

extension Array where Element == FormError {
    subscript(field field: String) -> String? { first { $0.field == field }?.message }
}
