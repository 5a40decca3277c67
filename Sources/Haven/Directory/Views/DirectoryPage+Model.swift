import Foundation

enum DirectoryPage {
    struct Option: Sendable, Equatable {
        var value: String
        var label: String
    }

    /// A result as the page shows it.
    struct Card: Sendable {
        enum Open: Sendable, Equatable {
            case now, alwaysOpen, opens(String), unknown
        }

        var listing: DirectoryListing
        var open: Open
        var phones: [ServiceContacts.Phone]
        var languages: [String]
    }

    struct Model: Sendable {
        var form: DirectoryForm
        var needs: [Option]
        var audiences: [Option]
        var reaches: [Option]
        var languages: [Option]
        var results: DirectoryResults
        var cards: [Card]
        var placeFound: Places.Place?
        var unknownPlace: String?
        var errors: [FormError]

        static func card(_ listing: DirectoryListing, contacts: ServiceContacts?, now: Date, language: String) -> Card {
            var open = Card.Open.unknown
            if let hours = contacts?.hours, !hours.isEmpty {
                if hours.isAlwaysOpen {
                    open = .alwaysOpen
                } else if hours.isOpen(at: now) {
                    open = .now
                } else if let next = hours.nextOpening(after: now) {
                    open = .opens(OpeningText.moment(next, in: hours.timeZone, language: language))
                }
            }
            return Card(
                listing: listing, open: open, phones: contacts?.phones ?? [],
                languages: (contacts?.languages ?? []).map { LanguageCodes.name($0, in: language) })
        }
    }
}
