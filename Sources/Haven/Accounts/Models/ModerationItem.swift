import Fluent
import Foundation

/// One thing a moderator must look at: a report by a person, content the safety check held, a correction
/// to a listing. The subject belongs to a capability, named by `kind` (see `ModerationKinds`).
final class ModerationItem: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "moderation_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    @Field(key: "kind") var kind: String
    @Field(key: "subject_id") var subjectID: String
    @Field(key: "reason") var reason: ModerationReason
    /// What the reporter (or the safety check) said, as they wrote it.
    @Field(key: "details") var details: String
    @OptionalParent(key: "reporter_id") var reporter: User?
    @Field(key: "priority") var priority: ModerationPriority
    @Field(key: "status") var status: ModerationStatus
    @OptionalField(key: "resolution") var resolution: ModerationResolution?
    @OptionalField(key: "resolution_note") var resolutionNote: String?
    @OptionalParent(key: "claimed_by_id") var claimedBy: User?
    @OptionalField(key: "claimed_at") var claimedAt: Date?
    @OptionalParent(key: "resolver_id") var resolver: User?
    @OptionalField(key: "resolved_at") var resolvedAt: Date?

    init() {}

    init(
        kind: String, subjectID: String, reason: ModerationReason, details: String, reporterID: UUID?,
        priority: ModerationPriority, now: Date
    ) {
        self.kind = kind
        self.subjectID = subjectID
        self.reason = reason
        self.details = details
        self.$reporter.id = reporterID
        self.priority = priority
        self.status = .open
        self.createdAt = now
        self.updatedAt = now
    }
}

/// Stored as a number so the queue sorts by it: urgent (0) first.
enum ModerationPriority: Int, Codable, Sendable, CaseIterable, Comparable {
    case urgent = 0, high = 1, normal = 2

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    var name: String {
        switch self {
        case .urgent: "urgent"
        case .high: "high"
        case .normal: "normal"
        }
    }

    /// One step more urgent; urgent stays urgent.
    var escalated: ModerationPriority { ModerationPriority(rawValue: max(0, rawValue - 1)) ?? .urgent }
}

enum ModerationStatus: String, Codable, Sendable { case open, resolved }

enum ModerationResolution: String, Codable, Sendable, CaseIterable { case approved, rejected, hidden, restored }

/// Why an item is in the queue. People choose from the first four when they report.
enum ModerationReason: String, Codable, Sendable, CaseIterable {
    case spam, harassment, unsafe, worried
    /// Held by the shared safety check.
    case safetyCheck = "safety-check"
    /// A suggested correction to a listing.
    case correction

    static let reportable: [ModerationReason] = [.spam, .harassment, .unsafe, .worried]

    /// "I'm worried about this person" goes to the top of the queue.
    var priority: ModerationPriority { self == .worried ? .urgent : .normal }
}
