import Fluent
import Vapor

/// `haven user create --email E --role admin [--name N]`, password from standard input: how an operator
/// makes the first admin. The account is created verified (the operator vouches for the address).
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "The person's email address.")
        var email: String?
        @Option(name: "role", help: "member, moderator, organizer or admin (default member).")
        var role: String?
        @Option(name: "name", help: "Display name (default: the part of the address before @).")
        var name: String?
    }

    var help: String { "Creates an account: haven user create --email E --role admin (password on standard input)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard signature.action == "create" else {
            throw StartupError("unknown action \"\(signature.action)\": use haven user create")
        }
        let email = User.normalize(email: signature.email ?? "")
        let strings = app.localization.strings(for: "en")
        if let problem = AccountValidation.email(email, strings: strings).first {
            throw StartupError("--email: \(problem.message)")
        }
        guard let role = Role(rawValue: signature.role ?? "member") else {
            throw StartupError("--role must be one of member, moderator, organizer, admin")
        }
        let name = signature.name ?? String(email.split(separator: "@").first ?? "")
        if let problem = AccountValidation.displayName(name, strings: strings).first {
            throw StartupError("--name: \(problem.message)")
        }
        // The password comes on standard input so it never appears in the process list or shell history.
        let password = (readLine(strippingNewline: true) ?? "")
        if let problem = AccountValidation.newPassword(
            password, email: email, policy: app.passwordPolicy, strings: strings, field: "password"
        ).first {
            throw StartupError("password (standard input): \(problem.message)")
        }
        try await HavenMigrations.migrate(app)
        if try await User.query(on: app.db).filter(\.$email == email).count() > 0 {
            throw StartupError("an account with that email already exists")
        }
        let user = User(email: email, displayName: name, passwordHash: try Passwords.hash(password), role: role)
        user.emailVerifiedAt = Date()
        try await user.create(on: app.db)
        context.console.print("Created \(role.rawValue) account for \(email).")
    }
}

extension Application {
    private struct PasswordPolicyKey: StorageKey { typealias Value = PasswordPolicy }

    var passwordPolicy: PasswordPolicy {
        get { storage[PasswordPolicyKey.self]! }
        set { storage[PasswordPolicyKey.self] = newValue }
    }
}
