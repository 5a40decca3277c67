import Plot
import Vapor

/// A rendered HTML page and its status; what every page handler returns.
struct Page: AsyncResponseEncodable {
    var status: HTTPStatus = .ok
    var html: String

    init(_ document: HTML, status: HTTPStatus = .ok) {
        self.init(html: document.render(), status: status)
    }

    init(html: String, status: HTTPStatus = .ok) {
        self.status = status
        self.html = html
    }

    func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        // The language is negotiated from this header, so caches must keep one copy per language.
        headers.replaceOrAdd(name: .vary, value: "Accept-Language")
        return Response(status: status, headers: headers, body: .init(string: html))
    }
}

/// Everything the shared layout needs to know about the request a page is rendered for.
struct PageContext: Sendable {
    var strings: Strings
    var path: String
    var country: String
    var banner: CrisisLineSummary?
    var quickExitURL: String
    /// The signed-in person, if any.
    var viewer: Viewer?

    var language: String { strings.language }

    /// The token a signed-in person's forms carry (see `RequestForgeryMiddleware`).
    var csrfToken: String? { viewer?.csrfToken }

    /// What, besides the page itself, makes two readers' copies of a page differ; nil for a signed-in
    /// person, whose pages carry their name and token and are never shared.
    var cacheKey: String? {
        guard viewer == nil else { return nil }
        return "\(language)|\(country)|\(path)|\(banner?.name ?? "")|\(banner?.phone ?? "")"
    }
}

extension Request {
    /// The language, strings and crisis-banner line for this request.
    func pageContext() async -> PageContext {
        let localization = application.localization
        let language = LanguageNegotiation.choose(
            query: query[String.self, at: "lang"],
            acceptLanguage: headers.first(name: .acceptLanguage),
            available: localization.languages)
        let banner = await application.crisisLines.bannerLine(for: application.havenConfig.country, on: db)
        return PageContext(
            strings: localization.strings(for: language), path: url.path,
            country: application.havenConfig.country, banner: banner,
            quickExitURL: application.havenConfig.quickExitURL, viewer: viewer)
    }
}
