import Plot
import Vapor

/// The page for 404, 413, 500 and every other error: in the layout, with the way to help, leaking nothing.
enum ErrorPage {
    struct Model: Sendable {
        var status: HTTPStatus
        /// A message written for people (client errors only).
        var reason: String?
        /// The configured body limit, named on the 413 page.
        var maxBodyBytes: Int = HavenConfig.defaultMaxBodyBytes
        /// Seconds until a rate limit lets the person try again (429 only).
        var retryAfter: Int? = nil

        static func defaultReason(for status: HTTPStatus) -> String {
            switch status.code {
            case 404: "There is nothing at this address."
            case 413: "The request is larger than this server accepts."
            case 400..<500: "The request could not be handled as sent."
            default: "Something went wrong on our side. Please try again in a moment."
            }
        }
    }

    struct View: PageView {
        var context: PageContext
        var model: Model

        /// Catalog keys of the title and the explanation (literal, so the catalog test can find them).
        private var keys: (title: String, body: String) {
            switch model.status.code {
            case 404: ("error.notFound.title", "error.notFound.body")
            case 413: ("error.tooLarge.title", "error.tooLarge.body")
            case 401: ("error.signInNeeded.title", "error.signInNeeded.body")
            case 403: ("error.forbidden.title", "error.forbidden.body")
            case 409: ("error.conflict.title", "error.badRequest.body")
            case 429: ("error.tooMany.title", "error.tooMany.body")
            case 400..<500: ("error.badRequest.title", "error.badRequest.body")
            default: ("error.serverError.title", "error.serverError.body")
            }
        }

        var title: String { context.strings[keys.title] }

        /// The thrower's message for a client error, except for 413, which is said in the reader's language.
        private var explanation: String {
            if model.status == .payloadTooLarge {
                return context.strings[keys.body, ["size": BodyLimitMiddleware.describe(bytes: model.maxBodyBytes)]]
            }
            if model.status == .tooManyRequests {
                return context.strings[keys.body, ["minutes": String(max(1, ((model.retryAfter ?? 60) + 59) / 60))]]
            }
            return model.reason ?? context.strings[keys.body]
        }

        func content() -> Node<HTML.BodyContext> {
            let s = context.strings
            return .group(
                .h1(.text(title)),
                .p(.text(explanation)),
                .p(.text(s["error.needHelp"]), " ", .a(.href(SiteURL.help.path), .text(s["error.helpLink"]))),
                .p(.a(.href(SiteURL.home.path), .text(s["error.homeLink"])))
            )
        }
    }
}
