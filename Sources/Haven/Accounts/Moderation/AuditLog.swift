import Fluent
import Foundation

/// Writes the audit log: every moderator and admin action, with the state before and after.
enum AuditLog {
    static func record(
        actor: UUID?, action: String, subjectType: String, subjectID: String,
        before: [String: String], after: [String: String], on db: any Database
    ) async throws {
        try await AuditEntry(
            actorID: actor, action: action, subjectType: subjectType, subjectID: subjectID,
            before: json(before), after: json(after), now: Date()
        ).create(on: db)
    }

    static func json(_ values: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
