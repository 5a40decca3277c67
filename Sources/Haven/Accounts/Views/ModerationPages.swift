import Foundation
import Plot

/// `/moderation`: open items, urgent first and then oldest first, and what was decided lately.
enum ModerationQueuePage {
    struct Model: Sendable {
        var open: [ModerationItem]
        var resolved: [ModerationItem]
        /// Catalog keys of the registered kinds' names.
        var kindLabels: [String: String] = [:]
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["moderation.title"] }

        /// The kind's name from its capability's catalog key, when the key exists.
        private func kindName(_ kind: String) -> String {
            guard let label = model.kindLabels[kind] else { return kind }
            let name = context.strings[label]
            return name == label ? kind : name
        }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .h1(.text(title)),
                .p(.text(s["moderation.intro"])),
                .h2(.text(s["moderation.open", ["count": "\(model.open.count)"]])),
                .if(
                    model.open.isEmpty, .p(.text(s["moderation.empty"])),
                    else: itemTable(model.open, caption: s["moderation.openCaption"], resolved: false)),
                .h2(.text(s["moderation.resolved"])),
                .if(
                    model.resolved.isEmpty, .p(.text(s["moderation.noneResolved"])),
                    else: itemTable(model.resolved, caption: s["moderation.resolved"], resolved: true))
            )
        }

        private func itemTable(_ items: [ModerationItem], caption: String, resolved: Bool) -> Node<HTML.BodyContext> {
            let s = context.strings
            return .div(
                .class("table-scroll"),
                .table(
                    .class("queue"),
                    .caption(.class("visually-hidden"), .text(caption)),
                    .thead(
                        .tr(
                            .th(.text(s["moderation.priority"])), .th(.text(s["moderation.what"])),
                            .th(.text(s["moderation.reason"])),
                            .th(.text(s["moderation.when"])),
                            .th(.text(resolved ? s["moderation.decision"] : s["moderation.claimedBy"])))),
                    .tbody(
                        .forEach(items) { item in
                            .tr(
                                .class("queue__row queue__row--\(item.priority.name)"),
                                .td(
                                    .span(
                                        .class("badge badge--\(item.priority.name)"),
                                        .text(s["moderation.priority.\(item.priority.name)"]))),
                                .td(
                                    .a(
                                        .href(SiteURL.moderationItem.path(["id": item.id?.uuidString ?? ""])),
                                        .text(
                                            s[
                                                "moderation.item",
                                                [
                                                    "kind": kindName(item.kind),
                                                    "subject": String(item.subjectID.prefix(12)),
                                                ]]))),
                                .td(.text(s["moderation.reason.\(item.reason.rawValue)"])),
                                .td(.text(LocaleNames.dateTime(item.createdAt, in: context.language))),
                                .td(
                                    .text(
                                        resolved
                                            ? s["moderation.resolution.\(item.resolution?.rawValue ?? "approved")"]
                                            : (item.claimedBy?.displayName ?? s["moderation.unclaimed"]))))
                        })
                ))
        }
    }
}

/// One item: what it is about, who reported it and why, who is on it, and the actions.
enum ModerationItemPage {
    struct Model: Sendable {
        var item: ModerationItem
        var subject: ModerationSubject?
        var error: String?
    }

    struct View: PageView {
        var context: PageContext
        var model: Model
        var title: String { context.strings["moderation.itemTitle"] }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            let item = model.item
            return .div(
                .class("narrow"),
                .p(.a(.href(SiteURL.moderation.path), .text(s["moderation.back"]))),
                .h1(.text(title)),
                .dl(
                    .class("summary-list"),
                    .dt(.text(s["moderation.priority"])), .dd(.text(s["moderation.priority.\(item.priority.name)"])),
                    .dt(.text(s["moderation.reason"])), .dd(.text(s["moderation.reason.\(item.reason.rawValue)"])),
                    .dt(.text(s["moderation.kind"])), .dd(.text(item.kind)),
                    .dt(.text(s["moderation.when"])),
                    .dd(.text(LocaleNames.dateTime(item.createdAt, in: context.language))),
                    .dt(.text(s["moderation.reporter"])),
                    .dd(.text(item.reporter?.displayName ?? s["moderation.noReporter"])),
                    .dt(.text(s["moderation.claimedBy"])),
                    .dd(.text(item.claimedBy?.displayName ?? s["moderation.unclaimed"])),
                    .dt(.text(s["moderation.status"])),
                    .dd(
                        .text(
                            item.status == .open
                                ? s["moderation.status.open"]
                                : s["moderation.resolution.\(item.resolution?.rawValue ?? "approved")"]))
                ),
                .unwrap(item.details.isEmpty ? nil : item.details) {
                    .blockquote(.class("report-details"), .p(.text($0)))
                },
                subjectSection(),
                .unwrap(model.error) {
                    .p(.class("field__error"), .attribute(named: "role", value: "alert"), .text($0))
                },
                .if(item.status == .open, actions())
            )
        }

        private func subjectSection() -> Node<HTML.BodyContext> {
            let s = context.strings
            guard let subject = model.subject else { return .p(.text(s["moderation.subjectGone"])) }
            return .section(
                .class("moderation-subject"), .attribute(named: "aria-labelledby", value: "subject-heading"),
                .h2(.id("subject-heading"), .text(subject.title)),
                .if(subject.hidden, .p(.class("badge"), .text(s["moderation.hidden"]))),
                .p(.text(String(subject.excerpt.prefix(2000)))),
                .unwrap(subject.url) { .p(.a(.safeHref($0), .text(s["moderation.open.subject"]))) }
            )
        }

        private func actions() -> Node<HTML.BodyContext> {
            let s = context.strings
            let id = model.item.id?.uuidString ?? ""
            func button(_ action: ModerationQueue.Action, _ className: String = "button button--secondary") -> Node<
                HTML.BodyContext
            > {
                Forms.post(
                    action: SiteURL.moderationAction.path(["id": id, "action": action.rawValue]), context: context,
                    class: "inline-form",
                    [Forms.submit(s["moderation.action.\(action.rawValue)"], class: className)])
            }
            return .section(
                .attribute(named: "aria-labelledby", value: "actions-heading"),
                .h2(.id("actions-heading"), .text(s["moderation.actions"])),
                .div(
                    .class("button-row"), button(.claim), button(.approve, "button"), button(.hide), button(.restore),
                    button(.escalate)),
                Forms.post(
                    action: SiteURL.moderationAction.path(["id": id, "action": "reject"]), context: context,
                    [
                        .div(
                            .class("field"),
                            .label(.for("field-note"), .text(s["moderation.rejectReason"])),
                            .textarea(.id("field-note"), .name("note"), .attribute(named: "rows", value: "3"))),
                        Forms.submit(s["moderation.action.reject"], class: "button button--danger"),
                    ])
            )
        }
    }
}
