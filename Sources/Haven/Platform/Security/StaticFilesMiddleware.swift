import Vapor

/// Serves `Public/` for the folders that hold static files, and only those: Vapor's FileMiddleware asks the
/// file system about every path, which on a page request is work for nothing.
struct StaticFilesMiddleware: AsyncMiddleware {
    static let prefixes = ["/css/", "/js/", "/img/", "/icons/"]
    static let rootFiles: Set<String> = ["/favicon.ico", "/robots.txt"]

    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard Self.rootFiles.contains(path) || Self.prefixes.contains(where: { path.hasPrefix($0) }) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
