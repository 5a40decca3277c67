import Testing

@testable import Haven

@Suite("Metrics registry")
struct MetricsRegistryTests {
    @Test func countsAndHistogramsByRouteAndStatusClass() {
        let metrics = MetricsRegistry()
        metrics.record(method: "GET", route: "/help", status: 200, seconds: 0.0004)
        metrics.record(method: "GET", route: "/help", status: 204, seconds: 0.003)
        metrics.record(method: "GET", route: "/help", status: 503, seconds: 2)
        let text = metrics.render()
        #expect(text.contains(#"haven_http_requests_total{method="GET",route="/help",status="2xx"} 2"#))
        #expect(text.contains(#"haven_http_requests_total{method="GET",route="/help",status="5xx"} 1"#))
        // Buckets are cumulative: 0.0004 is under 1 ms; 0.003 falls in the 5 ms bucket.
        #expect(
            text.contains(
                #"haven_http_request_duration_seconds_bucket{method="GET",route="/help",status="2xx",le="0.001"} 1"#))
        #expect(
            text.contains(
                #"haven_http_request_duration_seconds_bucket{method="GET",route="/help",status="2xx",le="0.005"} 2"#))
        #expect(
            text.contains(
                #"haven_http_request_duration_seconds_bucket{method="GET",route="/help",status="5xx",le="1.0"} 0"#))
        #expect(
            text.contains(
                #"haven_http_request_duration_seconds_bucket{method="GET",route="/help",status="5xx",le="+Inf"} 1"#))
        #expect(text.contains(#"haven_http_request_duration_seconds_count{method="GET",route="/help",status="2xx"} 2"#))
    }

    @Test func gaugesAndLabelEscaping() {
        let text = MetricsRegistry().render(gauges: [
            .init(name: "haven_database_up", help: "up", labels: [("driver", #"a"b\c"#)], value: 1)
        ])
        #expect(text.contains("# TYPE haven_database_up gauge"))
        #expect(text.contains(#"haven_database_up{driver="a\"b\\c"} 1.0"#))
    }
}
