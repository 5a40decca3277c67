import Foundation
import Testing
import Vapor

@testable import Haven

/// The layout every page shares: crisis banner, quick exit, skip link, navigation; and what every
/// response carries (security headers, no cookie).
@Suite("Page shell")
struct PageShellTests {
    /// One page of each type, including the error pages.
    static let pageTypes = ["/", "/help", "/help?country=GB", "/browse-safely", "/no-such-page"]

    @Test func everyPageTypeHasTheBannerAndQuickExitInTheSamePlace() async throws {
        try await withApp { app in
            for path in Self.pageTypes {
                let page = try await app.get(path)
                let html = page.text
                #expect(page.header("Content-Type")?.hasPrefix("text/html") == true, "\(path)")
                // Order: skip link, header with the quick exit, banner, main, footer.
                let positions = [
                    ##"<a class="skip-link" href="#main">"##,
                    #"class="quick-exit__button" href="https://www.bbc.co.uk/weather" rel="noreferrer" data-quick-exit="true""#,
                    #"<aside class="crisis-banner" aria-label="Urgent help">"#, ##"<main id="main""##,
                    #"<footer class="site-footer">"#,
                ].map { html.range(of: $0)?.lowerBound }
                #expect(!positions.contains(nil), "\(path) lacks part of the shell")
                #expect(
                    positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(path) shell out of order")
                #expect(html.contains(#"<a class="crisis-banner__number" href="tel:988">988</a>"#), "\(path)")
                #expect(html.contains(#"<script src="/js/quick-exit.js" defer></script>"#))
            }
        }
    }

    @Test func bannerFollowsTheDeploymentCountry() async throws {
        try await withApp({ $0.country = "AU" }) { app in
            let html = try await app.get("/").text
            #expect(html.contains(#"href="tel:131114">13 11 14</a> (Lifeline Australia)"#))
        }
        try await withApp({ $0.country = "FR" }) { app in
            let html = try await app.get("/").text
            #expect(!html.contains("crisis-banner__number"))
            #expect(html.contains("Find a crisis line you can call or text now."))
            #expect(html.contains(#"<a href="/help">Crisis lines in other countries</a>"#))
        }
    }

    @Test func navigationHasNoDeadLinks() async throws {
        try await withApp { app in
            let html = try await app.get("/").text
            let nav = try #require(html.range(of: #"<nav class="site-nav""#).map { html[$0.lowerBound...] })
            let navHTML = nav[..<nav.range(of: "</nav>")!.upperBound]
            let links = navHTML.matches(of: #/href="([^"]+)"/#).map { String($0.output.1) }
            #expect(links == ["/", "/help", "/directory", "/browse-safely", "/sign-in"])
            for link in links {
                let status = try await app.get(link).status
                #expect(status == .ok, "\(link)")
            }
            let current = try await app.get("/help").text
            #expect(current.contains(#"<a href="/help" aria-current="page">"#))
        }
    }

    @Test func languageComesFromQueryThenAcceptLanguage() async throws {
        try await withApp { app in
            let spanish = try await app.get("/", headers: [("Accept-Language", "es-ES,es;q=0.9,en;q=0.5")])
            #expect(spanish.text.contains(#"<html lang="es">"#))
            #expect(spanish.text.contains("Salir de esta página"))
            #expect(spanish.header("Vary")?.contains("Accept-Language") == true)
            let forced = try await app.get("/?lang=en", headers: [("Accept-Language", "es")])
            #expect(forced.text.contains(#"<html lang="en">"#))
            let fallback = try await app.get("/", headers: [("Accept-Language", "de")])
            #expect(fallback.text.contains(#"<html lang="en">"#))
            #expect(fallback.text.contains("Exit this page"))
        }
    }

    @Test func securityHeadersOnEveryResponse() async throws {
        try await withApp { app in
            for path in Self.pageTypes + [
                "/healthz", "/metrics", "/css/haven.css", "/js/quick-exit.js", "/api/nothing",
            ] {
                let response = try await app.get(path)
                let csp = try #require(response.header("Content-Security-Policy"), "\(path)")
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(response.header("Referrer-Policy") == "no-referrer", "\(path)")
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.header("Strict-Transport-Security") == nil, "no HSTS over plain http")
                #expect(response.header("Set-Cookie") == nil, "\(path) set a cookie for a reader")
            }
            let cacheControl = try await app.get("/").header("Cache-Control")
            #expect(cacheControl == "no-store")
        }
    }

    @Test func hstsWhenTheBaseURLIsHTTPS() async throws {
        try await withApp({ $0.baseURL = URL(string: "https://help.example.org") }) { app in
            let hsts = try await app.get("/").header("Strict-Transport-Security")
            #expect(hsts == "max-age=31536000; includeSubDomains")
        }
    }

    /// The layout ships no inline script or style and nothing from another origin.
    @Test func pagesLoadNothingFromElsewhere() async throws {
        try await withApp { app in
            for path in Self.pageTypes {
                let html = try await app.get(path).text
                #expect(!html.contains("<script>"), "\(path) has an inline script")
                #expect(!html.contains("style="), "\(path) has an inline style")
                let sources = html.matches(of: #/(?:src|href)="([^"]+)"/#).map { String($0.output.1) }
                let loaded = html.matches(of: #/<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"/#).map {
                    String($0.output.1)
                }
                #expect(loaded.allSatisfy { $0.hasPrefix("/") }, "\(path) loads \(loaded)")
                #expect(!sources.isEmpty)
            }
        }
    }

    @Test func homePageAndStylesheetAreUnder50KB() async throws {
        try await withApp { app in
            let html = try await app.get("/").text
            let css = try await app.get("/css/haven.css").text
            let script = try await app.get("/js/quick-exit.js").text
            let total = html.utf8.count + css.utf8.count
            #expect(total < 50 * 1024, "home page HTML + CSS is \(total) bytes")
            #expect(total + script.utf8.count < 50 * 1024)
        }
    }
}
