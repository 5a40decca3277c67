import Foundation

/// What `/help` shows: lines grouped by country, the chosen country first.
enum Help {
    struct CountryGroup: Sendable {
        var code: String
        var name: String
        var lines: [CrisisLineSummary]
    }

    struct Model: Sendable {
        var chosenCountry: String
        var deploymentCountry: String
        /// A `?country=` value that is not a country code, echoed back in the message.
        var unknownCountry: String?
        /// True when the database could not be read and the built-in list is shown.
        var fromFallback: Bool
        var language: String
        var chosen: CountryGroup
        /// Other countries' lines, by country name in the reader's language.
        var others: [CountryGroup]
        /// The chooser's options: the deployment's country first, then every country with a line by name.
        var chooserOptions: [(code: String, name: String)]

        init(
            chosenCountry: String, deploymentCountry: String, unknownCountry: String?, lines: [CrisisLineSummary],
            fromFallback: Bool, language: String
        ) {
            self.chosenCountry = chosenCountry
            self.deploymentCountry = deploymentCountry
            self.unknownCountry = unknownCountry
            self.fromFallback = fromFallback
            self.language = language
            let byCountry = Dictionary(grouping: lines, by: \.countryCode)
            func group(_ code: String) -> CountryGroup {
                CountryGroup(
                    code: code, name: Countries.name(of: code, language: language), lines: byCountry[code] ?? [])
            }
            func byName(_ a: CountryGroup, _ b: CountryGroup) -> Bool {
                a.name.localizedStandardCompare(b.name) == .orderedAscending
            }
            chosen = group(chosenCountry)
            others = byCountry.keys.filter { $0 != chosenCountry }.map(group).sorted(by: byName)
            let listed = Set(byCountry.keys).union([chosenCountry]).subtracting([deploymentCountry]).map(group).sorted(
                by: byName)
            chooserOptions = ([group(deploymentCountry)] + listed).map { (code: $0.code, name: $0.name) }
        }

        func languageName(_ tag: String) -> String { LocaleNames.language(tag, in: language) }

        func date(_ date: Date) -> String { LocaleNames.date(date, in: language) }
    }
}
