import Vapor

/// The home page and the page that explains what the quick exit can and cannot hide.
struct HomeController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.home.pathComponents, use: Self.home)
        routes.get(SiteURL.browseSafely.pathComponents, use: Self.browseSafely)
    }

    static func home(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let html = req.application.pageCache.html(for: context.cacheKey.map { "home|" + $0 }) {
            Home.View(context: context, model: Home.Model(banner: context.banner)).document().render()
        }
        return Page(html: html)
    }

    static func browseSafely(req: Request) async throws -> Page {
        let context = await req.pageContext()
        let html = req.application.pageCache.html(for: context.cacheKey.map { "browse-safely|" + $0 }) {
            BrowseSafely.View(context: context).document().render()
        }
        return Page(html: html)
    }
}
