import Fluent
import Foundation
import Testing
import Vapor

@testable import Haven

@Suite("Crisis lines on /help")
struct HelpPageTests {
    @Test func deploymentCountryComesFirstThenOtherCountries() async throws {
        try await withApp({ $0.country = "GB" }) { app in
            let html = try await app.get("/help").text
            let samaritans = try #require(html.range(of: "<h3>Samaritans</h3>"))
            let others = try #require(html.range(of: "Other countries"))
            let lifeline = try #require(html.range(of: "988 Suicide &amp; Crisis Lifeline"))
            #expect(samaritans.lowerBound < others.lowerBound && others.lowerBound < lifeline.lowerBound)
            #expect(html.contains("<h2 id=\"country-GB\">Lines in United Kingdom</h2>"))
            #expect(html.contains(#"<a class="button button--call" href="tel:116123">Call 116 123</a>"#))
            // The chooser lists the deployment's country first.
            let firstOption = html.firstMatch(of: #/<option value="([A-Z]{2})"/#).map { String($0.output.1) }
            #expect(firstOption == "GB")
        }
    }

    /// The chooser is a GET form, so it works without JavaScript and the result can be bookmarked.
    @Test func choosingACountryIsAPlainGETForm() async throws {
        try await withApp { app in
            let html = try await app.get("/help").text
            #expect(html.contains(#"<form class="chooser" action="/help" method="get">"#))
            #expect(html.contains(#"<label for="country">Show lines for</label>"#))
            #expect(html.contains(#"<select id="country" name="country">"#))
            let chosen = try await app.get("/help?country=nz").text
            #expect(chosen.contains(#"<option value="NZ" selected>New Zealand</option>"#))
            let h2 = chosen.firstMatch(of: #/<h2 id="country-([A-Z]+)">/#).map { String($0.output.1) }
            #expect(h2 == "NZ")
            #expect(chosen.contains(#"href="tel:1737">Call 1737</a>"#))
        }
    }

    @Test func everyLineShowsItsSourceAndWhenItWasChecked() async throws {
        try await withApp { app in
            let html = try await app.get("/help").text
            let cards = html.components(separatedBy: #"<article class="line card">"#).dropFirst()
            #expect(cards.count == SeedCrisisLines.lines.count)
            for card in cards {
                #expect(card.contains("Details from <a href=\"https://"))
                #expect(
                    card.contains("last checked November 26, 2026") || card.contains("last checked 26 November 2026"))
            }
        }
    }

    @Test func unknownOrEmptyCountryIsExplained() async throws {
        try await withApp { app in
            let unknown = try await app.get("/help?country=ZZ%3Cscript%3E").text
            #expect(unknown.contains("is not a country code we know"))
            #expect(unknown.contains("ZZ&lt;SCRIPT&gt;"))
            #expect(!unknown.contains("<SCRIPT>"))
            let noLines = try await app.get("/help?country=FR").text
            #expect(noLines.contains("We do not have a line for France yet."))
        }
    }

    @Test func linesAddedLaterAppearWithoutARestart() async throws {
        try await withApp({ $0.country = "FR" }) { app in
            let line = CrisisLine(
                countryCode: "FR", name: "3114", phone: "3114", languages: ["fr"], topics: ["suicide"],
                sourceURL: "https://3114.fr/", lastVerified: Date(), rank: 1)
            try await line.create(on: app.app.db)
            app.app.crisisLines.invalidate()
            app.app.pageCache.removeAll()
            let html = try await app.get("/help").text
            #expect(html.contains("<h3>3114</h3>"))
            let home = try await app.get("/").text
            #expect(home.contains(#"href="tel:3114">3114</a> (3114)"#))
        }
    }

    @Test func seededLinesAreComplete() {
        for line in SeedCrisisLines.lines {
            #expect(Countries.isAssigned(line.countryCode))
            #expect(line.phone != nil || line.sms != nil, "\(line.name) cannot be reached")
            #expect(line.sourceURL.hasPrefix("https://"))
            #expect(!line.languages.isEmpty && !line.topics.isEmpty)
            if let number = line.dialable { #expect(number.allSatisfy { $0.isNumber }) }
        }
        let countries = Set(SeedCrisisLines.lines.map(\.countryCode))
        #expect(countries.isSuperset(of: ["US", "GB", "IE", "CA", "AU"]))
    }
}
