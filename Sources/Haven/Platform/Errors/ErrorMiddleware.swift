import Vapor

/// Turns every error into a response a person can act on: a page in the layout for people, JSON
/// `{"error", "reason"}` under `/api/`. Nothing internal (types, stack traces, SQL) reaches the response;
/// unexpected errors are logged with the route pattern, never with the request's content.
struct ErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request: request)
        }
    }

    private func response(for error: Error, request: Request) async -> Response {
        let status: HTTPStatus
        let reason: String?
        var headers = HTTPHeaders()
        let field = (error as? InvalidParameter)?.parameter
        switch error {
        case let abort as AbortError:
            status = abort.status
            // Reasons of client errors are written for people; server errors' reasons may be internal.
            reason = status.code < 500 && abort.reason != status.reasonPhrase ? abort.reason : nil
            headers = abort.headers
        default:
            status = .internalServerError
            reason = nil
        }
        if status.code >= 500 {
            request.logger.error(
                "request failed",
                metadata: [
                    "route": .string(request.route.map { "/" + $0.path.string } ?? "unmatched"),
                    "error": .string(String(describing: type(of: error))),
                ])
        }
        if request.url.path.hasPrefix("/api/") {
            return jsonResponse(status: status, reason: reason, field: field, headers: headers)
        }
        let context = await request.pageContext()
        let model = ErrorPage.Model(
            status: status, reason: reason, maxBodyBytes: request.application.havenConfig.maxBodyBytes,
            retryAfter: headers.first(name: "Retry-After").flatMap(Int.init))
        let page = ErrorPage.View(context: context, model: model).page(status: status)
        let response = Response(status: status, headers: headers)
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .vary, value: "Accept-Language")
        response.body = .init(string: page.html)
        return response
    }

    private func jsonResponse(status: HTTPStatus, reason: String?, field: String?, headers: HTTPHeaders) -> Response {
        struct Body: Encodable {
            var error: String
            var reason: String
            /// The query parameter or field at fault, when there is one.
            var parameter: String?
        }
        let body = Body(
            error: status.reasonPhrase, reason: reason ?? ErrorPage.Model.defaultReason(for: status), parameter: field)
        let response = Response(status: status, headers: headers)
        try? response.content.encode(body, as: .json)
        return response
    }
}

/// A 400 that names the query parameter or field at fault: `{"error", "reason", "parameter"}` under `/api/`.
struct InvalidParameter: AbortError {
    var parameter: String
    var problem: String

    var status: HTTPResponseStatus { .badRequest }
    var reason: String { "\(parameter): \(problem)" }
}
