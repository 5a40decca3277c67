import Plot

extension Node where Context == HTML.SelectContext {
    /// `<option value="GB">United Kingdom</option>`: Plot only offers the self-closed, label-attribute form,
    /// which some screen readers and browsers do not read out.
    static func option(value: String, label: String, selected: Bool) -> Node {
        .element(
            named: "option",
            nodes: [
                .attribute(named: "value", value: value),
                selected ? .attribute(named: "selected") : .empty,
                .text(label),
            ])
    }
}
