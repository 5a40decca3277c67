import Foundation
import Testing
import Vapor

@testable import Haven

/// The OpenAPI document and the router agree: every `/api/` route is described, nothing described is
/// missing. (Responses are checked against the document's schemas by an independent validator in
/// `Tests/browser/test_api.py`.)
@Suite("API description")
struct APIDocumentTests {
    static func documentedOperations() throws -> Set<String> {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Resources/OpenAPI/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = Set<String>()
        for (path, methods) in paths {
            for method in methods.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func everyAPIRouteIsDescribedAndNothingElse() async throws {
        let documented = try Self.documentedOperations()
        try await withApp { app in
            let registered = Set(
                app.app.routes.all.map { route in
                    let path = route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                    return "\(route.method.rawValue) /\(path)"
                }.filter { $0.contains(" /api/") })
            #expect(registered.subtracting(documented).sorted() == [], "routes missing from openapi.json")
            #expect(documented.subtracting(registered).sorted() == [], "described but not registered")
            let served = try await app.get("/api/openapi.json")
            #expect(served.status == .ok)
            #expect(served.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(served.text.contains(#""openapi": "3.1.0""#))
        }
    }
}
