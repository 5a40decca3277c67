import Foundation
import Testing

@testable import Haven

@Suite("Finding Resources/ and Public/")
struct HavenDirectoryTests {
    /// A folder laid out like an installation: root/Resources/Locales/en.json and root/bin/haven.
    func makeInstallation() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("haven-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Resources/Locales"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: root.appendingPathComponent("Resources/Locales/en.json"))
        return root
    }

    @Test func foundAboveTheExecutableWhenRunFromElsewhere() throws {
        let root = try makeInstallation()
        defer { try? FileManager.default.removeItem(at: root) }
        let found = HavenDirectory.locate(
            environment: [:], workingDirectory: "/", executable: root.appendingPathComponent("bin/haven").path)
        #expect(found == root.path + "/")
    }

    @Test func workingDirectoryComesBeforeTheExecutable() throws {
        let installed = try makeInstallation()
        let checkout = try makeInstallation()
        defer {
            try? FileManager.default.removeItem(at: installed)
            try? FileManager.default.removeItem(at: checkout)
        }
        let found = HavenDirectory.locate(
            environment: [:], workingDirectory: checkout.path,
            executable: installed.appendingPathComponent("bin/haven").path)
        #expect(found == checkout.path + "/")
        let overridden = HavenDirectory.locate(
            environment: ["HAVEN_ROOT": installed.path], workingDirectory: checkout.path, executable: "/usr/bin/haven")
        #expect(overridden == installed.path + "/")
    }

    @Test func nothingFoundIsNil() {
        #expect(HavenDirectory.locate(environment: [:], workingDirectory: "/", executable: "/usr/bin/haven") == nil)
    }
}
