import NIOConcurrencyHelpers

/// Rendered HTML of pages that are the same for every anonymous reader who shares a key (page, language,
/// country, banner line). Rendering with Plot costs far more than serving the bytes, and these pages are
/// what people in distress open first.
///
/// Only for pages whose HTML depends on nothing but the key: never for a signed-in person's page, a form
/// with their input, or anything with a per-request token.
final class RenderedPageCache: Sendable {
    private struct Entry: Sendable {
        var html: String
        var renderedAt: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let timeToLive: Duration
    /// Keys come partly from query strings; past this many entries the cache starts over rather than grow.
    private let capacity: Int

    init(timeToLive: Duration = .seconds(60), capacity: Int = 512) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The cached HTML for `key`, rendering it if needed; with no key (a signed-in person's page), just renders.
    func html(for key: String?, render: () -> String) -> String {
        guard let key else { return render() }
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[key] }), entry.renderedAt.duration(to: now) < timeToLive {
            return entry.html
        }
        let html = render()
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(html: html, renderedAt: now)
        }
        return html
    }

    func removeAll() { entries.withLockedValue { $0.removeAll() } }

    var count: Int { entries.withLockedValue { $0.count } }
}
