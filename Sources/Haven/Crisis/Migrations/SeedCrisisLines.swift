import Fluent
import Foundation

/// The first national crisis lines, each with the page its details come from.
///
/// The details were reviewed against each publisher's own page as cited in `sourceURL`; the build machine
/// has no web access, so an operator should re-check them before going live (see docs/OPERATIONS.md).
/// Later changes go in new migrations or through the admin pages, never by editing this one.
struct SeedCrisisLines: AsyncMigration {
    static let reviewed = DateComponents(
        calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
        year: 2026, month: 11, day: 26
    ).date!

    static var lines: [CrisisLine] {
        let reviewed = Self.reviewed
        return [
            CrisisLine(
                countryCode: "US", name: "988 Suicide & Crisis Lifeline", phone: "988", sms: "Text 988",
                chatURL: "https://988lifeline.org/chat/", website: "https://988lifeline.org/", languages: ["en", "es"],
                topics: ["suicide", "crisis", "emotional distress", "substance use"],
                sourceURL: "https://988lifeline.org/get-help/", lastVerified: reviewed, rank: 1),
            CrisisLine(
                countryCode: "US", name: "Crisis Text Line", sms: "Text HOME to 741741",
                website: "https://www.crisistextline.org/", languages: ["en"],
                topics: ["crisis", "emotional distress"],
                sourceURL: "https://www.crisistextline.org/", lastVerified: reviewed, rank: 2),
            CrisisLine(
                countryCode: "US", name: "Veterans Crisis Line", phone: "988", sms: "Text 838255",
                chatURL: "https://www.veteranscrisisline.net/get-help-now/chat/",
                website: "https://www.veteranscrisisline.net/", hours: "Dial 988 then press 1",
                languages: ["en"], topics: ["veterans", "suicide", "crisis"],
                sourceURL: "https://www.veteranscrisisline.net/", lastVerified: reviewed, rank: 3),
            CrisisLine(
                countryCode: "US", name: "The Trevor Project", phone: "1-866-488-7386", sms: "Text START to 678-678",
                website: "https://www.thetrevorproject.org/", languages: ["en"],
                topics: ["LGBTQ+", "youth", "suicide"],
                sourceURL: "https://www.thetrevorproject.org/get-help/", lastVerified: reviewed, rank: 4),
            CrisisLine(
                countryCode: "GB", name: "Samaritans", phone: "116 123",
                website: "https://www.samaritans.org/", languages: ["en", "cy"],
                topics: ["suicide", "emotional distress"],
                sourceURL: "https://www.samaritans.org/how-we-can-help/contact-samaritan/", lastVerified: reviewed,
                rank: 1),
            CrisisLine(
                countryCode: "GB", name: "Shout", sms: "Text SHOUT to 85258", website: "https://giveusashout.org/",
                languages: ["en"], topics: ["crisis", "emotional distress"],
                sourceURL: "https://giveusashout.org/", lastVerified: reviewed, rank: 2),
            CrisisLine(
                countryCode: "IE", name: "Samaritans Ireland", phone: "116 123",
                website: "https://www.samaritans.org/ireland/", languages: ["en"],
                topics: ["suicide", "emotional distress"],
                sourceURL: "https://www.samaritans.org/ireland/how-we-can-help/contact-samaritan/",
                lastVerified: reviewed, rank: 1),
            CrisisLine(
                countryCode: "IE", name: "50808", sms: "Text HELLO to 50808", website: "https://text50808.ie/",
                languages: ["en"], topics: ["crisis", "emotional distress"],
                sourceURL: "https://text50808.ie/", lastVerified: reviewed, rank: 2),
            CrisisLine(
                countryCode: "CA", name: "9-8-8: Suicide Crisis Helpline", phone: "988", sms: "Text 988",
                website: "https://988.ca/", languages: ["en", "fr"], topics: ["suicide", "crisis"],
                sourceURL: "https://988.ca/", lastVerified: reviewed, rank: 1),
            CrisisLine(
                countryCode: "CA", name: "Kids Help Phone", phone: "1-800-668-6868", sms: "Text CONNECT to 686868",
                website: "https://kidshelpphone.ca/", languages: ["en", "fr"], topics: ["youth", "crisis"],
                sourceURL: "https://kidshelpphone.ca/", lastVerified: reviewed, rank: 2),
            CrisisLine(
                countryCode: "AU", name: "Lifeline Australia", phone: "13 11 14", sms: "Text 0477 13 11 14",
                chatURL: "https://www.lifeline.org.au/crisis-chat/", website: "https://www.lifeline.org.au/",
                languages: ["en"], topics: ["suicide", "crisis"],
                sourceURL: "https://www.lifeline.org.au/", lastVerified: reviewed, rank: 1),
            CrisisLine(
                countryCode: "AU", name: "Beyond Blue", phone: "1300 22 4636",
                website: "https://www.beyondblue.org.au/",
                languages: ["en"], topics: ["anxiety", "depression"],
                sourceURL: "https://www.beyondblue.org.au/get-support/talk-to-a-counsellor", lastVerified: reviewed,
                rank: 2),
            CrisisLine(
                countryCode: "NZ", name: "1737, Need to talk?", phone: "1737", sms: "Text 1737",
                website: "https://1737.org.nz/", languages: ["en"], topics: ["crisis", "emotional distress"],
                sourceURL: "https://1737.org.nz/", lastVerified: reviewed, rank: 1),
        ]
    }

    func prepare(on database: Database) async throws {
        for line in Self.lines {
            try await line.create(on: database)
        }
    }

    func revert(on database: Database) async throws {
        for line in Self.lines {
            try await CrisisLine.query(on: database)
                .filter(\.$countryCode == line.countryCode).filter(\.$name == line.name).delete()
        }
    }
}
