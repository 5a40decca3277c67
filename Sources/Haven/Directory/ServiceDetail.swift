import Fluent
import Foundation

/// What a result card or a service page shows beyond the search index: hours, ways to get in touch,
/// languages. Loaded for a page of services at once (one query per table).
struct ServiceContacts: Sendable {
    struct Phone: Sendable, Equatable {
        var number: String
        var type: String
        var description: String?
        var isText: Bool { ["text", "sms"].contains(type.lowercased()) }
    }

    var hours: OpeningHours
    var phones: [Phone]
    var languages: [String]

    static func load(_ ids: [UUID], on database: any Database, defaultTimeZone: TimeZone) async throws -> [UUID:
        ServiceContacts]
    {
        let store = HSDSStore(database)
        let schedules = Dictionary(grouping: try await store.rows(.named("schedule"), where: "service_id", in: ids)) {
            $0["service_id"]?.uuid
        }
        let phones = Dictionary(grouping: try await store.rows(.named("phone"), where: "service_id", in: ids)) {
            $0["service_id"]?.uuid
        }
        let languages = Dictionary(grouping: try await store.rows(.named("language"), where: "service_id", in: ids)) {
            $0["service_id"]?.uuid
        }
        var result: [UUID: ServiceContacts] = [:]
        for id in ids {
            result[id] = ServiceContacts(
                hours: OpeningHours(schedules: schedules[id] ?? [], defaultTimeZone: defaultTimeZone),
                phones: (phones[id] ?? []).compactMap { row in
                    row["number"]?.text.map {
                        Phone(number: $0, type: row["type"]?.text ?? "voice", description: row["description"]?.text)
                    }
                },
                languages: (languages[id] ?? []).compactMap { $0["code"]?.text })
        }
        return result
    }
}

/// Everything the service page shows, read from the HSDS tables.
struct ServiceDetail: Sendable {
    struct Place: Sendable {
        var id: UUID
        var name: String?
        var kind: String
        var address: [String]
        var accessibility: [String]
        var transportation: String?
        var hours: OpeningHours?
        var latitude: Double?
        var longitude: Double?
    }

    struct Cost: Sendable {
        var option: String?
        var amount: Double?
        var currency: String?
        var description: String?
    }

    var service: HSDSRow
    var organization: HSDSRow?
    var contacts: ServiceContacts
    var places: [Place]
    var costs: [Cost]
    var terms: [(code: String?, name: String, parent: UUID?)]
    var emails: [String]
    var links: [(label: String?, url: String)]

    var id: UUID { service["id"]?.uuid ?? UUID() }
    var name: String { service["name"]?.text ?? "" }

    static func load(_ id: UUID, on database: any Database, defaultTimeZone: TimeZone) async throws -> ServiceDetail? {
        let store = HSDSStore(database)
        guard let service = try await store.row(.named("service"), id: id) else { return nil }
        let organization =
            try await service["organization_id"]?.uuid.asyncMap { try await store.row(.named("organization"), id: $0) }
            ?? nil
        let contacts = try await ServiceContacts.load([id], on: database, defaultTimeZone: defaultTimeZone)[id]!
        let atLocations = try await store.rows(.named("service_at_location"), where: "service_id", in: [id])
        let locationIDs = atLocations.compactMap { $0["location_id"]?.uuid }
        let locations = try await store.rows(.named("location"), in: locationIDs)
        let addresses = Dictionary(
            grouping: try await store.rows(.named("address"), where: "location_id", in: locationIDs)
        ) { $0["location_id"]?.uuid }
        let access = Dictionary(
            grouping: try await store.rows(.named("accessibility"), where: "location_id", in: locationIDs)
        ) { $0["location_id"]?.uuid }
        let atIDs = atLocations.compactMap { $0["id"]?.uuid }
        let placeSchedules = Dictionary(
            grouping: try await store.rows(.named("schedule"), where: "service_at_location_id", in: atIDs)
        ) {
            $0["service_at_location_id"]?.uuid
        }
        var places: [Place] = []
        for at in atLocations {
            guard let locationID = at["location_id"]?.uuid,
                let location = locations.first(where: { $0["id"]?.uuid == locationID })
            else { continue }
            let lines =
                (addresses[locationID] ?? []).map { row in
                    [
                        row["address_1"]?.text, row["address_2"]?.text,
                        [row["city"]?.text, row["state_province"]?.text, row["postal_code"]?.text].compactMap { $0 }
                            .joined(separator: " "),
                    ]
                    .compactMap { $0 }.filter { !$0.isEmpty }
                }.first ?? []
            // Hours given for the service as a whole are shown once, under "How to reach it"; a place shows
            // only hours of its own.
            let own = (placeSchedules[at["id"]?.uuid] ?? []).filter { $0["service_id"]?.uuid != id }
            places.append(
                Place(
                    id: locationID, name: location["name"]?.text, kind: location["location_type"]?.text ?? "physical",
                    address: lines,
                    accessibility: (access[locationID] ?? []).compactMap {
                        $0["description"]?.text ?? $0["details"]?.text
                    },
                    transportation: location["transportation"]?.text,
                    hours: own.isEmpty ? nil : OpeningHours(schedules: own, defaultTimeZone: defaultTimeZone),
                    latitude: location["latitude"]?.number, longitude: location["longitude"]?.number))
        }
        let costs = try await store.rows(.named("cost_option"), where: "service_id", in: [id]).map {
            Cost(
                option: $0["option"]?.text, amount: $0["amount"]?.number, currency: $0["currency"]?.text,
                description: $0["amount_description"]?.text)
        }
        let attributes = try await store.rows(.named("attribute"), where: "link_id", in: [id])
        let termRows = try await store.rows(
            .named("taxonomy_term"), in: attributes.compactMap { $0["taxonomy_term_id"]?.uuid })
        let terms = termRows.map {
            (code: $0["code"]?.text, name: $0["name"]?.text ?? "", parent: $0["parent_id"]?.uuid)
        }
        let urls = try await store.rows(.named("url"), where: "service_id", in: [id])
        var links: [(label: String?, url: String)] = []
        if let url = DirectoryLinks.web(service["url"]?.text) { links.append((nil, url)) }
        for row in urls {
            if let url = DirectoryLinks.web(row["url"]?.text) { links.append((row["label"]?.text, url)) }
        }
        let emails = [service["email"]?.text].compactMap { $0 }.filter(HSDSFormats.isEmail)
        return ServiceDetail(
            service: service, organization: organization, contacts: contacts, places: places, costs: costs,
            terms: terms,
            emails: emails, links: links)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
