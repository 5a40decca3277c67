import NIOConcurrencyHelpers

/// Runs work that may hang (a database that stopped answering) against a deadline.
enum Deadline {
    /// The operation's result, or nil when it failed or did not finish in time. The operation is left to
    /// finish on its own: a query cannot be taken back once sent, but nobody waits for it.
    static func run<T: Sendable>(within limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async
        -> T?
    {
        await withCheckedContinuation { continuation in
            let resumed = NIOLockedValueBox(false)
            let finish: @Sendable (T?) -> Void = { value in
                let first = resumed.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: value) }
            }
            Task { finish(try? await operation()) }
            Task {
                try? await Task.sleep(for: limit)
                finish(nil)
            }
        }
    }
}
