import Vapor

/// `GET /api/openapi.json`: the one OpenAPI 3.1 document that describes every API route
/// (`Resources/OpenAPI/openapi.json`), read once at start-up. Tests check that every registered `/api/`
/// route is in it and that responses conform to it.
struct APIDocumentController: RouteCollection {
    let document: ByteBuffer

    static func load(from resources: String) throws -> APIDocumentController {
        let file = URL(fileURLWithPath: resources).appendingPathComponent("OpenAPI/openapi.json")
        do {
            let data = try Data(contentsOf: file)
            _ = try JSONSerialization.jsonObject(with: data)
            return APIDocumentController(document: ByteBuffer(data: data))
        } catch {
            throw StartupError("cannot read the API description \(file.path): \(error)")
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        let document = self.document
        routes.grouped(AccessGuard(.anyone)).get(SiteURL.apiDocument.pathComponents) { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(buffer: document))
        }
    }
}
