import Fluent
import Foundation

/// A single-use link sent by mail: verify an address (24 h), reset a password (1 h), confirm a new address
/// (24 h). Only the hash of the link's secret is stored.
final class AccountToken: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "account_tokens"

    enum Purpose: String, Codable, Sendable {
        case verifyEmail = "verify-email"
        case resetPassword = "reset-password"
        case changeEmail = "change-email"

        var lifetime: TimeInterval {
            switch self {
            case .verifyEmail, .changeEmail: 24 * 3600
            case .resetPassword: 3600
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "token_hash") var tokenHash: String
    /// For `changeEmail`: the address that becomes the account's once the link is followed.
    @OptionalField(key: "new_email") var newEmail: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(userID: UUID, purpose: Purpose, tokenHash: String, newEmail: String? = nil, now: Date) {
        self.$user.id = userID
        self.purpose = purpose
        self.tokenHash = tokenHash
        self.newEmail = newEmail
        self.createdAt = now
        self.expiresAt = now.addingTimeInterval(purpose.lifetime)
    }
}
