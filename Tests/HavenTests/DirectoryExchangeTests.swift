import Fluent
import Foundation
import Testing

@testable import Haven

/// Import and export as an operator runs them: the `haven directory` command, on a real database.
@Suite("Directory import and export")
struct DirectoryExchangeTests {
    static let example = packageRoot.appendingPathComponent("Tests/fixtures/hsds/examples/csv").path

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("haven-export-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func haven(_ arguments: [String], _ database: TestDatabase.Instance) async throws -> HavenProcess.Result {
        try await HavenProcess.run(
            arguments, environment: ["DATABASE_URL": TestDatabase.environmentValue(database.location)])
    }

    /// A CSV file as rows of column → value.
    static func table(_ path: String) throws -> [[String: String]] {
        let records = try CSV.parse(try String(contentsOfFile: path, encoding: .utf8))
        guard let header = records.first else { return [] }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header.fields, $0.fields)) }
    }

    static func files(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        return result
    }

    @Test func theHSDSExamplePackageComesBackFieldForField() async throws {
        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let imported = try await Self.haven(["directory", "import", Self.example], database)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 1 services (24 rows)"))
        #expect(imported.stdout.contains("services.csv: 1 of 1 rows"))
        let folder = try Self.temporaryFolder()
        let exported = try await Self.haven(["directory", "export", folder], database)
        #expect(exported.status == 0, "\(exported.stderr)")
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.example) where name.hasSuffix(".csv") {
            let original = try Self.table(Self.example + "/" + name)
            let again = Dictionary(
                uniqueKeysWithValues: try Self.table(folder + "/" + name).map { ($0["id"] ?? "", $0) })
            for row in original {
                let back = try #require(again[row["id", default: ""].lowercased()], "\(name) lost \(row["id"] ?? "")")
                for (field, value) in row {
                    #expect(back[field] == value, "\(name) \(field): \(value) came back as \(back[field] ?? "nothing")")
                }
            }
        }
        // Importing the same package again changes nothing.
        let twice = try await Self.haven(["directory", "import", Self.example], database)
        #expect(twice.status == 0)
        let folderAgain = try Self.temporaryFolder()
        _ = try await Self.haven(["directory", "export", folderAgain], database)
        let before = try Self.files(folder)
        let after = try Self.files(folderAgain)
        #expect(before == after)
    }

    @Test func theDemoRegionRoundTripsByteForByte() async throws {
        let first = try Self.temporaryFolder()
        let second = try Self.temporaryFolder()
        var searched: [[String]] = []
        try await withApp { app in
            try await DirectoryFixture.load(app)
            searched.append(
                try await DirectoryFixture.search(app, DirectoryQuery(text: "group", language: "es")).listings.map(
                    \.name))
            _ = try await DirectoryExport.write(to: first, from: app.app.db) { _ in }
        }
        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let imported = try await Self.haven(["directory", "import", first], database)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("search index:"))
        let exported = try await Self.haven(["directory", "export", second], database)
        #expect(exported.status == 0)
        let a = try Self.files(first)
        let b = try Self.files(second)
        #expect(a.keys.sorted() == b.keys.sorted() && a.count == HSDSTable.all.count + 1)
        for name in a.keys.sorted() { #expect(a[name] == b[name], "\(name) differs") }
        // And the import is searchable the same way.
        try await withApp(database: database) { app in
            searched.append(
                try await DirectoryFixture.search(app, DirectoryQuery(text: "group", language: "es")).listings.map(
                    \.name))
        }
        #expect(searched[0] == searched[1] && !searched[0].isEmpty)
    }

    @Test func aBrokenPackageReportsEveryBadRowAndChangesNothing() async throws {
        let broken = try Self.temporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.example) {
            try FileManager.default.copyItem(atPath: Self.example + "/" + name, toPath: broken + "/" + name)
        }
        let organization = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
        // services.csv: a good row, a bad id, a service with no name, one whose organization does not exist,
        // one with a bad age, and one with too few fields.
        var services = try String(contentsOfFile: broken + "/services.csv", encoding: .utf8)
        let header = try #require(try CSV.parse(services).first?.fields)
        func line(_ values: [String: String]) -> String { CSV.line(header.map { values[$0] ?? "" }) }
        services += line([
            "id": "11111111-1111-4111-8111-111111111111", "organization_id": organization, "name": "Good Service",
            "status": "active",
        ])
        services += line(["id": "not-a-uuid", "organization_id": organization, "name": "Bad Id", "status": "active"])
        services += line([
            "id": "22222222-2222-4222-8222-222222222222", "organization_id": organization, "status": "active",
        ])
        services += line([
            "id": "33333333-3333-4333-8333-333333333333", "organization_id": "44444444-4444-4444-8444-444444444444",
            "name": "Orphan",
            "status": "active",
        ])
        services += line([
            "id": "55555555-5555-4555-8555-555555555555", "organization_id": organization, "name": "Bad Age",
            "status": "active",
            "minimum_age": "twelve",
        ])
        services += "66666666-6666-4666-8666-666666666666,short\r\n"
        try services.write(toFile: broken + "/services.csv", atomically: true, encoding: .utf8)
        // schedules.csv: hours that are not a time; phones.csv: an unclosed quote.
        var schedules = try String(contentsOfFile: broken + "/schedules.csv", encoding: .utf8)
        schedules +=
            "77777777-7777-4777-8777-777777777777,11111111-1111-4111-8111-111111111111,,,,,,,,,,WEEKLY,,MO,,,,,25:00,26:00,,,\r\n"
        try schedules.write(toFile: broken + "/schedules.csv", atomically: true, encoding: .utf8)
        try ("id,number\r\n88888888-8888-4888-8888-888888888888,\"+1 555\r\n").write(
            toFile: broken + "/phones.csv", atomically: true, encoding: .utf8)

        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let result = try await Self.haven(["directory", "import", broken], database)
        #expect(result.status == 1)
        let problems = result.stderrLines.filter { !$0.hasPrefix("{") }
        for expected in [
            "phones.csv:2: a quoted field is never closed",
            "schedules.csv:3: opens_at: is not a time (HH:MM) (got \"25:00\")",
            "schedules.csv:3: closes_at: is not a time (HH:MM) (got \"26:00\")",
            "services.csv:4: id: is not a UUID (got \"not-a-uuid\")",
            "services.csv:5: name: is required",
            "services.csv:6: organization_id: refers to organization 44444444-4444-4444-8444-444444444444, which is neither in the data nor in Haven",
            "services.csv:7: minimum_age: is not a number (got \"twelve\")",
            "services.csv:8: has 2 fields but the header has 23",
        ] {
            #expect(problems.contains(expected), "missing: \(expected)\nin: \(problems.joined(separator: "\n"))")
        }
        #expect(problems.contains { $0.contains("8 problems found; nothing was imported") }, "\(problems)")
        // Nothing was written: not even the good rows.
        try await withApp(database: database) { app in
            let services = try await HSDSStore(app.app.db).count(.named("service"))
            let organizations = try await HSDSStore(app.app.db).count(.named("organization"))
            #expect(services == 0 && organizations == 0)
        }

        // With --skip-invalid the good rows go in and the bad ones are reported.
        let again = try await TestDatabase.migrated()
        defer { Task { try? await again.drop() } }
        let skipping = try await Self.haven(["directory", "import", broken, "--skip-invalid"], again)
        #expect(skipping.status == 0, "\(skipping.stderr)")
        #expect(skipping.stdout.contains("skipped the rows with the"))
        try await withApp(database: again) { app in
            let names = Set(try await HSDSStore(app.app.db).rows(.named("service")).compactMap { $0["name"]?.text })
            #expect(names == ["Community Counselling", "Good Service"])
        }
    }

    @Test func hsdsJSONAndNDJSONImportToo() async throws {
        let folder = try Self.temporaryFolder()
        var expected = 0
        try await withApp { app in
            try await DirectoryFixture.load(app)
            expected = try await HSDSStore(app.app.db).count(.named("service"))
            let stream = try await app.get("/api/hsds/services?format=ndjson&full=true")
            try stream.text.write(toFile: folder + "/services.ndjson", atomically: true, encoding: .utf8)
            let page = try await app.get("/api/hsds/services?full=true&per_page=10")
            try page.text.write(toFile: folder + "/page.json", atomically: true, encoding: .utf8)
        }
        let database = try await TestDatabase.migrated()
        defer { Task { try? await database.drop() } }
        let fromPage = try await Self.haven(["directory", "import", folder + "/page.json"], database)
        #expect(fromPage.status == 0, "\(fromPage.stderr)")
        #expect(fromPage.stdout.contains("Imported 10 services"))
        let fromStream = try await Self.haven(["directory", "import", folder + "/services.ndjson"], database)
        #expect(fromStream.status == 0, "\(fromStream.stderr)")
        try await withApp(database: database) { app in
            let count = try await HSDSStore(app.app.db).count(.named("service"))
            #expect(count == expected)
            let open = try await DirectoryFixture.search(
                app, DirectoryQuery(near: .init(latitude: 44.5, longitude: -89.5), radiusKm: 5))
            #expect(open.totalItems > 0)
        }
    }
}
