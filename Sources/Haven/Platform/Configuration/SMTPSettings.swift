import Foundation

/// Where outgoing mail goes: `smtp://host:port` (STARTTLS when the server offers it) or `smtps://host:port`
/// (TLS from the first byte), with optional `user:password@`. Parsed and validated at start-up; the mail
/// outbox (Accounts) delivers through it.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable { case startTLSWhenOffered, implicitTLS }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?

    public init(parsing raw: String) throws(ConfigurationError) {
        let error = ConfigurationError(
            variable: "SMTP_URL", accepted: "smtp://[user:password@]host[:port] or smtps://[user:password@]host[:port]",
            got: raw, secret: raw.contains("@"))
        guard let components = URLComponents(string: raw), let host = components.host, !host.isEmpty else {
            throw error
        }
        switch components.scheme?.lowercased() {
        case "smtp": security = .startTLSWhenOffered; port = components.port ?? 25
        case "smtps": security = .implicitTLS; port = components.port ?? 465
        default: throw error
        }
        guard (1...65535).contains(port), components.path.isEmpty || components.path == "/" else { throw error }
        self.host = host
        username = components.user?.removingPercentEncoding
        password = components.password?.removingPercentEncoding
    }
}
