import Fluent
import Foundation

/// One moderator or admin action: who, what, when, and the state before and after (as JSON).
final class AuditEntry: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    /// Nil once the actor's account is deleted; the entry itself stays.
    @OptionalParent(key: "actor_id") var actor: User?
    @Field(key: "action") var action: String
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: String
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String

    init() {}

    init(
        actorID: UUID?, action: String, subjectType: String, subjectID: String, before: String, after: String,
        now: Date
    ) {
        self.$actor.id = actorID
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.before = before
        self.after = after
        self.createdAt = now
    }
}
