import Foundation

/// What a person (or an API client) asks the directory for. Every filter narrows the results (AND).
struct DirectoryQuery: Sendable, Equatable {
    struct Point: Sendable, Equatable {
        var latitude: Double
        var longitude: Double
    }

    static let defaultRadiusKm = 25.0
    static let maxPerPage = 100

    var text = ""
    var near: Point?
    var radiusKm = DirectoryQuery.defaultRadiusKm
    var termIDs: [UUID] = []
    var taxonomyID: UUID?
    var organizationID: UUID?
    var language: String?
    var free = false
    var age: Int?
    var openNow = false
    var modifiedAfter: String?
    var page = 1
    var perPage = 20

    /// Words that show a person may be in crisis: crisis lines are then pinned above everything else.
    static let crisisWords: Set<String> = [
        "crisis", "suicide", "suicidal", "selfharm", "harm", "hurt", "kill", "die", "dying", "emergency", "urgent",
        "overdose", "cutting", "hotline", "suicidio", "crisis", "autolesion", "morir",
    ]
}

/// One service in a result list: what a person needs to choose it.
struct DirectoryListing: Sendable, Equatable {
    enum Notice: String, Sendable, Equatable {
        case inactive, defunct, temporarilyClosed = "temporarily closed", unverified, stale
    }

    var serviceID: UUID
    var organizationID: UUID?
    var name: String
    var organizationName: String
    var summary: String
    var status: String
    var assuredDate: String?
    var isFree: Bool
    var isCrisisLine: Bool
    var distanceKm: Double?
    var notice: Notice?
}

/// A page of results in HSDS's `Page` shape, plus what the search did with the words.
struct DirectoryResults: Sendable {
    var listings: [DirectoryListing]
    var totalItems: Int
    var page: Int
    var perPage: Int
    /// The words searched instead when the typed ones found nothing ("counceling" → "counseling").
    var correctedText: String?
    var crisisPinned: Bool

    var totalPages: Int { max(1, (totalItems + perPage - 1) / perPage) }
}
