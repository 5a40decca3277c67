import Foundation
import Testing
import Vapor

@testable import Haven

@Suite("Errors and limits")
struct HTTPHygieneTests {
    @Test func unknownPathGivesTheNotFoundPageInTheLayout() async throws {
        try await withApp { app in
            let response = try await app.get("/no/such/page?x=1")
            #expect(response.status == .notFound)
            #expect(response.text.contains("<h1>Page not found</h1>"))
            #expect(response.text.contains(#"<aside class="crisis-banner""#))
            #expect(response.text.contains(#"<a href="/help">get help now</a>"#))
        }
    }

    @Test func apiErrorsAreJSON() async throws {
        try await withApp { app in
            let response = try await app.get("/api/v1/nothing-here")
            #expect(response.status == .notFound)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let body = try JSONDecoder().decode([String: String].self, from: Data(response.text.utf8))
            #expect(body == ["error": "Not Found", "reason": "There is nothing at this address."])
        }
    }

    @Test func twoMebibytePostGets413Everywhere() async throws {
        try await withApp { app in
            let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024)
            let page = try await app.send(.POST, "/", body: body)
            #expect(page.status == .payloadTooLarge)
            #expect(page.text.contains("larger than this site accepts (1 MiB)"))
            #expect(page.text.contains(#"<aside class="crisis-banner""#))
            let api = try await app.send(
                .POST, "/api/v1/anything", headers: [("Content-Type", "application/json")], body: body)
            #expect(api.status == .payloadTooLarge)
            #expect(api.text.contains(#""reason":"The request is larger than this server accepts (1 MiB)."#))
        }
    }

    @Test func theLimitIsConfigurableAndSmallBodiesPass() async throws {
        try await withApp({ $0.maxBodyBytes = 1024 }) { app in
            let small = try await app.send(
                .POST, "/", headers: [("Sec-Fetch-Site", "same-origin")], body: ByteBuffer(repeating: 0x61, count: 1000)
            )
            #expect(small.status == .notFound)
            let large = try await app.send(.POST, "/", body: ByteBuffer(repeating: 0x61, count: 1025))
            #expect(large.status == .payloadTooLarge)
            let spanish = try await app.send(.POST, "/?lang=es", body: ByteBuffer(repeating: 0x61, count: 2048))
            #expect(spanish.text.contains("más grande de lo que este sitio acepta (1 KiB)"))
        }
    }

    /// An unexpected failure shows the layout's error page; nothing of the error reaches the person.
    @Test func serverErrorsLeakNothing() async throws {
        struct SecretFailure: Error, CustomStringConvertible {
            var description: String { "SELECT password FROM secrets at /srv/haven/Sources/X.swift:12" }
        }
        try await withApp(setUp: { app in
            app.get("boom") { _ -> String in throw SecretFailure() }
            app.get("api", "boom") { _ -> String in throw SecretFailure() }
        }) { app in
            let page = try await app.get("/boom")
            #expect(page.status == .internalServerError)
            #expect(page.text.contains("Something went wrong on our side"))
            #expect(
                !page.text.contains("SELECT") && !page.text.contains("SecretFailure") && !page.text.contains(".swift"))
            let api = try await app.get("/api/boom")
            #expect(api.status == .internalServerError)
            #expect(!api.text.contains("SELECT") && !api.text.contains("SecretFailure"))
            #expect(api.text.contains(#""error":"Internal Server Error""#))
        }
    }
}
