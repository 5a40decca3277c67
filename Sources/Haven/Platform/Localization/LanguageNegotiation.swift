import Foundation

/// Chooses the language a page is shown in: an explicit `?lang=` first, then the browser's
/// `Accept-Language` preferences (by quality), then English.
public enum LanguageNegotiation {
    public static func choose(query: String?, acceptLanguage: String?, available: Set<String>) -> String {
        if let query = query.map(normalize), let match = bestMatch(for: query, in: available) {
            return match
        }
        for tag in preferences(from: acceptLanguage ?? "") {
            if let match = bestMatch(for: tag, in: available) { return match }
        }
        return Localization.fallbackLanguage
    }

    /// `es-MX` matches `es-MX` if shipped, else `es`.
    static func bestMatch(for tag: String, in available: Set<String>) -> String? {
        if available.contains(tag) { return tag }
        let base = String(tag.split(separator: "-").first ?? "")
        return available.contains(base) ? base : nil
    }

    /// Language tags of an `Accept-Language` header, most preferred first; `q=0` means "not this one".
    static func preferences(from header: String) -> [String] {
        let weighted: [(tag: String, quality: Double, index: Int)] = header.split(separator: ",").enumerated()
            .compactMap { index, part in
                let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let first = pieces.first, !first.isEmpty, first != "*" else { return nil }
                var quality = 1.0
                for piece in pieces.dropFirst() where piece.hasPrefix("q=") {
                    quality = Double(piece.dropFirst(2)) ?? 0
                }
                return quality > 0 ? (normalize(first), quality, index) : nil
            }
        return weighted.sorted { ($0.quality, -$0.index) > ($1.quality, -$1.index) }.map(\.tag)
    }

    /// `EN_gb` → `en-GB`.
    static func normalize(_ tag: String) -> String {
        let parts = tag.replacingOccurrences(of: "_", with: "-").split(separator: "-")
        guard let language = parts.first else { return "" }
        let rest = parts.dropFirst().map { $0.count == 2 ? $0.uppercased() : $0.lowercased() }
        return ([language.lowercased()] + rest).joined(separator: "-")
    }
}
