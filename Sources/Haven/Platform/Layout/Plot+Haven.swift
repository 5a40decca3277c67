import Plot

extension Node where Context == HTML.SelectContext {
    /// `<option value="GB">United Kingdom</option>`: Plot only offers the self-closed, label-attribute form,
    /// which some screen readers and browsers do not read out.
    static func option(value: String, label: String, selected: Bool) -> Node {
        .element(
            named: "option",
            nodes: [
                .attribute(named: "value", value: HTMLEscape.attribute(value)),
                selected ? .attribute(named: "selected") : .empty,
                .text(label),
            ])
    }
}

/// Plot escapes text but writes attribute values exactly as given, so a `"` in a value would end the
/// attribute. Every attribute value that is not a constant goes through `escaped(_:)` — or through a
/// `Forms` component or `.safeValue`/`.safeHref`, which do it.
enum HTMLEscape {
    static func attribute(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.count)
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension Attribute where Context == HTML.InputContext {
    /// `value="…"`, escaped.
    static func safeValue(_ value: String) -> Attribute { .value(HTMLEscape.attribute(value)) }
}

extension Attribute where Context: HTMLLinkableContext {
    /// `href="…"`, escaped.
    static func safeHref(_ url: String) -> Attribute { .href(HTMLEscape.attribute(url)) }
}

extension Node where Context: HTMLLinkableContext {
    /// `href="…"`, escaped.
    static func safeHref(_ url: String) -> Node { .href(HTMLEscape.attribute(url)) }
}
