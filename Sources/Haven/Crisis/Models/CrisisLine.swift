import Fluent
import Foundation

/// A crisis line people can reach now: a national helpline, text line or chat service.
final class CrisisLine: Model, @unchecked Sendable {  // Fluent models are reference types mutated by the ORM; see Fluent docs.
    static let schema = "crisis_lines"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// ISO 3166-1 alpha-2, upper case.
    @Field(key: "country_code") var countryCode: String
    @Field(key: "name") var name: String
    /// Digits as people dial them in the country, spaced as the line publishes them (e.g. "116 123").
    @OptionalField(key: "phone") var phone: String?
    /// How to reach the line by text, as it publishes it (e.g. "Text HOME to 741741").
    @OptionalField(key: "sms") var sms: String?
    @OptionalField(key: "chat_url") var chatURL: String?
    @OptionalField(key: "website") var website: String?
    @Field(key: "open_24_7") var open24x7: Bool
    /// Opening hours in words when not 24/7.
    @OptionalField(key: "hours") var hours: String?
    /// BCP 47 language tags the line answers in.
    @Field(key: "languages") var languages: [String]
    /// Who or what the line is for (e.g. suicide, youth, LGBTQ+, veterans).
    @Field(key: "topics") var topics: [String]
    /// Where the details were checked.
    @Field(key: "source_url") var sourceURL: String
    @Field(key: "last_verified") var lastVerified: Date
    /// Order within a country: the general national line first.
    @Field(key: "rank") var rank: Int

    init() {}

    init(
        countryCode: String, name: String, phone: String? = nil, sms: String? = nil, chatURL: String? = nil,
        website: String? = nil, open24x7: Bool = true, hours: String? = nil, languages: [String], topics: [String],
        sourceURL: String, lastVerified: Date, rank: Int
    ) {
        self.countryCode = countryCode
        self.name = name
        self.phone = phone
        self.sms = sms
        self.chatURL = chatURL
        self.website = website
        self.open24x7 = open24x7
        self.hours = hours
        self.languages = languages
        self.topics = topics
        self.sourceURL = sourceURL
        self.lastVerified = lastVerified
        self.rank = rank
    }

    /// The `tel:` target: the published number without spaces or punctuation.
    var dialable: String? {
        phone.map { $0.filter { $0.isNumber || $0 == "+" } }
    }
}
