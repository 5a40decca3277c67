import Vapor

/// Refuses a request whose declared body is over the limit before anything reads it, on every path,
/// including ones no route matches. Bodies without a length are limited where routes collect them
/// (`app.routes.defaultMaxBodySize`), with the same status.
struct BodyLimitMiddleware: AsyncMiddleware {
    let maxBytes: Int

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > maxBytes {
            throw Abort(.payloadTooLarge, reason: Self.message(maxBytes: maxBytes))
        }
        return try await next.respond(to: request)
    }

    static func message(maxBytes: Int) -> String {
        let size = maxBytes >= 1024 * 1024 && maxBytes % (1024 * 1024) == 0
            ? "\(maxBytes / (1024 * 1024)) MiB" : "\(maxBytes / 1024) KiB"
        return "The request is larger than this server accepts (\(size)). Send less, or split it up."
    }
}
