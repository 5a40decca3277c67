import Foundation
import Testing
import Vapor

@testable import Haven

@Suite("Health and metrics")
struct OperationsTests {
    @Test func healthIsOKWhenTheDatabaseAnswers() async throws {
        try await withApp { app in
            let response = try await app.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.text == #"{"status":"ok"}"#)
        }
    }

    /// A server whose database is down still starts, says so on /healthz, and still shows crisis lines.
    @Test func healthIs503AndHelpStillWorksWhenTheDatabaseIsDown() async throws {
        let port = try await HavenProcess.freePort()  // nothing listens there
        let unreachable = TestDatabase.Instance(
            location: .postgres(url: "postgres://haven@127.0.0.1:\(port)/haven"), drop: {})
        try await withApp(database: unreachable) { app in
            let health = try await app.get("/healthz")
            #expect(health.status == .serviceUnavailable)
            #expect(health.text == #"{"status":"unavailable"}"#)
            let help = try await app.get("/help")
            #expect(help.status == .ok)
            #expect(help.text.contains("Haven ships with"))
            #expect(help.text.contains("988 Suicide &amp; Crisis Lifeline"))
            // The banner still names the deployment's line, from the list built into Haven.
            #expect(help.text.contains(#"<a class="crisis-banner__number" href="tel:988">988</a>"#))
            let metrics = try await app.get("/metrics")
            #expect(metrics.text.contains(#"haven_database_up{driver="postgres"} 0.0"#))
        }
    }

    @Test func metricsCountRequestsByRoutePatternAndStatusClass() async throws {
        try await withApp { app in
            for _ in 0..<3 { _ = try await app.get("/help?country=GB") }
            _ = try await app.get("/secret-person@example.org")
            _ = try await app.get("/css/haven.css")
            let response = try await app.get("/metrics")
            #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = response.text
            #expect(text.contains(#"haven_http_requests_total{method="GET",route="/help",status="2xx"} 3"#))
            #expect(text.contains(#"haven_http_requests_total{method="GET",route="unmatched",status="4xx"} 1"#))
            #expect(text.contains(#"haven_http_requests_total{method="GET",route="static",status="2xx"} 1"#))
            #expect(
                text.contains(#"haven_http_request_duration_seconds_count{method="GET",route="/help",status="2xx"} 3"#))
            #expect(text.contains("haven_database_up{driver="))
            #expect(text.contains("haven_database_pool_connections_max{driver="))
            #expect(!text.contains("example.org"), "raw paths must never become labels")
        }
    }
}
