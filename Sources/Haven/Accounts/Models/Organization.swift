import Fluent
import Foundation

/// An organization in the HSDS sense: the directory's table, created here because organizers belong to one.
/// The directory adds the rest of the HSDS fields.
final class Organization: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "website") var website: String?

    init() {}

    init(id: UUID? = nil, name: String, description: String) {
        self.id = id
        self.name = name
        self.description = description
    }
}
