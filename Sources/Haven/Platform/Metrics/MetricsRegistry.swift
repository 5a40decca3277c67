import Foundation
import NIOConcurrencyHelpers

/// Request counts and durations by route pattern and status class, kept in memory per process and
/// written in the Prometheus text format. Plain Swift: no HTTP, so it is tested directly.
final class MetricsRegistry: Sendable {
    /// Upper bounds of the duration histogram, in seconds.
    static let durationBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Key: Hashable, Sendable, Comparable {
        var method: String
        var route: String
        var statusClass: String

        static func < (a: Key, b: Key) -> Bool {
            (a.route, a.method, a.statusClass) < (b.route, b.method, b.statusClass)
        }
    }

    struct Series: Sendable {
        /// Non-cumulative counts per bucket, plus one for +Inf.
        var buckets = [Int](repeating: 0, count: MetricsRegistry.durationBuckets.count + 1)
        var count = 0
        var sum = 0.0
    }

    private let series = NIOLockedValueBox<[Key: Series]>([:])

    func record(method: String, route: String, status: Int, seconds: Double) {
        let key = Key(method: method, route: route, statusClass: "\(status / 100)xx")
        let bucket = Self.durationBuckets.firstIndex { seconds <= $0 } ?? Self.durationBuckets.count
        series.withLockedValue { all in
            all[key, default: Series()].buckets[bucket] += 1
            all[key, default: Series()].count += 1
            all[key, default: Series()].sum += seconds
        }
    }

    func snapshot() -> [Key: Series] { series.withLockedValue { $0 } }

    /// The Prometheus exposition of the request metrics followed by any extra gauges.
    func render(gauges: [Gauge] = []) -> String {
        let all = snapshot().sorted { $0.key < $1.key }
        var out = """
            # HELP haven_http_requests_total HTTP requests by route pattern and status class.
            # TYPE haven_http_requests_total counter

            """
        for (key, value) in all {
            out += "haven_http_requests_total{\(labels(key))} \(value.count)\n"
        }
        out += """
            # HELP haven_http_request_duration_seconds Time from request head to response, by route pattern and status class.
            # TYPE haven_http_request_duration_seconds histogram

            """
        for (key, value) in all {
            var cumulative = 0
            for (index, bound) in Self.durationBuckets.enumerated() {
                cumulative += value.buckets[index]
                out += "haven_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "haven_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(value.count)\n"
            out += "haven_http_request_duration_seconds_sum{\(labels(key))} \(value.sum)\n"
            out += "haven_http_request_duration_seconds_count{\(labels(key))} \(value.count)\n"
        }
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            let labelText =
                gauge.labels.isEmpty
                ? "" : "{" + gauge.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
            out += "\(gauge.name)\(labelText) \(gauge.value)\n"
        }
        return out
    }

    struct Gauge: Sendable {
        var name: String
        var help: String
        var labels: [(String, String)] = []
        var value: Double
    }

    private func labels(_ key: Key) -> String {
        "method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\",status=\"\(key.statusClass)\""
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
