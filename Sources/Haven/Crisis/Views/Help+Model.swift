import Foundation

/// What `/help` shows: lines grouped by country, the chosen country first.
enum Help {
    struct LineSummary: Sendable {
        var countryCode: String
        var name: String
        var phone: String?
        var dialable: String?
        var sms: String?
        var chatURL: String?
        var website: String?
        var open24x7: Bool
        var hours: String?
        var languages: [String]
        var topics: [String]
        var sourceURL: String
        var lastVerified: Date

        init(_ line: CrisisLine) {
            countryCode = line.countryCode
            name = line.name
            phone = line.phone
            dialable = line.dialable
            sms = line.sms
            chatURL = line.chatURL
            website = line.website
            open24x7 = line.open24x7
            hours = line.hours
            languages = line.languages
            topics = line.topics
            sourceURL = line.sourceURL
            lastVerified = line.lastVerified
        }
    }

    struct CountryGroup: Sendable {
        var code: String
        var name: String
        var lines: [LineSummary]
    }

    struct Model: Sendable {
        var chosenCountry: String
        var deploymentCountry: String
        /// A `?country=` value that is not a country code, echoed back in the message.
        var unknownCountry: String?
        var lines: [LineSummary]
        /// True when the database could not be read and the built-in list is shown.
        var fromFallback: Bool
        var language: String

        func countryName(_ code: String) -> String { Countries.name(of: code, language: language) }

        var chosen: CountryGroup {
            CountryGroup(code: chosenCountry, name: countryName(chosenCountry),
                         lines: lines.filter { $0.countryCode == chosenCountry })
        }

        /// Other countries' lines, by country name in the reader's language.
        var others: [CountryGroup] {
            let codes = Set(lines.map(\.countryCode)).subtracting([chosenCountry])
            return codes.map { code in
                CountryGroup(code: code, name: countryName(code), lines: lines.filter { $0.countryCode == code })
            }.sorted { $0.name.localizedCompare($1.name) == .orderedAscending }
        }

        /// The chooser's options: the deployment's country first, then every country with a line by name.
        var chooserOptions: [(code: String, name: String)] {
            let codes = Set(lines.map(\.countryCode)).union([chosenCountry]).subtracting([deploymentCountry])
            let rest = codes.map { ($0, countryName($0)) }.sorted { $0.1.localizedCompare($1.1) == .orderedAscending }
            return [(deploymentCountry, countryName(deploymentCountry))] + rest.map { (code: $0.0, name: $0.1) }
        }

        func languageName(_ tag: String) -> String {
            Locale(identifier: language).localizedString(forLanguageCode: tag) ?? tag
        }

        func date(_ date: Date) -> String {
            var style = Date.FormatStyle(date: .long, time: .omitted).locale(Locale(identifier: language))
            style.timeZone = TimeZone(identifier: "UTC")!
            return date.formatted(style)
        }
    }
}
