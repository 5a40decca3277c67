import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import Haven

@Suite("Crisis line catalog")
struct CrisisLineCatalogTests {
    struct DatabaseDown: Error {}

    /// Counts how often the catalog asks, and answers with the lines or an error as the test says.
    final class FakeSource: Sendable {
        let calls = NIOLockedValueBox(0)
        let failing = NIOLockedValueBox(false)
        let lines = CrisisLineCatalog.builtIn.filter { $0.countryCode == "GB" }

        func load() async throws -> [CrisisLineSummary] {
            calls.withLockedValue { $0 += 1 }
            if failing.withLockedValue({ $0 }) { throw DatabaseDown() }
            return lines
        }
    }

    @Test func readsTheDatabaseOncePerMinuteNotPerPage() async {
        let catalog = CrisisLineCatalog()
        let source = FakeSource()
        for _ in 0..<50 { _ = await catalog.snapshot(load: source.load) }
        #expect(source.calls.withLockedValue { $0 } == 1)
        catalog.invalidate()
        let fresh = await catalog.snapshot(load: source.load)
        #expect(source.calls.withLockedValue { $0 } == 2)
        #expect(fresh.lines.map(\.name) == ["Samaritans", "Shout"])
    }

    @Test func aDownDatabaseGetsTheBuiltInLinesAndIsNotAskedOnEveryPage() async throws {
        // A clock the test moves by hand: 20 page views happen "at once", however busy the machine is.
        let now = NIOLockedValueBox(ContinuousClock.now)
        let catalog = CrisisLineCatalog(retryAfterFailure: .seconds(5), clock: { now.withLockedValue { $0 } })
        let source = FakeSource()
        source.failing.withLockedValue { $0 = true }
        var failuresReported = 0
        let first = await catalog.snapshot(load: source.load, failed: { failuresReported += 1 })
        #expect(first.fromFallback)
        #expect(first.lines.count == SeedCrisisLines.lines.count)
        for _ in 0..<20 { _ = await catalog.snapshot(load: source.load, failed: { failuresReported += 1 }) }
        #expect(failuresReported == 1, "the failure is logged once per attempt, not once per page")
        #expect(source.calls.withLockedValue { $0 } == 1, "a failing database is retried after a pause, not per page")
        // 4.9 s later it is still not asked; once the pause is over and it answers again, the real lines return.
        now.withLockedValue { $0 += .milliseconds(4900) }
        _ = await catalog.snapshot(load: source.load)
        #expect(source.calls.withLockedValue { $0 } == 1)
        source.failing.withLockedValue { $0 = false }
        now.withLockedValue { $0 += .milliseconds(200) }
        let recovered = await catalog.snapshot(load: source.load)
        #expect(!recovered.fromFallback)
        #expect(recovered.lines.count == 2)
    }

    @Test func aFailureAfterAGoodReadKeepsTheLinesLastRead() async throws {
        let catalog = CrisisLineCatalog(timeToLive: .milliseconds(100))
        let source = FakeSource()
        _ = await catalog.snapshot(load: source.load)
        source.failing.withLockedValue { $0 = true }
        try await Task.sleep(for: .milliseconds(150))
        let stale = await catalog.snapshot(load: source.load)
        #expect(!stale.fromFallback)
        #expect(stale.lines.map(\.name) == ["Samaritans", "Shout"])
    }

    @Test func aHungDatabaseIsNotWaitedForPastTheDeadline() async {
        let catalog = CrisisLineCatalog(databaseDeadline: .milliseconds(200))
        let started = ContinuousClock.now
        let snapshot = await catalog.snapshot {
            try await Task.sleep(for: .seconds(30))
            return []
        }
        #expect(snapshot.fromFallback)
        #expect(started.duration(to: .now) < .seconds(5))
    }
}
