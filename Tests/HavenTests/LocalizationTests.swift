import Foundation
import Testing

@testable import Haven

@Suite("Strings and languages")
struct LocalizationTests {
    let available: Set<String> = ["en", "es"]

    @Test func queryParameterWinsOverTheBrowser() {
        #expect(LanguageNegotiation.choose(query: "es", acceptLanguage: "en-GB,en;q=0.9", available: available) == "es")
    }

    @Test func acceptLanguageIsReadByQuality() {
        #expect(
            LanguageNegotiation.choose(
                query: nil, acceptLanguage: "fr;q=0.9, es-MX;q=0.8, en;q=0.1", available: available) == "es")
        #expect(
            LanguageNegotiation.choose(query: nil, acceptLanguage: "en;q=0.5, es;q=0.7", available: available) == "es")
        #expect(LanguageNegotiation.choose(query: nil, acceptLanguage: "es;q=0, en", available: available) == "en")
    }

    @Test func unknownLanguagesFallBackToEnglish() {
        #expect(LanguageNegotiation.choose(query: "xx", acceptLanguage: "de-DE", available: available) == "en")
        #expect(LanguageNegotiation.choose(query: nil, acceptLanguage: nil, available: available) == "en")
        #expect(LanguageNegotiation.choose(query: nil, acceptLanguage: "*", available: available) == "en")
    }

    @Test func tagsAreNormalised() {
        #expect(LanguageNegotiation.normalize("ES_mx") == "es-MX")
        #expect(LanguageNegotiation.choose(query: "ES", acceptLanguage: nil, available: available) == "es")
    }

    @Test func placeholdersAreFilledAndMissingKeysFallBack() {
        let localization = Localization(catalogs: [
            Catalog(language: "en", entries: ["greet": "Hello {name}", "only.en": "English"]),
            Catalog(language: "es", entries: ["greet": "Hola {name}"]),
        ])
        let spanish = localization.strings(for: "es")
        #expect(spanish["greet", ["name": "Ana"]] == "Hola Ana")
        #expect(spanish["only.en"] == "English")
        #expect(localization.strings(for: "de").language == "en")
    }

    static func shippedCatalogs() throws -> Localization {
        try Localization.load(from: packageRoot.appendingPathComponent("Resources/Locales"))
    }

    /// A translation that lacks a key would show English inside a page marked as another language.
    @Test func everyCatalogHasExactlyTheEnglishKeys() throws {
        let localization = try Self.shippedCatalogs()
        let english = Set(localization.catalogs["en"]!.keys)
        for (language, catalog) in localization.catalogs where language != "en" {
            let keys = Set(catalog.keys)
            #expect(english.subtracting(keys).sorted() == [], "missing from \(language).json")
            #expect(keys.subtracting(english).sorted() == [], "in \(language).json but not in en.json")
        }
    }

    /// Every string key the code looks up (`s["…"]`, `strings["…"]`, `…Key: "…"` and `("…", "…")` pairs of
    /// keys) exists in the English catalog, so no page ever shows a raw key.
    @Test func everyKeyTheCodeUsesIsInTheEnglishCatalog() throws {
        let english = Set(try Self.shippedCatalogs().catalogs["en"]!.keys)
        let sources = FileManager.default.enumerator(
            at: packageRoot.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        let keyPattern = try Regex(
            #""((?:site|layout|nav|quickExit|banner|footer|error|home|help|safely|form|role|signUp|signIn|verify|forgot|reset|account|changeEmail|delete|tokens|report|moderation|admin|mail|organizations|directory)\.(?!csv")[A-Za-z0-9.]*[A-Za-z0-9])""#
        )
        var used = Set<String>()
        for file in sources {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: keyPattern) {
                if let key = match.output[1].substring { used.insert(String(key)) }
            }
        }
        #expect(used.count > 40)
        #expect(used.subtracting(english).sorted() == [])
    }
}
