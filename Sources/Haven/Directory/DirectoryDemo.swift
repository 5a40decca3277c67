import Fluent
import Foundation
import Vapor

/// The demo's directory: Harbor Valley, a fictional region of eight towns (places with made-up postal
/// codes 00101–00108) with 60-odd services across the taxonomy. Phone numbers are in the 555-01xx range
/// kept for fiction, except the real national 988 Lifeline. Dates are relative to the day it loads, so
/// the demo always shows a few listings that need re-verifying.
enum DirectoryDemo {
    struct Town {
        var name: String
        var postalCode: String
        var latitude: Double
        var longitude: Double
    }

    static let towns: [Town] = [
        Town(name: "Millbrook", postalCode: "00101", latitude: 44.50, longitude: -89.50),
        Town(name: "Eastharbor", postalCode: "00102", latitude: 44.53, longitude: -89.31),
        Town(name: "Westhollow", postalCode: "00103", latitude: 44.47, longitude: -89.72),
        Town(name: "Pinecrest", postalCode: "00104", latitude: 44.71, longitude: -89.54),
        Town(name: "Larkspur", postalCode: "00105", latitude: 44.29, longitude: -89.46),
        Town(name: "Northgate", postalCode: "00106", latitude: 44.82, longitude: -89.29),
        Town(name: "Riverbend", postalCode: "00107", latitude: 44.36, longitude: -89.68),
        Town(name: "Stonebridge", postalCode: "00108", latitude: 44.61, longitude: -89.88),
    ]

    enum Hours {
        case always
        case weekdays(String, String)
        case weekly([String], String, String)
        case inZone(String, [String], String, String)
    }

    struct Template {
        var name: String
        var organization: String
        var description: String
        var terms: [String]
        var languages: [String] = ["en"]
        var free = true
        var ages: (Int?, Int?) = (nil, nil)
        var hours: Hours
        var towns: [String] = []  // none: a phone, text or online service
        var phoneType = "voice"
        var textNumber: String?
        var status = "active"
        var verifiedDaysAgo = 30
    }

    static let organizations: [(name: String, description: String)] = [
        ("Harbor Valley Crisis Center", "Around-the-clock crisis support for everyone in Harbor Valley."),
        ("Riverside Peer Support", "A peer-run warmline and weekly support groups."),
        (
            "Harbor Valley Counselling Collective",
            "Community counsellors and therapists offering sliding-scale and free sessions."
        ),
        (
            "Millbrook Community Health",
            "The county's community mental health clinic: assessment, psychiatry and therapy."
        ),
        ("Valley Youth Line", "Young people supporting young people, by phone, text and in groups."),
        ("Rainbow Harbor", "Support and community for LGBTQ+ people in Harbor Valley."),
        ("Veterans Bridge", "Peer support for veterans and their families."),
        (
            "Familias Unidas de Harbor Valley",
            "Apoyo de salud mental para familias hispanohablantes. Mental health support for Spanish-speaking families."
        ),
        ("Hope After Loss", "Bereavement support, including for people bereaved by suicide."),
        ("Clear Path Recovery", "Recovery support for alcohol and drug use."),
        ("Nourish", "Support for people with eating disorders and those who care for them."),
        ("Harbor Valley University", "Counselling and wellbeing services for students."),
        ("Senior Connections", "Friendship lines and groups for older adults."),
        ("988 Suicide & Crisis Lifeline", "The United States' national network of crisis centers."),
    ]

