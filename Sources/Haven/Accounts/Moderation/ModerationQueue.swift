import Fluent
import Foundation

/// The shared moderation queue: what capabilities put in, what people report, what moderators do.
/// Every moderator action writes an audit entry in the same transaction as the change.
struct ModerationQueue: Sendable {
    /// Reports from this many different people hide the subject until a moderator has looked.
    static let autoHideThreshold = 3

    let db: any Database
    let kinds: ModerationKinds

    enum Failure: Error, Equatable {
        case unknownKind, unknownSubject, alreadyReported, notFound, reasonMissing
    }

    /// For capabilities: content the safety check held, a correction to a listing.
    @discardableResult
    func submit(
        kind: String, subjectID: String, reason: ModerationReason, details: String,
        priority: ModerationPriority, reporter: UUID? = nil
    ) async throws -> ModerationItem {
        let item = ModerationItem(
            kind: kind, subjectID: subjectID, reason: reason, details: details, reporterID: reporter,
            priority: priority, now: Date())
        try await item.create(on: db)
        return item
    }

    /// A signed-in person reports something. One open report per person per item; the third person to
    /// report it hides it.
    @discardableResult
    func report(
        kind kindName: String, subjectID: String, reason: ModerationReason, details: String,
        reporter: UUID
    ) async throws -> ModerationItem {
        guard let kind = kinds[kindName] else { throw Failure.unknownKind }
        guard try await kind.describe(subjectID, db) != nil else { throw Failure.unknownSubject }
        return try await db.transaction { db in
            let open = ModerationItem.query(on: db)
                .filter(\.$kind == kindName).filter(\.$subjectID == subjectID).filter(\.$status == .open)
            if try await open.copy().filter(\.$reporter.$id == reporter).count() > 0 { throw Failure.alreadyReported }
            let item = ModerationItem(
                kind: kindName, subjectID: subjectID, reason: reason, details: details, reporterID: reporter,
                priority: reason.priority, now: Date())
            try await item.create(on: db)
            let reporters = Set(try await open.copy().all().compactMap { $0.$reporter.id })
            if reporters.count == Self.autoHideThreshold {
                try await kind.setHidden(subjectID, true, db)
                try await AuditLog.record(
                    actor: nil, action: "auto-hide", subjectType: kindName, subjectID: subjectID,
                    before: ["hidden": "false"], after: ["hidden": "true", "reports": "\(reporters.count)"], on: db)
            }
            return item
        }
    }

    /// Open items, urgent first, then oldest first.
    func open(limit: Int = 200) async throws -> [ModerationItem] {
        try await ModerationItem.query(on: db)
            .filter(\.$status == .open)
            .sort(\.$priority, .ascending)
            .sort(\.$createdAt, .ascending)
            .with(\.$claimedBy)
            .limit(limit)
            .all()
    }

    func recentlyResolved(limit: Int = 50) async throws -> [ModerationItem] {
        try await ModerationItem.query(on: db)
            .filter(\.$status == .resolved)
            .sort(\.$resolvedAt, .descending)
            .with(\.$resolver)
            .limit(limit)
            .all()
    }

    enum Action: String, CaseIterable, Sendable {
        case claim, approve, reject, hide, restore, escalate
    }

    /// A moderator acts on an item. Approve, reject, hide and restore resolve it (hide and restore also
    /// change the subject); claim marks who is on it; escalate raises its priority.
    func act(_ action: Action, on itemID: UUID, by moderator: UUID, note: String) async throws {
        try await db.transaction { db in
            guard let item = try await ModerationItem.find(itemID, on: db) else { throw Failure.notFound }
            let before = Self.state(of: item)
            let now = Date()
            switch action {
            case .claim:
                item.$claimedBy.id = moderator
                item.claimedAt = now
            case .escalate:
                item.priority = item.priority.escalated
            case .approve, .reject, .hide, .restore:
                if action == .reject && note.isEmpty { throw Failure.reasonMissing }
                if action == .hide || action == .restore || action == .approve {
                    // Approving content that was hidden by reports shows it again.
                    if let kind = kinds[item.kind] { try await kind.setHidden(item.subjectID, action == .hide, db) }
                }
                item.status = .resolved
                item.resolution = Self.resolution(for: action)
                item.resolutionNote = note.isEmpty ? nil : note
                item.$resolver.id = moderator
                item.resolvedAt = now
                try await Self.resolveSiblings(of: item, by: moderator, now: now, on: db)
            }
            item.updatedAt = now
            try await item.save(on: db)
            try await AuditLog.record(
                actor: moderator, action: "moderation.\(action.rawValue)", subjectType: "moderation_item",
                subjectID: itemID.uuidString, before: before, after: Self.state(of: item), on: db)
        }
    }

    private static func resolution(for action: Action) -> ModerationResolution {
        switch action {
        case .approve: .approved
        case .reject: .rejected
        case .hide: .hidden
        default: .restored
        }
    }

    /// Other open reports of the same subject are settled by the same decision.
    private static func resolveSiblings(of item: ModerationItem, by moderator: UUID, now: Date, on db: any Database)
        async throws
    {
        try await ModerationItem.query(on: db)
            .filter(\.$kind == item.kind).filter(\.$subjectID == item.subjectID)
            .filter(\.$status == .open).filter(\.$id != item.requireID())
            .set(\.$status, to: .resolved)
            .set(\.$resolution, to: item.resolution)
            .set(\.$resolver.$id, to: moderator)
            .set(\.$resolvedAt, to: now)
            .set(\.$updatedAt, to: now)
            .update()
    }

    static func state(of item: ModerationItem) -> [String: String] {
        [
            "status": item.status.rawValue, "priority": item.priority.name,
            "resolution": item.resolution?.rawValue ?? "", "claimed_by": item.$claimedBy.id?.uuidString ?? "",
        ]
    }
}
