import Foundation

/// ISO 3166-1 alpha-2 country codes and their names in the reader's language.
public enum Countries {
    /// ICU's region list also holds codes that are reserved but not countries; those are not accepted.
    private static let notCountries: Set<String> = [
        "AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ",
    ]

    public static let assignedCodes: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { code in
            code.count == 2 && code.allSatisfy { $0.isASCII && $0.isUppercase } && !notCountries.contains(code)
        })

    public static func isAssigned(_ code: String) -> Bool { assignedCodes.contains(code) }

    /// The country's name in the given language, e.g. "United Kingdom" or "Reino Unido"; the code itself if unknown.
    public static func name(of code: String, language: String) -> String {
        LocaleNames.country(code, in: language)
    }
}