    static let templates: [Template] = [
        Template(
            name: "988 Suicide & Crisis Lifeline", organization: "988 Suicide & Crisis Lifeline",
            description:
                "Free, confidential support for people in suicidal crisis or emotional distress, by call, text or chat, any time. Calls are answered by the nearest crisis center.",
            terms: ["crisis-line", "phone", "text", "chat"], languages: ["en", "es"], hours: .always, textNumber: "988"),
        Template(
            name: "Harbor Valley Crisis Line", organization: "Harbor Valley Crisis Center",
            description:
                "Talk to a trained crisis counsellor any time, day or night, about suicide, self-harm or anything that feels too much.",
            terms: ["crisis-line", "phone"], languages: ["en", "es"], hours: .always, textNumber: nil),
        Template(
            name: "Crisis Walk-In Center", organization: "Harbor Valley Crisis Center",
            description:
                "Walk in without an appointment when you are in crisis. Staff can help you stay safe tonight and plan next steps.",
            terms: ["crisis-line", "in-person"], hours: .always, towns: ["Millbrook"]),
        Template(
            name: "Youth Crisis Text Line", organization: "Valley Youth Line",
            description:
                "Text a trained volunteer about anything, including thoughts of suicide. For people aged 13 to 24.",
            terms: ["crisis-line", "text-chat-support", "youth"], ages: (13, 24), hours: .always, phoneType: "text"),
        Template(
            name: "Riverside Warmline", organization: "Riverside Peer Support",
            description:
                "Call a peer who has been there. Not a crisis line — a friendly voice when things are hard, evenings and late nights.",
            terms: ["warmline", "phone"], languages: ["en", "es"],
            hours: .weekly(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], "18:00", "02:00")),
        Template(
            name: "Peer Support Circle", organization: "Riverside Peer Support",
            description:
                "A weekly peer-led group for anyone living with depression or anxiety. Come as you are; you never have to speak.",
            terms: ["peer-led-group"], hours: .weekly(["TU"], "18:30", "20:00"),
            towns: ["Millbrook", "Eastharbor", "Pinecrest", "Larkspur", "Westhollow", "Northgate"]),
        Template(
            name: "Casa Esperanza Peer Respite", organization: "Familias Unidas de Harbor Valley",
            description:
                "Un espacio de apoyo entre pares abierto día y noche. A peer support drop-in open around the clock, with Spanish-speaking peers and a nightly support group.",
            terms: ["peer-led-group", "warmline"], languages: ["es", "en"], hours: .always, towns: ["Eastharbor"]),
        Template(
            name: "Grupo de Apoyo Familias Unidas", organization: "Familias Unidas de Harbor Valley",
            description:
                "Grupo de apoyo en español para personas con ansiedad o depresión y sus familias. Spanish-language support group for people with anxiety or depression and their families.",
            terms: ["peer-led-group", "family-carers"], languages: ["es"], hours: .weekly(["TH"], "18:00", "19:30"),
            towns: ["Millbrook", "Riverbend"]),
        Template(
            name: "Family Connections Group", organization: "Familias Unidas de Harbor Valley",
            description:
                "For parents, partners and friends of someone who is struggling: learn, share and look after yourself too.",
            terms: ["professional-group", "family-carers"], languages: ["en", "es"],
            hours: .weekly(["WE"], "19:00", "20:30"), towns: ["Westhollow", "Northgate"]),
        Template(
            name: "Sliding-Scale Counselling", organization: "Harbor Valley Counselling Collective",
            description:
                "Short-term counselling for anxiety, depression, stress and relationships. Pay what you can; no one is turned away.",
            terms: ["counselling", "in-person", "video"], languages: ["en", "vi"], free: false, ages: (16, nil),
            hours: .weekdays("09:00", "19:00"),
            towns: ["Millbrook", "Eastharbor", "Stonebridge", "Riverbend"]),
        Template(
            name: "Free Counselling Clinic", organization: "Harbor Valley Counselling Collective",
            description: "Free counselling sessions with supervised trainee therapists. Talking therapy for adults.",
            terms: ["counselling", "in-person"], ages: (18, nil), hours: .weekly(["MO", "WE", "SA"], "10:00", "16:00"),
            towns: ["Larkspur", "Pinecrest", "Riverbend"]),
        Template(
            name: "Community Mental Health Clinic", organization: "Millbrook Community Health",
            description: "Assessment, therapy and care coordination for adults. Self-referral welcome.",
            terms: ["counselling", "psychiatry", "in-person"], languages: ["en", "es", "hmn"], free: false,
            ages: (18, nil),
            hours: .weekdays("08:00", "17:00"), towns: ["Millbrook", "Northgate"]),
        Template(
            name: "Psychiatric Medication Clinic", organization: "Millbrook Community Health",
            description: "Psychiatric assessment and medication reviews, in person or by video.",
            terms: ["psychiatry", "video"], free: false, hours: .weekly(["TU", "TH"], "09:00", "16:00"),
            towns: ["Millbrook"]),
        Template(
            name: "Teen Talk Group", organization: "Valley Youth Line",
            description:
                "A relaxed after-school group for teenagers to talk about stress, friendships and feeling low.",
            terms: ["peer-led-group", "youth"], ages: (13, 18), hours: .weekly(["WE"], "16:00", "17:30"),
            towns: ["Pinecrest", "Westhollow", "Riverbend", "Eastharbor", "Stonebridge"]),
        Template(
            name: "Youth Chat", organization: "Valley Youth Line",
            description: "Online chat with a trained young volunteer, weekday afternoons and evenings.",
            terms: ["text-chat-support", "chat", "youth"], ages: (13, 25), hours: .weekdays("15:00", "22:00")),
        Template(
            name: "Rainbow Harbor Peer Group", organization: "Rainbow Harbor",
            description: "A peer support group for LGBTQ+ adults. Trans and non-binary people especially welcome.",
            terms: ["peer-led-group", "lgbtq"], hours: .weekly(["MO"], "19:00", "20:30"),
            towns: ["Millbrook", "Eastharbor", "Pinecrest"]),
        Template(
            name: "Rainbow Youth Drop-In", organization: "Rainbow Harbor",
            description:
                "A safe space for LGBTQ+ young people aged 14 to 21, with snacks, games and someone to talk to.",
            terms: ["peer-led-group", "lgbtq", "youth"], ages: (14, 21), hours: .weekly(["FR"], "16:00", "19:00"),
            towns: ["Millbrook"]),
        Template(
            name: "Veterans Peer Line", organization: "Veterans Bridge",
            description:
                "Talk with a fellow veteran about transition, stress, sleep or anything else. Families welcome to call too.",
            terms: ["warmline", "veterans", "phone"], hours: .weekdays("08:00", "20:00")),
        Template(
            name: "Veterans Coffee Group", organization: "Veterans Bridge",
            description: "An informal weekly meet-up for veterans over coffee, led by veterans.",
            terms: ["peer-led-group", "veterans"], hours: .weekly(["SA"], "09:00", "11:00"),
            towns: ["Northgate", "Stonebridge", "Millbrook"]),
        Template(
            name: "New Parents Circle", organization: "Familias Unidas de Harbor Valley",
            description:
                "Support for anyone pregnant or with a baby under two who is feeling anxious, low or overwhelmed. Babies welcome.",
            terms: ["professional-group", "new-parents"], languages: ["en", "es"],
            hours: .weekly(["TH"], "10:00", "11:30"), towns: ["Eastharbor", "Larkspur"]),
        Template(
            name: "Bereavement Support Group", organization: "Hope After Loss",
            description:
                "A monthly-feeling, weekly-meeting group for anyone grieving a death, facilitated by a grief counsellor.",
            terms: ["professional-group", "grief"], hours: .weekly(["MO"], "18:00", "19:30"),
            towns: ["Millbrook", "Pinecrest", "Larkspur"]),
        Template(
            name: "Survivors of Suicide Loss Group", organization: "Hope After Loss",
            description: "For people bereaved by suicide: a peer-led group where you can talk openly about your loss.",
            terms: ["peer-led-group", "grief"], hours: .weekly(["TH"], "19:00", "20:30"), towns: ["Eastharbor"]),
        Template(
            name: "Grief Counselling", organization: "Hope After Loss",
            description: "One-to-one counselling after a bereavement, up to twelve sessions.",
            terms: ["counselling", "grief", "video"], free: false, hours: .weekdays("10:00", "18:00"),
            towns: ["Westhollow"],
            status: "temporarily closed"),
        Template(
            name: "Recovery Meeting", organization: "Clear Path Recovery",
            description: "Open recovery meetings for anyone who wants to stop or cut down drinking or drug use.",
            terms: ["peer-led-group", "substance-use"], hours: .weekly(["MO", "WE", "FR"], "19:30", "21:00"),
            towns: ["Millbrook", "Riverbend", "Northgate", "Stonebridge", "Eastharbor", "Pinecrest"]),
        Template(
            name: "Substance Use Counselling", organization: "Clear Path Recovery",
            description: "Assessment and counselling for alcohol and drug use, including support for families.",
            terms: ["counselling", "substance-use", "family-carers"], languages: ["en", "es"], free: false,
            hours: .weekdays("09:00", "17:00"),
            towns: ["Eastharbor"], verifiedDaysAgo: 420),
        Template(
            name: "Eating Disorder Support Group", organization: "Nourish",
            description:
                "A professionally facilitated group for adults with anorexia, bulimia or binge eating disorder.",
            terms: ["professional-group", "eating-disorders"], hours: .weekly(["TU"], "18:00", "19:30"),
            towns: ["Millbrook"]),
        Template(
            name: "Nourish Helpline", organization: "Nourish",
            description:
                "Information and support about eating disorders for people affected and those who care about them.",
            terms: ["warmline", "eating-disorders", "phone", "chat"],
            hours: .inZone("America/New_York", ["MO", "TU", "WE", "TH", "FR"], "10:00", "22:00")),
        Template(
            name: "Student Counselling Service", organization: "Harbor Valley University",
            description:
                "Free, confidential counselling for enrolled students, with same-day appointments for urgent needs.",
            terms: ["counselling", "students", "in-person", "video"], ages: (17, nil),
            hours: .weekdays("09:00", "17:00"), towns: ["Pinecrest"]),
        Template(
            name: "Student Night Line", organization: "Harbor Valley University",
            description: "A listening line run by students for students, through the night in term time.",
            terms: ["warmline", "students", "phone"],
            hours: .weekly(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], "20:00", "08:00")),
        Template(
            name: "Friendship Line", organization: "Senior Connections",
            description:
                "A friendly call for older adults who feel lonely or low, and a crisis line for those who need more.",
            terms: ["warmline", "older-adults", "phone"], ages: (60, nil),
            hours: .inZone("America/Los_Angeles", ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], "08:00", "20:00")),
        Template(
            name: "Golden Years Group", organization: "Senior Connections",
            description: "A gentle weekly support group for older adults facing loss, loneliness or low mood.",
            terms: ["professional-group", "older-adults"], ages: (60, nil), hours: .weekly(["WE"], "10:00", "11:30"),
            towns: ["Larkspur", "Westhollow"],
            verifiedDaysAgo: 400),
        Template(
            name: "Trauma Recovery Program", organization: "Millbrook Community Health",
            description: "Trauma-focused therapy for adults after abuse, violence or other trauma.",
            terms: ["counselling", "trauma", "video"], free: false, ages: (18, nil), hours: .weekdays("09:00", "17:00"),
            towns: ["Millbrook"],
            status: "inactive"),
    ]

    static let loader = DemoData.Loader(
        name: "directory",
        hasData: { try await HSDSStore($0).count(.named("service")) > 0 },
        load: { database, context in
            try await load(on: database, resources: context.resources, taxonomy: context.taxonomy, now: Date())
        })

    /// A stable id for a piece of demo data, so the demo's links stay the same from one load to the next.
    static func id(_ key: String) -> UUID {
        let digest = Array(SHA256.hash(data: Data(("haven-demo:" + key).utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    static func load(on database: Database, resources: String, taxonomy: DefaultTaxonomy, now: Date) async throws {
        let rows = demoRows(
            taxonomy: taxonomy, now: now, existingOrganizations: try await existingOrganizationIDs(on: database))
        let store = HSDSStore(database)
        for table in HSDSTable.all {
            try await store.upsert(table, rows[table.resource] ?? [])
        }
        try await Places.load(
            try String(contentsOfFile: resources + "/Directory/demo-places.txt", encoding: .utf8), on: database)
        try await DirectoryIndexer(
            database: database, taxonomy: taxonomy, defaultTimeZone: TimeZone(identifier: "America/Chicago")!
        )
        .reindexAll()
    }

    /// Accounts' demo already made "Riverside Peer Support" (its organizer's organization): reuse its id.
    private static func existingOrganizationIDs(on database: Database) async throws -> [String: UUID] {
        let rows = try await HSDSStore(database).rows(.named("organization"))
        return Dictionary(
            rows.compactMap { row in row["id"]?.uuid.map { (row["name"]?.text ?? "", $0) } },
            uniquingKeysWith: { a, _ in a })
    }

    static func demoRows(taxonomy: DefaultTaxonomy, now: Date, existingOrganizations: [String: UUID] = [:]) -> [String:
        [HSDSRow]]
    {
        var rows: [String: [HSDSRow]] = [:]
        func add(_ resource: String, _ row: HSDSRow) { rows[resource, default: []].append(row) }
        var organizationIDs: [String: UUID] = [:]
        for (index, organization) in organizations.enumerated() {
            let id = existingOrganizations[organization.name] ?? Self.id("organization:\(organization.name)")
            organizationIDs[organization.name] = id
            add(
                "organization",
                [
                    "id": .uuid(id), "name": .text(organization.name), "description": .text(organization.description),
                    "email": .text("hello@org\(index + 1).haven-demo.example"),
                    "website": .text("https://org\(index + 1).haven-demo.example/"),
                ])
        }
        var locationIDs: [String: UUID] = [:]
        var phoneNumber = 100
        for template in templates {
            let places: [String?] = template.towns.isEmpty ? [nil] : template.towns
            for town in places {
                let key = "service:\(template.name):\(town ?? "-")"
                let serviceID = id(key)
                let name = template.towns.count > 1 ? "\(template.name) — \(town!)" : template.name
                let verified = Self.day(now.addingTimeInterval(-Double(template.verifiedDaysAgo) * 86_400))
                var service: HSDSRow = [
                    "id": .uuid(serviceID), "organization_id": .uuid(organizationIDs[template.organization]!),
                    "name": .text(name), "description": .text(template.description), "status": .text(template.status),
                    "assured_date": .text(verified), "last_modified": .text(Self.dateTime(now)),
                    "url": .text(
                        "https://\(template.organization.lowercased().filter(\.isLetter)).haven-demo.example/"),
                ]
                if let minimum = template.ages.0 { service["minimum_age"] = .number(Double(minimum)) }
                if let maximum = template.ages.1 { service["maximum_age"] = .number(Double(maximum)) }
                if template.ages.0 != nil {
                    service["eligibility_description"] = .text(
                        "Ages \(template.ages.0!)\(template.ages.1.map { " to \($0)" } ?? " and over").")
                }
                add("service", service)
                for term in template.terms {
                    add(
                        "attribute",
                        [
                            "id": .uuid(id("\(key):term:\(term)")), "link_id": .uuid(serviceID),
                            "link_type": .text("service"),
                            "link_entity": .text("service"), "taxonomy_term_id": .uuid(taxonomy.id(term)),
                        ])
                }
                for language in template.languages {
                    add(
                        "language",
                        [
                            "id": .uuid(id("\(key):language:\(language)")), "service_id": .uuid(serviceID),
                            "code": .text(language), "name": .text(LanguageCodes.name(language, in: "en")),
                        ])
                }
                add(
                    "cost_option",
                    [
                        "id": .uuid(id("\(key):cost")), "service_id": .uuid(serviceID),
                        "option": .text(template.free ? "Free" : "Sliding scale"), "currency": .text("USD"),
                        "amount": .number(template.free ? 0 : 40),
                        "amount_description": .text(
                            template.free ? "No charge" : "Per session; reduced or no fee if you cannot pay"),
                    ])
                phoneNumber += 1
                let number = template.name.hasPrefix("988") ? "988" : "+1 715 555 0\(phoneNumber % 100 + 100)"
                add(
                    "phone",
                    [
                        "id": .uuid(id("\(key):phone")), "service_id": .uuid(serviceID), "number": .text(number),
                        "type": .text(template.phoneType),
                        "description": .text(template.phoneType == "text" ? "Text us" : "Call us"),
                    ])
                if let text = template.textNumber {
                    add(
                        "phone",
                        [
                            "id": .uuid(id("\(key):sms")), "service_id": .uuid(serviceID), "number": .text(text),
                            "type": .text("text"), "description": .text("Text"),
                        ])
                }
                var atLocationID: UUID?
                if let town, let place = towns.first(where: { $0.name == town }) {
                    let locationKey = "location:\(template.organization):\(town)"
                    let locationID = locationIDs[locationKey] ?? id(locationKey)
                    if locationIDs[locationKey] == nil {
                        locationIDs[locationKey] = locationID
                        // Places sit a little apart from their town's centre (up to ±0.01°, from the id), so
                        // results near a town have different distances.
                        let offset = Double(locationID.uuid.0 % 20) / 1000 - 0.01
                        add(
                            "location",
                            [
                                "id": .uuid(locationID), "location_type": .text("physical"),
                                "organization_id": .uuid(organizationIDs[template.organization]!),
                                "name": .text("\(template.organization), \(town)"),
                                "latitude": .number(((place.latitude + offset) * 10_000).rounded() / 10_000),
                                "longitude": .number(
                                    ((place.longitude - offset) * 10_000).rounded() / 10_000),
                            ])
                        add(
                            "address",
                            [
                                "id": .uuid(id("\(locationKey):address")), "location_id": .uuid(locationID),
                                "address_1": .text("\(10 + Int(locationID.uuid.1 % 200)) Main Street"),
                                "city": .text(town),
                                "state_province": .text("HV"), "postal_code": .text(place.postalCode),
                                "country": .text("US"),
                                "address_type": .text("physical"),
                            ])
                        add(
                            "accessibility",
                            [
                                "id": .uuid(id("\(locationKey):access")), "location_id": .uuid(locationID),
                                "description": .text("Step-free entrance and an accessible restroom."),
                            ])
                    }
                    let salID = id("\(key):at")
                    atLocationID = salID
                    add(
                        "service_at_location",
                        ["id": .uuid(salID), "service_id": .uuid(serviceID), "location_id": .uuid(locationID)])
                }
                for (index, schedule) in scheduleRows(template.hours).enumerated() {
                    var row = schedule
                    row["id"] = .uuid(id("\(key):schedule:\(index)"))
                    row["service_id"] = .uuid(serviceID)
                    if let atLocationID { row["service_at_location_id"] = .uuid(atLocationID) }
                    add("schedule", row)
                }
            }
        }
        return rows
    }

    private static func scheduleRows(_ hours: Hours) -> [HSDSRow] {
        func weekly(_ days: [String], _ opens: String, _ closes: String, zone: String) -> HSDSRow {
            [
                "freq": .text("WEEKLY"), "byday": .text(days.joined(separator: ",")), "opens_at": .text(opens),
                "closes_at": .text(closes), "timezone_name": .text(zone), "wkst": .text("MO"),
            ]
        }
        let chicago = "America/Chicago"
        switch hours {
        case .always:
            var row = weekly(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], "00:00", "00:00", zone: chicago)
            row["description"] = .text("Open 24 hours a day, 7 days a week.")
            return [row]
        case .weekdays(let opens, let closes):
            return [weekly(["MO", "TU", "WE", "TH", "FR"], opens, closes, zone: chicago)]
        case .weekly(let days, let opens, let closes):
            return [weekly(days, opens, closes, zone: chicago)]
        case .inZone(let zone, let days, let opens, let closes):
            return [weekly(days, opens, closes, zone: zone)]
        }
    }

    static func day(_ date: Date) -> String { DirectorySearch.day(date) }

    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
