import Foundation
import Vapor

/// The `/directory` search form as a person filled it in (a GET form, so every search is a link that can be
/// bookmarked, shared or paged). Kept as typed, so the form shows it back.
struct DirectoryForm: Sendable, Equatable {
    var q = ""
    var place = ""
    var radius = "25"
    var need = ""
    var audience = ""
    var reach = ""
    var language = ""
    var free = false
    var open = false
    var age = ""
    var page = 1

    static let radii = ["5", "10", "25", "50", "100"]

    init() {}

    init(_ req: Request) {
        func text(_ name: String, limit: Int = 200) -> String {
            String(
                (req.query[String.self, at: name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(limit))
        }
        q = text("q")
        place = text("place", limit: 100)
        radius = Self.radii.contains(text("radius")) ? text("radius") : "25"
        need = text("need", limit: 40)
        audience = text("audience", limit: 40)
        reach = text("reach", limit: 40)
        language = text("language", limit: 20)
        free = ["1", "on", "true"].contains(text("free"))
        open = ["1", "on", "true"].contains(text("open"))
        age = text("age", limit: 10)
        page = max(1, min(Int(text("page")) ?? 1, 100_000))
    }

    var isEmpty: Bool {
        q.isEmpty && place.isEmpty && need.isEmpty && audience.isEmpty && reach.isEmpty && language.isEmpty && !free
            && !open
            && age.isEmpty
    }

    /// The search as query parameters, for links to other pages of it (empty values left out).
    func parameters(page: Int) -> [(String, String)] {
        var items: [(String, String)] = []
        for (name, value) in [
            ("q", q), ("place", place), ("need", need), ("audience", audience), ("reach", reach),
            ("language", language), ("age", age),
        ] where !value.isEmpty {
            items.append((name, value))
        }
        if !place.isEmpty { items.append(("radius", radius)) }
        if free { items.append(("free", "1")) }
        if open { items.append(("open", "1")) }
        if page > 1 { items.append(("page", String(page))) }
        return items
    }
}
