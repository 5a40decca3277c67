import Foundation
import Testing

@testable import Haven

@Suite("HSDS API")
struct HSDSAPITests {
    typealias F = DirectoryFixture

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    @Test func servicesComeInHSDSPagesAndBadParametersAreNamed() async throws {
        try await withApp { app in
            try await F.load(app)
            let root = try Self.json(try await app.get("/api/hsds/"))
            #expect(root["version"] as? String == "3.1")
            let page = try Self.json(try await app.get("/api/hsds/services?per_page=5&page=2"))
            #expect(page["page_number"] as? Int == 2 && page["size"] as? Int == 5)
            #expect(page["first_page"] as? Bool == false && page["empty"] as? Bool == false)
            #expect((page["total_items"] as? Int ?? 0) >= 60)
            let contents = try #require(page["contents"] as? [[String: Any]])
            #expect(contents.count == 5 && contents.allSatisfy { $0["organization"] != nil && $0["phones"] != nil })

            for (query, parameter) in [
                ("per_page=500", "per_page"), ("page=0", "page"), ("taxonomy_term_id=nope", "taxonomy_term_id"),
                ("lat=91&lon=0", "lat"), ("lat=44", "lon"), ("open_now=maybe", "open_now"), ("language=zz", "language"),
                ("format=xml", "format"), ("modified_after=yesterday", "modified_after"), ("radius_km=5", "radius_km"),
            ] {
                let response = try await app.get("/api/hsds/services?\(query)")
                #expect(response.status == .badRequest, "\(query)")
                #expect(try Self.json(response)["parameter"] as? String == parameter, "\(query)")
            }
            let missing = try await app.get("/api/hsds/services/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(try Self.json(missing)["reason"] as? String != nil)
        }
    }

    @Test func filtersAndExtensionsAreTheSameSearchAsThePage() async throws {
        try await withApp { app in
            try await F.load(app)
            let youth = F.term(app, "youth").uuidString.lowercased()
            let api = try Self.json(try await app.get("/api/hsds/services?taxonomy_term_id=\(youth)&per_page=100"))
            let search = try await F.search(
                app, DirectoryQuery(termIDs: [F.term(app, "youth")], perPage: 100), at: Date())
            #expect(api["total_items"] as? Int == search.totalItems)
            let near = try Self.json(
                try await app.get("/api/hsds/services?lat=44.5&lon=-89.5&radius_km=5&language=es&free=true"))
            let names = (near["contents"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("Grupo de Apoyo Familias Unidas — Millbrook"))
            #expect(!names.contains { $0.contains("Eastharbor") })
            let minimal = try Self.json(try await app.get("/api/hsds/services?minimal=true&per_page=3"))
            let first = try #require((minimal["contents"] as? [[String: Any]])?.first)
            #expect(Set(first.keys) == ["id", "last_modified"])
        }
    }

    @Test func ndjsonStreamsEveryMatchWithoutPaging() async throws {
        try await withApp { app in
            try await F.load(app)
            let response = try await app.get("/api/hsds/services?format=ndjson&search=group")
            #expect(response.header("Content-Type") == "application/x-ndjson")
            let lines = response.text.split(separator: "\n")
            let total = try await F.search(app, DirectoryQuery(text: "group"), at: Date()).totalItems
            #expect(lines.count == total && total > 20)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["name"] != nil)
            }
        }
    }

    @Test func oneServiceIsFullyNested() async throws {
        try await withApp { app in
            try await F.load(app)
            let id = try await DirectoryPageTests.serviceID(app, named: "Casa Esperanza Peer Respite")
            let service = try Self.json(try await app.get("/api/hsds/services/\(id)"))
            let places = try #require(service["service_at_locations"] as? [[String: Any]])
            let location = try #require(places.first?["location"] as? [String: Any])
            let addresses = try #require(location["addresses"] as? [[String: Any]])
            #expect(addresses.first?["postal_code"] as? String == "00102")
            let attributes = try #require(service["attributes"] as? [[String: Any]])
            #expect(
                attributes.contains { ($0["taxonomy_term"] as? [String: Any])?["code"] as? String == "peer-led-group" })
            let schedules = try #require(service["schedules"] as? [[String: Any]])
            #expect(schedules.first?["timezone_name"] as? String == "America/Chicago")
            #expect(
                (service["organization"] as? [String: Any])?["name"] as? String == "Familias Unidas de Harbor Valley")
        }
    }

    @Test func taxonomiesTermsOrganizationsAndServiceAtLocations() async throws {
        try await withApp { app in
            try await F.load(app)
            let taxonomies = try Self.json(try await app.get("/api/hsds/taxonomies"))
            #expect(
                (taxonomies["contents"] as? [[String: Any]])?.first?["name"] as? String == "Haven mental health support"
            )
            let top = try Self.json(try await app.get("/api/hsds/taxonomy_terms?top_only=true"))
            #expect(
                Set((top["contents"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }) == [
                    "support", "audience", "modality",
                ])
            let parent = app.app.defaultTaxonomy.id("support-group").uuidString.lowercased()
            let children = try Self.json(try await app.get("/api/hsds/taxonomy_terms?parent_id=\(parent)"))
            #expect(children["total_items"] as? Int == 2)
            let organizations = try Self.json(try await app.get("/api/hsds/organizations?search=nourish"))
            let organization = try #require((organizations["contents"] as? [[String: Any]])?.first)
            let full = try Self.json(try await app.get("/api/hsds/organizations/\(organization["id"] as! String)"))
            #expect(full["name"] as? String == "Nourish")
            let near = try Self.json(try await app.get("/api/hsds/service_at_locations?postcode=00104&proximity=3000"))
            let located = try #require(near["contents"] as? [[String: Any]])
            #expect(!located.isEmpty)
            #expect(
                located.allSatisfy {
                    (($0["location"] as? [String: Any])?["name"] as? String ?? "").contains("Pinecrest")
                })
            let unknown = try await app.get("/api/hsds/service_at_locations?postcode=99999")
            let problem = try Self.json(unknown)["parameter"] as? String
            #expect(unknown.status == .badRequest && problem == "postcode")
        }
    }
}
