import Vapor

/// The values Haven keeps on the `Application`, set once by `configure`.
extension Application {
    private struct ConfigKey: StorageKey { typealias Value = HavenConfig }
    private struct LocalizationKey: StorageKey { typealias Value = Localization }
    private struct CrisisBannerKey: StorageKey { typealias Value = CrisisBannerSource }
    private struct MetricsKey: StorageKey { typealias Value = MetricsRegistry }
    private struct PoolSizeKey: StorageKey { typealias Value = Int }

    public internal(set) var havenConfig: HavenConfig {
        get { storage[ConfigKey.self] ?? HavenConfig() }
        set { storage[ConfigKey.self] = newValue }
    }

    var localization: Localization {
        get {
            guard let value = storage[LocalizationKey.self] else { fatalError("configure(_:config:) loads the catalogs") }
            return value
        }
        set { storage[LocalizationKey.self] = newValue }
    }

    var crisisBanner: CrisisBannerSource {
        get {
            guard let value = storage[CrisisBannerKey.self] else { fatalError("configure(_:config:) sets the banner source") }
            return value
        }
        set { storage[CrisisBannerKey.self] = newValue }
    }

    var metrics: MetricsRegistry {
        get {
            guard let value = storage[MetricsKey.self] else { fatalError("configure(_:config:) sets the metrics registry") }
            return value
        }
        set { storage[MetricsKey.self] = newValue }
    }

    /// How many database connections this process may open.
    var databasePoolSize: Int {
        get { storage[PoolSizeKey.self] ?? 0 }
        set { storage[PoolSizeKey.self] = newValue }
    }
}
