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
        "The request is larger than this server accepts (\(describe(bytes: maxBytes))). Send less, or split it up."
    }

    /// `1 MiB`, `512 KiB`, `100 bytes`.
    static func describe(bytes: Int) -> String {
        if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}
