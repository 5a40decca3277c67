import Foundation

/// ISO 639 language codes as the directory uses them: validated, reduced to their primary language for
/// filtering ("es-MX" is Spanish), and named in English and in the language itself for search.
enum LanguageCodes {
    private static let known: Set<String> = Set(Locale.LanguageCode.isoLanguageCodes.map { $0.identifier.lowercased() })

    /// A two- or three-letter ISO 639 code, optionally with a region or script ("es", "es-MX", "zh-Hant").
    static func isValid(_ code: String) -> Bool {
        let primary = primary(code)
        return (2...3).contains(primary.count) && known.contains(primary)
    }

    static func primary(_ code: String) -> String {
        String(code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }

    /// "Spanish" in the reader's language.
    static func name(_ code: String, in language: String) -> String {
        Locale(identifier: language).localizedString(forLanguageCode: primary(code)).map(capitalized) ?? code
    }

    /// The language's names a person might type: in English and in itself ("spanish", "espanol").
    static func searchNames(_ code: String) -> [String] {
        let primary = primary(code)
        return [
            Locale(identifier: "en").localizedString(forLanguageCode: primary),
            Locale(identifier: primary).localizedString(forLanguageCode: primary),
        ].compactMap { $0 }
    }

    private static func capitalized(_ name: String) -> String {
        name.prefix(1).uppercased() + name.dropFirst()
    }
}
