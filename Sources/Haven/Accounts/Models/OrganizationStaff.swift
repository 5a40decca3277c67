import Fluent
import Foundation

/// An organizer's membership of an organization's staff.
final class OrganizationStaff: Model, @unchecked Sendable {  // Fluent models are mutable reference types by design.
    static let schema = "organization_staff"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "user_id") var user: User

    init() {}

    init(organizationID: UUID, userID: UUID) {
        self.$organization.id = organizationID
        self.$user.id = userID
    }
}
