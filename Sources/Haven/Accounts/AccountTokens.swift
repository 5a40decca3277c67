import Fluent
import Foundation
import SQLKit
import Vapor

/// Single-use links sent by mail. The link carries a random secret; the table keeps its hash.
enum AccountTokens {
    /// Makes a token and returns the secret for the link.
    static func issue(
        _ purpose: AccountToken.Purpose, for userID: UUID, newEmail: String? = nil, on db: any Database,
        now: Date = Date()
    ) async throws -> String {
        let secret = SecureToken.make()
        try await AccountToken(
            userID: userID, purpose: purpose, tokenHash: SecureToken.hash(secret), newEmail: newEmail, now: now
        )
        .create(on: db)
        return secret
    }

    /// The live, unused token for a secret, without using it.
    static func find(_ secret: String, purpose: AccountToken.Purpose, on db: any Database, now: Date = Date())
        async throws -> AccountToken?
    {
        guard !secret.isEmpty else { return nil }
        return try await AccountToken.query(on: db)
            .filter(\.$tokenHash == SecureToken.hash(secret))
            .filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil)
            .filter(\.$expiresAt > now)
            .first()
    }

    /// Uses a token: marks it used in the same statement that checks it is unused, so two clicks (or two
    /// servers) cannot both use it. Returns the token, or nil if it was unknown, used or expired.
    static func redeem(_ secret: String, purpose: AccountToken.Purpose, on db: any Database, now: Date = Date())
        async throws -> AccountToken?
    {
        guard let token = try await find(secret, purpose: purpose, on: db, now: now) else { return nil }
        let claimed = try await (db as! any SQLDatabase).update(AccountToken.schema)
            .set("used_at", to: now)
            .where("id", .equal, try token.requireID())
            .where("used_at", .is, SQLLiteral.null)
            .returning("id")
            .first()
        guard claimed != nil else { return nil }
        token.usedAt = now
        return token
    }

    /// Spends every open token of one kind (after a reset, older reset links stop working).
    static func revokeAll(_ purpose: AccountToken.Purpose, for userID: UUID, on db: any Database, now: Date = Date())
        async throws
    {
        try await AccountToken.query(on: db)
            .set(\.$usedAt, to: now)
            .filter(\.$user.$id == userID)
            .filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil)
            .update()
    }
}

/// Mails that tell a person their account changed, with the way back if it was not them.
enum AccountNoticeMail {
    static func passwordChanged(_ user: User, app: Application, on db: any Database) async throws {
        let strings = app.localization.strings(for: user.language)
        try await Outbox.enqueue(
            Mails.passwordChanged(
                strings, name: user.displayName, resetLink: app.havenConfig.absoluteURL(.forgotPassword)),
            to: user.email, on: db)
    }

    static func emailChanged(_ user: User, from oldEmail: String, app: Application, on db: any Database) async throws {
        let strings = app.localization.strings(for: user.language)
        try await Outbox.enqueue(
            Mails.emailChanged(
                strings, name: user.displayName, newEmail: user.email,
                resetLink: app.havenConfig.absoluteURL(.forgotPassword)),
            to: oldEmail, on: db)
    }
}

/// Mails that carry a single-use link: makes the token and queues the mail in the caller's transaction, in
/// the person's own language.
enum AccountLinkMail {
    static func send(
        _ purpose: AccountToken.Purpose, to user: User, newEmail: String? = nil, app: Application, on db: any Database
    ) async throws {
        let token = try await AccountTokens.issue(purpose, for: user.requireID(), newEmail: newEmail, on: db)
        let strings = app.localization.strings(for: user.language)
        let config = app.havenConfig
        let mail: MailContent
        switch purpose {
        case .verifyEmail:
            mail = Mails.verifyEmail(
                strings, name: user.displayName, link: config.absoluteURL(.verifyEmail, query: [("token", token)]))
        case .resetPassword:
            mail = Mails.resetPassword(
                strings, name: user.displayName, link: config.absoluteURL(.resetPassword, query: [("token", token)]))
        case .changeEmail:
            mail = Mails.confirmNewEmail(
                strings, name: user.displayName,
                link: config.absoluteURL(.confirmEmailChange, query: [("token", token)]))
        }
        try await Outbox.enqueue(mail, to: newEmail ?? user.email, on: db)
    }
}
