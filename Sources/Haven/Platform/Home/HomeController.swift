import Vapor

/// The home page and the page that explains what the quick exit can and cannot hide.
struct HomeController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.home.pathComponents, use: Self.home)
        routes.get(SiteURL.browseSafely.pathComponents, use: Self.browseSafely)
    }

    static func home(req: Request) async throws -> Page {
        let context = await req.pageContext()
        return Home.View(context: context, model: Home.Model(banner: context.banner)).page()
    }

    static func browseSafely(req: Request) async throws -> Page {
        BrowseSafely.View(context: await req.pageContext()).page()
    }
}
