import Testing

@testable import Haven

@Suite("Rendered page cache")
struct RenderedPageCacheTests {
    @Test func rendersOncePerKeyUntilItExpires() async throws {
        let cache = RenderedPageCache(timeToLive: .milliseconds(200), capacity: 10)
        var renders = 0
        let first = cache.html(for: "home|en") {
            renders += 1; return "A"
        }
        let again = cache.html(for: "home|en") {
            renders += 1; return "B"
        }
        let other = cache.html(for: "home|es") {
            renders += 1; return "C"
        }
        #expect((first, again, other, renders) == ("A", "A", "C", 2))
        try await Task.sleep(for: .milliseconds(250))
        let expired = cache.html(for: "home|en") {
            renders += 1; return "D"
        }
        #expect((expired, renders) == ("D", 3))
    }

    @Test func neverGrowsPastItsCapacity() {
        let cache = RenderedPageCache(capacity: 3)
        for index in 0..<10 { _ = cache.html(for: "page-\(index)") { "x" } }
        #expect(cache.count <= 3)
        cache.removeAll()
        #expect(cache.count == 0)
    }
}
