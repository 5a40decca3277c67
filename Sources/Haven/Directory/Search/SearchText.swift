import Foundation

/// How the directory reads words, the same for what is indexed and what a person types: lower case, accents
/// folded ("Español" → "espanol"), split at anything that is not a letter or digit. Both databases get text
/// already read this way, so SQLite's and PostgreSQL's tokenizers see the same words.
enum SearchText {
    static func words(_ text: String) -> [String] {
        // Split the bytes at ASCII separators and fold only the words that hold non-ASCII letters: folding
        // whole descriptions made indexing slow, and most text is ASCII.
        var words: [String] = []
        var current: [UInt8] = []
        var ascii = true
        func finish() {
            guard !current.isEmpty else { return }
            if ascii {
                words.append(String(decoding: current, as: UTF8.self))
            } else {
                let folded = String(decoding: current, as: UTF8.self)
                    .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                    .lowercased()
                words += folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
            }
            current.removeAll(keepingCapacity: true)
            ascii = true
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            case 0x80...:
                current.append(byte)
                ascii = false
            default: finish()
            }
        }
        finish()
        return words
    }

    static func normalize(_ text: String) -> String { words(text).joined(separator: " ") }

    /// Words a search can leave out: they say how a person asks, not what they need.
    static let stopWords: Set<String> = [
        "a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "with", "near", "me", "my", "i", "im",
        "is", "are", "or", "some", "any", "who", "that", "help", "service", "services", "find", "need",
        "el", "la", "los", "las", "de", "del", "y", "en", "para", "con", "un", "una", "por", "cerca", "mi",
    ]

    /// The words of a query worth searching for.
    static func queryWords(_ query: String) -> [String] {
        let all = words(query)
        let kept = all.filter { !stopWords.contains($0) }
        return Array((kept.isEmpty ? all : kept).prefix(12))
    }

    /// Damerau–Levenshtein distance (adjacent swaps count as one edit: "anxeity" is one from "anxiety").
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var best = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                best = min(best, value)
            }
            if best > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// The closest known word to a misspelt one: at most one edit for words up to five letters, two beyond;
    /// among equally close words, one sharing the first letter, then the alphabetically first (so the
    /// answer never depends on the order the database returns them in).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = word.count <= 5 ? 1 : 2
        var best: (word: String, rank: (Int, Int))?
        for candidate in candidates where candidate != word {
            let distance = distance(word, candidate, limit: limit)
            guard distance <= limit else { continue }
            let rank = (distance, candidate.first == word.first ? 0 : 1)
            if let current = best, current.rank < rank || (current.rank == rank && current.word < candidate) {
                continue
            }
            best = (candidate, rank)
        }
        return best?.word
    }
}
