import Fluent
import Vapor

/// `/help`: every crisis line, the chosen country's first, with a country chooser that is a plain GET form.
struct HelpController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.help.pathComponents, use: Self.index)
    }

    static func index(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let deployment = req.application.havenConfig.country
        let requested = req.query[String.self, at: "country"]?.trimmingCharacters(in: .whitespaces).uppercased()
        let chosen = requested.flatMap { Countries.isAssigned($0) ? $0 : nil } ?? deployment

        let lines: [CrisisLine]
        var fromFallback = false
        do {
            lines = try await CrisisLine.all(countryFirst: chosen, on: req.db)
        } catch {
            // Crisis lines matter most when something is wrong: show the ones Haven ships with.
            req.logger.error("crisis lines unavailable, showing the built-in list", metadata: [
                "error": .string(String(describing: type(of: error)))
            ])
            let shipped = SeedCrisisLines.lines
            lines = shipped.filter { $0.countryCode == chosen } + shipped.filter { $0.countryCode != chosen }
            fromFallback = true
        }
        let model = Help.Model(
            chosenCountry: chosen, deploymentCountry: deployment,
            unknownCountry: requested.flatMap { $0.isEmpty || Countries.isAssigned($0) ? nil : $0 },
            lines: lines.map(Help.LineSummary.init), fromFallback: fromFallback, language: context.language)
        return Help.View(context: context, model: model).page()
    }
}
