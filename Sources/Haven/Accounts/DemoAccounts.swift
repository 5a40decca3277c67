import Fluent
import Foundation

/// One account for each role, so a newcomer running `haven demo` can see every page. Loaded only into an
/// empty database (`DemoData`); the password is printed by `haven demo` and is fine for a demo on
/// 127.0.0.1 only.
enum DemoAccounts {
    static let password = "haven-demo-passphrase"
    static let accounts: [(email: String, name: String, role: Role)] = [
        ("admin@haven-demo.example", "Ada (admin)", .admin),
        ("moderator@haven-demo.example", "Mo (moderator)", .moderator),
        ("organizer@haven-demo.example", "Ola (organizer)", .organizer),
        ("member@haven-demo.example", "Mel (member)", .member),
    ]

    static let loader = DemoData.Loader(
        name: "demo accounts",
        hasData: { db in try await User.query(on: db).count() > 0 },
        load: { db, _ in
            let hash = try Passwords.hash(password)
            let organization = Organization(
                name: "Riverside Peer Support", description: "A peer-run warmline and weekly support groups.")
            try await organization.create(on: db)
            for account in accounts {
                let user = User(email: account.email, displayName: account.name, passwordHash: hash, role: account.role)
                user.emailVerifiedAt = Date()
                try await user.create(on: db)
                if account.role == .organizer {
                    try await OrganizationStaff(organizationID: organization.requireID(), userID: user.requireID())
                        .create(on: db)
                }
            }
        })
}
