import Fluent
import NIOConcurrencyHelpers
import Vapor

/// A kind of thing that can be reported and moderated, registered by the capability that owns it:
///
/// ```swift
/// app.moderationKinds.register(ModerationKind(
///     name: "story", label: "stories.kind",
///     describe: { id, db in try await Story.find(UUID(uuidString: id), on: db).map { .init(title: $0.title, excerpt: $0.body, url: …) } },
///     setHidden: { id, hidden, db in … }))
/// ```
struct ModerationKind: Sendable {
    var name: String
    /// Catalog key of the kind's name, shown in the queue.
    var label: String
    /// What the subject is, for the moderator; nil if it no longer exists.
    var describe: @Sendable (_ subjectID: String, _ db: any Database) async throws -> ModerationSubject?
    /// Hides the subject from everyone but moderators, or shows it again.
    var setHidden: @Sendable (_ subjectID: String, _ hidden: Bool, _ db: any Database) async throws -> Void
}

struct ModerationSubject: Sendable {
    var title: String
    var excerpt: String
    var url: String?
    var hidden: Bool
}

final class ModerationKinds: Sendable {
    private let kinds = NIOLockedValueBox<[String: ModerationKind]>([:])

    func register(_ kind: ModerationKind) { kinds.withLockedValue { $0[kind.name] = kind } }

    subscript(name: String) -> ModerationKind? { kinds.withLockedValue { $0[name] } }

    var names: [String] { kinds.withLockedValue { $0.keys.sorted() } }
}

extension Application {
    private struct ModerationKindsKey: StorageKey { typealias Value = ModerationKinds }

    var moderationKinds: ModerationKinds {
        get { storage[ModerationKindsKey.self]! }
        set { storage[ModerationKindsKey.self] = newValue }
    }
}
