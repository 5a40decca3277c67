import Vapor

/// The values Haven keeps on the `Application`, set once by `configure`.
extension Application {
    private struct ConfigKey: StorageKey { typealias Value = HavenConfig }
    private struct LocalizationKey: StorageKey { typealias Value = Localization }
    private struct CrisisLinesKey: StorageKey { typealias Value = CrisisLineCatalog }
    private struct PageCacheKey: StorageKey { typealias Value = RenderedPageCache }
    private struct MetricsKey: StorageKey { typealias Value = MetricsRegistry }
    private struct PoolSizeKey: StorageKey { typealias Value = Int }

    public internal(set) var havenConfig: HavenConfig {
        get { storage[ConfigKey.self] ?? HavenConfig() }
        set { storage[ConfigKey.self] = newValue }
    }

    var localization: Localization {
        get { setByConfigure(LocalizationKey.self) }
        set { storage[LocalizationKey.self] = newValue }
    }

    var crisisLines: CrisisLineCatalog {
        get { setByConfigure(CrisisLinesKey.self) }
        set { storage[CrisisLinesKey.self] = newValue }
    }

    var pageCache: RenderedPageCache {
        get { setByConfigure(PageCacheKey.self) }
        set { storage[PageCacheKey.self] = newValue }
    }

    var metrics: MetricsRegistry {
        get { setByConfigure(MetricsKey.self) }
        set { storage[MetricsKey.self] = newValue }
    }

    /// How many database connections this process may open.
    var databasePoolSize: Int {
        get { storage[PoolSizeKey.self] ?? 0 }
        set { storage[PoolSizeKey.self] = newValue }
    }

    /// A value `configure(_:config:)` always sets; reading it earlier is a programming error.
    private func setByConfigure<Key: StorageKey>(_ key: Key.Type) -> Key.Value {
        guard let value = storage[key] else { fatalError("configure(_:config:) sets \(Key.self) before use") }
        return value
    }
}
