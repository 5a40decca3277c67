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

        let unknown = requested.flatMap { $0.isEmpty || Countries.isAssigned($0) ? nil : $0 }
        let snapshot = await req.application.crisisLines.snapshot(on: req.db)
        let render = {
            let model = Help.Model(
                chosenCountry: chosen, deploymentCountry: deployment, unknownCountry: unknown,
                lines: snapshot.lines, fromFallback: snapshot.fromFallback, language: context.language)
            return Help.View(context: context, model: model).document().render()
        }
        // A page that echoes an unknown country code is not kept: its key comes from whatever was typed.
        guard unknown == nil else { return Page(html: render()) }
        let key = context.cacheKey.map { "help|\(chosen)|\(snapshot.fromFallback)|" + $0 }
        return Page(html: req.application.pageCache.html(for: key, render: render))
    }
}
