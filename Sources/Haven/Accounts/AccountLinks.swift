import Vapor

extension HavenConfig {
    /// Where links in mail point. Mail must never take its host from a request's `Host` header (anyone can
    /// send any), so it is the configured base URL, or the address `haven demo` serves on.
    var publicBaseURL: String {
        guard let baseURL else { return "http://127.0.0.1:8080" }
        let text = baseURL.absoluteString
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    func absoluteURL(_ url: SiteURL, query: [(String, String)] = []) -> String {
        publicBaseURL + url.path(query: query)
    }
}

extension Request {
    /// A `next` parameter that is safe to redirect to: a path on this site, never `//elsewhere`.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
            !next.contains("\r"), !next.contains("\n")
        else { return nil }
        return next
    }

    func seeOther(_ path: String) -> Response { redirect(to: path, redirectType: .normal) }
}
