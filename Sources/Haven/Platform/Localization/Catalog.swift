import Foundation

/// The user-facing strings of one language, loaded from `Resources/Locales/<language>.json`
/// (a flat object of key → text; `{name}` marks a placeholder).
public struct Catalog: Sendable {
    public let language: String
    let entries: [String: String]

    public init(language: String, entries: [String: String]) {
        self.language = language
        self.entries = entries
    }

    public init(language: String, json: Data) throws {
        self.init(language: language, entries: try JSONDecoder().decode([String: String].self, from: json))
    }

    public var keys: Dictionary<String, String>.Keys { entries.keys }
}

/// Every catalog a deployment ships, and the strings for one request's language.
public struct Localization: Sendable {
    public static let fallbackLanguage = "en"

    public let catalogs: [String: Catalog]

    public init(catalogs: [Catalog]) {
        self.catalogs = Dictionary(catalogs.map { ($0.language, $0) }, uniquingKeysWith: { first, _ in first })
        self.languages = Set(self.catalogs.keys)
        precondition(self.catalogs[Self.fallbackLanguage] != nil, "the English catalog is the fallback and must exist")
    }

    /// Loads every `*.json` file in a folder; the file name (without extension) is the language tag.
    public static func load(from folder: URL) throws -> Localization {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        let catalogs = try files.map { file in
            do {
                return try Catalog(
                    language: file.deletingPathExtension().lastPathComponent, json: Data(contentsOf: file))
            } catch {
                throw LocalizationError.unreadableCatalog(file.lastPathComponent, "\(error)")
            }
        }
        guard catalogs.contains(where: { $0.language == fallbackLanguage }) else {
            throw LocalizationError.missingFallback(folder.path)
        }
        return Localization(catalogs: catalogs)
    }

    /// The languages there is a catalog for; every page asks, so it is worked out once.
    public let languages: Set<String>

    /// The strings for a language, falling back key by key to English so a partial translation still works.
    public func strings(for language: String) -> Strings {
        let fallback = catalogs[Self.fallbackLanguage]!
        return Strings(
            language: catalogs[language] == nil ? Self.fallbackLanguage : language,
            primary: catalogs[language] ?? fallback, fallback: fallback)
    }
}

public enum LocalizationError: Error, CustomStringConvertible {
    case unreadableCatalog(String, String)
    case missingFallback(String)

    public var description: String {
        switch self {
        case .unreadableCatalog(let file, let problem):
            "Resources/Locales/\(file) is not a JSON object of strings: \(problem)"
        case .missingFallback(let folder): "\(folder) has no en.json, the catalog every other language falls back to"
        }
    }
}

/// The strings one page is rendered with.
public struct Strings: Sendable {
    public let language: String
    let primary: Catalog
    let fallback: Catalog

    /// The text for a key with its `{placeholders}` filled in. A key missing from every catalog renders as
    /// the key itself, which the catalog test catches before it ships.
    public subscript(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = primary.entries[key] ?? fallback.entries[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}
