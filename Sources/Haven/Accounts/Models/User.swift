import Fluent
import Foundation

/// A person with an account. The email is shown to no one but the person and admins; everyone else sees
/// the display name, which may be a pseudonym.
final class User: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Stored lower-cased and trimmed, so one address is one account.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Role
    /// The language the person signed up in; their mail is written in it.
    @Field(key: "language") var language: String
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?

    init() {}

    init(
        id: UUID? = nil, email: String, displayName: String, passwordHash: String, role: Role = .member,
        language: String = "en"
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role
        self.language = language
    }

    static func normalize(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// What a person may do. Not a ladder: an organizer is not a moderator. Admins may do everything.
enum Role: String, Codable, Sendable, CaseIterable {
    case member, moderator, organizer, admin
}
