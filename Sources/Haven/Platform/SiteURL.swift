import Vapor

/// Every path Haven serves. Routes are registered from it and every link is built from it, so a view never
/// spells a path by hand and a renamed page cannot leave a dead link behind.
enum SiteURL: Sendable, CaseIterable {
    case home
    case help
    case browseSafely
    case healthz
    case metrics
    case stylesheet
    case quickExitScript
    /// A route that returns a constant string: the framework's ceiling in `bench/http.sh`. Registered only
    /// when `HAVEN_BENCHMARK_ROUTE=1`.
    case benchmarkCeiling

    var path: String {
        switch self {
        case .home: "/"
        case .help: "/help"
        case .browseSafely: "/browse-safely"
        case .healthz: "/healthz"
        case .metrics: "/metrics"
        case .stylesheet: "/css/haven.css"
        case .quickExitScript: "/js/quick-exit.js"
        case .benchmarkCeiling: "/bench/ceiling"
        }
    }

    /// The path with a query, e.g. `SiteURL.help.path(query: ["country": "GB"])` → `/help?country=GB`.
    func path(query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return path + "?" + (components.percentEncodedQuery ?? "")
    }

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// Files served from `Public/` rather than by a route.
    var isStaticFile: Bool { self == .stylesheet || self == .quickExitScript }
}
