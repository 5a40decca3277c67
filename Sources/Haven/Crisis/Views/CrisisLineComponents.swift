import Plot

/// Pieces of crisis-line markup that more than one page shows.
enum CrisisLineComponents {
    /// "Call 116 123" as a `tel:` button; nothing for a line that has no phone number.
    static func callButton(_ line: CrisisLineSummary, strings: Strings) -> Node<HTML.BodyContext> {
        .unwrap(line.dialable) { number in
            .a(
                .class("button button--call"), .href("tel:\(number)"),
                .text(strings["help.call", ["phone": line.phone ?? number]]))
        }
    }
}
