import Foundation
import Logging
import Testing

@testable import Haven

@Suite("Structured logs")
struct JSONLogHandlerTests {
    @Test func eachLineIsOneValidJSONObject() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 1_795_000_000.25), level: .info, label: "app",
            message: "quote \" backslash \\ newline \n tab \t bell \u{7} ünïcode ✓",
            metadata: [
                "route": .string("/help"), "status": .stringConvertible(200),
                "list": .array([.string("a"), .dictionary(["k": .string("v")])]),
            ])
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} ünïcode ✓")
        #expect(object["route"] as? String == "/help")
        #expect(object["status"] as? String == "200")
        #expect(object["time"] as? String == "2026-11-18T11:06:40.250Z")
        #expect((object["list"] as? [Any])?.count == 2)
    }

    @Test func reservedKeysAreNotOverwrittenByMetadata() throws {
        let line = JSONLogHandler.line(
            time: Date(), level: .error, label: "x", message: "real",
            metadata: ["message": .string("forged")])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "real")
        #expect(object["level"] as? String == "error")
    }
}
