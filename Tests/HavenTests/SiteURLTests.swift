import Testing
import Vapor

@testable import Haven

@Suite("Site paths")
struct SiteURLTests {
    @Test func pathsAreDistinctAndAbsolute() {
        let paths = SiteURL.allCases.map(\.path)
        #expect(Set(paths).count == paths.count)
        #expect(paths.allSatisfy { $0.hasPrefix("/") })
        #expect(SiteURL.help.path(query: [("country", "GB"), ("q", "a b&c")]) == "/help?country=GB&q=a%20b%26c")
    }

    /// Every path that is not a file is a registered route, so no link built from SiteURL is dead.
    @Test func everyPageIsARegisteredRoute() async throws {
        try await withApp { app in
            let registered = Set(app.app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            for url in SiteURL.allCases where !url.isStaticFile && url != .benchmarkCeiling {
                #expect(registered.contains(url.path), "\(url.path)")
            }
            for url in SiteURL.allCases where url.isStaticFile {
                let status = try await app.get(url.path).status
                #expect(status == .ok)
            }
        }
    }
}
