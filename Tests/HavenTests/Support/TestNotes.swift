import Fluent
import NIOConcurrencyHelpers

@testable import Haven

/// A kind of user content for moderation tests, as a capability would register one: notes kept in memory,
/// each visible or hidden.
final class TestNotes: Sendable {
    private let hidden = NIOLockedValueBox<[String: Bool]>([:])

    init(ids: [String]) { hidden.withLockedValue { for id in ids { $0[id] = false } } }

    func isHidden(_ id: String) -> Bool? { hidden.withLockedValue { $0[id] } }

    var kind: ModerationKind {
        ModerationKind(
            name: "note", label: "moderation.kind.note",
            describe: { [self] id, _ in
                self.isHidden(id).map {
                    ModerationSubject(title: "Note \(id)", excerpt: "A note", url: nil, hidden: $0)
                }
            },
            setHidden: { [self] id, value, _ in self.hidden.withLockedValue { $0[id] = value } })
    }
}
