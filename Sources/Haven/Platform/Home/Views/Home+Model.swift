/// What the home page shows.
enum Home {
    struct Model: Sendable {
        /// The deployment country's crisis line, when there is one.
        var banner: CrisisLineSummary?

        /// What this deployment offers, one entry per capability that exists; each capability adds its own.
        var offers: [Offer] {
            [
                Offer(titleKey: "home.offer.help.title", textKey: "home.offer.help.text", url: .help),
                Offer(titleKey: "home.offer.safety.title", textKey: "home.offer.safety.text", url: .browseSafely),
            ]
        }
    }

    struct Offer: Sendable {
        var titleKey: String
        var textKey: String
        var url: SiteURL
    }
}
