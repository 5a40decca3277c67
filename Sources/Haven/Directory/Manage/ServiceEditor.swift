import Fluent
import Foundation

/// Reads a service into the organizer's form and writes the form back: the HSDS rows, the search index
/// and an audit entry, all in one transaction.
struct ServiceEditor: Sendable {
    let database: any Database
    let taxonomy: DefaultTaxonomy
    let defaultTimeZone: TimeZone

    private var store: HSDSStore { HSDSStore(database) }

    func form(for id: UUID) async throws -> ServiceEdit? {
        guard let detail = try await ServiceDetail.load(id, on: database, defaultTimeZone: defaultTimeZone) else {
            return nil
        }
        let service = detail.service
        var edit = ServiceEdit()
        edit.name = service["name"]?.text ?? ""
        edit.description = service["description"]?.text ?? ""
        edit.status = service["status"]?.text ?? "active"
        edit.url = service["url"]?.text ?? ""
        edit.email = service["email"]?.text ?? ""
        edit.minimumAge = service["minimum_age"]?.number.map { HSDSValue.format($0) } ?? ""
        edit.maximumAge = service["maximum_age"]?.number.map { HSDSValue.format($0) } ?? ""
        edit.eligibility = service["eligibility_description"]?.text ?? ""
        edit.feesDescription = service["fees_description"]?.text ?? ""
        edit.free = detail.costs.contains { $0.amount == 0 }
        edit.languages = detail.contacts.languages.joined(separator: ", ")
        for (index, phone) in detail.contacts.phones.prefix(ServiceEdit.phoneRows).enumerated() {
            edit.phones[index] = .init(number: phone.number, type: phone.type, description: phone.description ?? "")
        }
        let hours = detail.contacts.hours
        edit.timeZone = hours.isEmpty ? "" : hours.timeZone.identifier
        if hours.isAlwaysOpen {
            edit.alwaysOpen = true
        } else {
            let weekly = hours.weeklyHours()
            for weekday in 1...7 {
                let ranges = weekly[weekday] ?? []
                func text(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60 % 24, minutes % 60) }
                if let first = ranges.first {
                    edit.days[weekday - 1].opens1 = text(first.lowerBound)
                    edit.days[weekday - 1].closes1 = first.upperBound == 1440 ? "23:59" : text(first.upperBound)
                }
                if ranges.count > 1 {
                    edit.days[weekday - 1].opens2 = text(ranges[1].lowerBound)
                    edit.days[weekday - 1].closes2 = ranges[1].upperBound == 1440 ? "23:59" : text(ranges[1].upperBound)
                }
            }
        }
        if let place = detail.places.first {
            edit.locationType = place.kind
            edit.locationName = place.name ?? ""
            let address = try await store.rows(.named("address"), where: "location_id", in: [place.id]).first
            edit.address = address?["address_1"]?.text ?? ""
            edit.city = address?["city"]?.text ?? ""
            edit.region = address?["state_province"]?.text ?? ""
            edit.postalCode = address?["postal_code"]?.text ?? ""
            edit.country = address?["country"]?.text ?? ""
            edit.latitude = place.latitude.map { HSDSValue.format($0) } ?? ""
            edit.longitude = place.longitude.map { HSDSValue.format($0) } ?? ""
        }
        return edit
    }

    /// Saves the form as the service `id` (a new one when nil) of `organization`. Returns the service's id.
    func save(_ edit: ServiceEdit, id existing: UUID?, organization: UUID, actor: UUID, now: Date = Date()) async throws
        -> UUID
    {
        let id = existing ?? UUID()
        let taxonomy = self.taxonomy
        let defaultTimeZone = self.defaultTimeZone
        try await database.transaction { db in
            let store = HSDSStore(db)
            let before = try await store.row(.named("service"), id: id)
            var service = before ?? ["id": .uuid(id)]
            service["organization_id"] = .uuid(organization)
            service["name"] = .text(edit.name)
            service["description"] = .text(edit.description)
            service["status"] = .text(edit.status)
            service["url"] = edit.url.isEmpty ? nil : .text(edit.url)
            service["email"] = edit.email.isEmpty ? nil : .text(edit.email)
            service["minimum_age"] = Double(edit.minimumAge).map { .number($0) }
            service["maximum_age"] = Double(edit.maximumAge).map { .number($0) }
            service["eligibility_description"] = edit.eligibility.isEmpty ? nil : .text(edit.eligibility)
            service["fees_description"] = edit.feesDescription.isEmpty ? nil : .text(edit.feesDescription)
            service["last_modified"] = .text(DirectoryDemo.dateTime(now))
            try await store.upsert(.named("service"), [service])

            // Languages, phones and hours of the service are replaced by what the form holds.
            try await store.delete(.named("language"), where: "service_id", in: [id])
            try await store.upsert(
                .named("language"),
                edit.languageCodes.map { code in
                    [
                        "id": .uuid(UUID()), "service_id": .uuid(id), "code": .text(code),
                        "name": .text(LanguageCodes.name(code, in: "en")),
                    ]
                })
            try await store.delete(.named("phone"), where: "service_id", in: [id])
            try await store.upsert(
                .named("phone"),
                edit.phones.filter { !$0.number.isEmpty }.map { phone in
                    var row: HSDSRow = [
                        "id": .uuid(UUID()), "service_id": .uuid(id), "number": .text(phone.number),
                        "type": .text(phone.type),
                    ]
                    if !phone.description.isEmpty { row["description"] = .text(phone.description) }
                    return row
                })
            try await store.delete(.named("schedule"), where: "service_id", in: [id])
            let zone = edit.timeZone.isEmpty ? defaultTimeZone.identifier : edit.timeZone
            try await store.upsert(
                .named("schedule"),
                edit.scheduleRows(zone: zone).map { row in
                    var row = row
                    row["id"] = .uuid(UUID())
                    row["service_id"] = .uuid(id)
                    return row
                })
            let costs = try await store.rows(.named("cost_option"), where: "service_id", in: [id])
            let freeRows = costs.filter { $0["amount"]?.number == 0 }
            if edit.free && freeRows.isEmpty {
                try await store.upsert(
                    .named("cost_option"),
                    [
                        [
                            "id": .uuid(UUID()), "service_id": .uuid(id), "option": .text("Free"), "amount": .number(0),
                        ]
                    ])
            } else if !edit.free && !freeRows.isEmpty {
                try await store.delete(.named("cost_option"), where: "id", in: freeRows.compactMap { $0["id"]?.uuid })
            }
            try await savePlace(edit, service: id, organization: organization, store: store)
            try await DirectoryIndexer(database: db, taxonomy: taxonomy, defaultTimeZone: defaultTimeZone).reindex([id])
            try await AuditLog.record(
                actor: actor, action: existing == nil ? "create-service" : "edit-service",
                subjectType: "service", subjectID: id.uuidString.lowercased(),
                before: Self.summary(before), after: Self.summary(service), on: db)
        }
        return id
    }

    /// The service's first place: updated in place, created when the form names one, removed when the form
    /// no longer does.
    private func savePlace(_ edit: ServiceEdit, service: UUID, organization: UUID, store: HSDSStore) async throws {
        let links = try await store.rows(.named("service_at_location"), where: "service_id", in: [service])
        let link = links.first
        guard edit.hasPlace else {
            if let link, let linkID = link["id"]?.uuid {
                try await store.delete(.named("service_at_location"), where: "id", in: [linkID])
            }
            return
        }
        let locationID = link?["location_id"]?.uuid ?? UUID()
        var location = try await store.row(.named("location"), id: locationID) ?? ["id": .uuid(locationID)]
        location["location_type"] = .text(edit.locationType)
        location["organization_id"] = .uuid(organization)
        location["name"] = edit.locationName.isEmpty ? nil : .text(edit.locationName)
        location["latitude"] = Double(edit.latitude).map { .number($0) }
        location["longitude"] = Double(edit.longitude).map { .number($0) }
        try await store.upsert(.named("location"), [location])
        if link == nil {
            try await store.upsert(
                .named("service_at_location"),
                [["id": .uuid(UUID()), "service_id": .uuid(service), "location_id": .uuid(locationID)]])
        }
        let addressID =
            try await store.rows(.named("address"), where: "location_id", in: [locationID]).first?["id"]?.uuid ?? UUID()
        if edit.address.isEmpty && edit.city.isEmpty {
            try await store.delete(.named("address"), where: "id", in: [addressID])
        } else {
            let address: HSDSRow = [
                "id": .uuid(addressID), "location_id": .uuid(locationID), "address_1": .text(edit.address),
                "city": .text(edit.city),
                "state_province": .text(edit.region), "postal_code": .text(edit.postalCode),
                "country": .text(edit.country.isEmpty ? "US" : edit.country), "address_type": .text("physical"),
            ]
            try await store.upsert(.named("address"), [address])
        }
    }

    /// "Mark as verified": the organizer confirms today that the listing is right. HSDS's `assurer_email`
    /// gets the organization's address, never the person's: listings are public and exported, and a
    /// person's address must go when their account does (who verified is in the audit log).
    func verify(_ id: UUID, by actor: UUID, now: Date = Date()) async throws {
        let taxonomy = self.taxonomy
        let defaultTimeZone = self.defaultTimeZone
        try await database.transaction { db in
            let store = HSDSStore(db)
            guard var service = try await store.row(.named("service"), id: id) else { return }
            let before = service["assured_date"]?.text ?? ""
            service["assured_date"] = .text(DirectorySearch.day(now))
            let organization = try await service["organization_id"]?.uuid.asyncMap {
                try await store.row(.named("organization"), id: $0)
            }
            service["assurer_email"] = organization??["email"]
            try await store.upsert(.named("service"), [service])
            try await DirectoryIndexer(database: db, taxonomy: taxonomy, defaultTimeZone: defaultTimeZone).reindex([id])
            try await AuditLog.record(
                actor: actor, action: "verify-service", subjectType: "service",
                subjectID: id.uuidString.lowercased(),
                before: ["assured_date": before], after: ["assured_date": DirectorySearch.day(now)], on: db)
        }
    }

    static func summary(_ row: HSDSRow?) -> [String: String] {
        guard let row else { return [:] }
        var result: [String: String] = [:]
        for key in ["name", "status", "url", "email", "minimum_age", "maximum_age", "assured_date"] {
            if let text = row[key]?.text { result[key] = text }
        }
        return result
    }
}
