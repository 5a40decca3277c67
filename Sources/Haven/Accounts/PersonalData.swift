import Fluent
import Foundation
import Vapor

/// "Download my data" and "delete my account", for every capability at once.
///
/// Each capability that stores something a person wrote or signed adds a `PersonalDataContributor` to
/// `contributors`: it lists that data for the export and erases it (or, for posts in community spaces,
/// detaches it as "deleted member" unless the person asks for it to go too).
struct PersonalDataContributor: Sendable {
    var section: String
    var export: @Sendable (_ userID: UUID, _ db: any Database) async throws -> [[String: String]]
    var erase: @Sendable (_ userID: UUID, _ deletePosts: Bool, _ db: any Database) async throws -> Void
}

enum PersonalData {
    static let contributors: [PersonalDataContributor] = [reports, apiTokens, organizations]

    struct Export: Content {
        var exportedAt: String
        var account: [String: String]
        var sections: [String: [[String: String]]]

        enum CodingKeys: String, CodingKey {
            case exportedAt = "exported_at", account, sections
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    static func export(userID: UUID, on db: any Database) async throws -> Export {
        guard let user = try await User.find(userID, on: db) else { throw Abort(.notFound) }
        var sections: [String: [[String: String]]] = [:]
        for contributor in contributors { sections[contributor.section] = try await contributor.export(userID, db) }
        return Export(
            exportedAt: iso(Date()),
            account: [
                "id": userID.uuidString, "email": user.email, "display_name": user.displayName,
                "role": user.role.rawValue, "language": user.language,
                "created_at": user.createdAt.map(iso) ?? "",
                "email_verified_at": user.emailVerifiedAt.map(iso) ?? "",
            ],
            sections: sections)
    }

    /// Erases the person: every contributor's data, mail waiting for them, then the account row (sessions,
    /// links and tokens go with it). Run it inside a transaction.
    static func erase(userID: UUID, email: String, deletePosts: Bool, on db: any Database) async throws {
        for contributor in contributors { try await contributor.erase(userID, deletePosts, db) }
        try await OutboxMail.query(on: db).filter(\.$recipient == email).delete()
        try await User.query(on: db).filter(\.$id == userID).delete()
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    // MARK: What Accounts itself holds

    /// Reports the person made. The reports stay for the moderators (kind, subject, reason), without the
    /// reporter and without what the reporter wrote, which may say who they are.
    static let reports = PersonalDataContributor(
        section: "reports",
        export: { userID, db in
            try await ModerationItem.query(on: db).filter(\.$reporter.$id == userID).sort(\.$createdAt).all().map {
                [
                    "kind": $0.kind, "subject": $0.subjectID, "reason": $0.reason.rawValue, "details": $0.details,
                    "created_at": iso($0.createdAt), "status": $0.status.rawValue,
                ]
            }
        },
        erase: { userID, _, db in
            try await ModerationItem.query(on: db)
                .set(\.$reporter.$id, to: nil)
                .set(\.$details, to: "")
                .filter(\.$reporter.$id == userID)
                .update()
        })

    static let apiTokens = PersonalDataContributor(
        section: "api_tokens",
        export: { userID, db in
            try await APIToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt).all().map {
                [
                    "name": $0.name, "created_at": iso($0.createdAt),
                    "last_used_at": $0.lastUsedAt.map(iso) ?? "", "revoked_at": $0.revokedAt.map(iso) ?? "",
                ]
            }
        },
        erase: { userID, _, db in try await APIToken.query(on: db).filter(\.$user.$id == userID).delete() })

    static let organizations = PersonalDataContributor(
        section: "organizations",
        export: { userID, db in
            try await OrganizationStaff.query(on: db).filter(\.$user.$id == userID).with(\.$organization).all().map {
                ["organization": $0.organization.name]
            }
        },
        erase: { userID, _, db in try await OrganizationStaff.query(on: db).filter(\.$user.$id == userID).delete() })
}
