import Foundation
import Logging

/// Every setting Haven reads from the environment, parsed once at start-up.
///
/// Each variable has a safe default; a bad value is a `ConfigurationError` whose description is the one
/// line the operator sees before Haven exits with status 1.
public struct HavenConfig: Sendable, Equatable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseLocation
    /// The public address people use, e.g. `https://help.example.org`; links in mail and HSTS depend on it.
    public var baseURL: URL?
    /// The deployment's country (ISO 3166-1 alpha-2, upper case) whose crisis line the banner shows.
    public var country: String
    public var smtp: SMTPSettings?
    public var logLevel: Logger.Level
    /// Where the quick-exit control sends a person: a neutral, everyday page on another site.
    public var quickExitURL: String
    /// Request bodies larger than this get 413.
    public var maxBodyBytes: Int
    /// The sender of Haven's mail (`HAVEN_MAIL_FROM`); by default `haven@` the base URL's host.
    public var mailFromAddress: String?
    /// A PEM file of certificates to trust for the SMTP server's TLS (`SMTP_CA_FILE`), for a mail relay with
    /// a private certificate authority; the system's roots otherwise.
    public var smtpCAFile: String?
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the real client (`HAVEN_TRUSTED_PROXIES`,
    /// comma-separated). Rate limits count per client, so behind a proxy Haven must know who the client is.
    public var trustedProxies: Set<String> = ["127.0.0.1", "::1"]
    /// Whether this server delivers mail from the outbox (`HAVEN_MAIL_WORKER=off` for web-only servers).
    public var runsMailWorker: Bool = true
    /// The deployment's time zone (`HAVEN_TIMEZONE`, an IANA name): directory hours that name no zone of
    /// their own are read in it.
    public var timeZone: TimeZone = TimeZone(identifier: "UTC")!

    public static let defaultQuickExitURL = "https://www.bbc.co.uk/weather"
    public static let defaultMaxBodyBytes = 1024 * 1024

    public init(
        database: DatabaseLocation = .sqlite(path: "haven.sqlite"),
        baseURL: URL? = nil,
        country: String = "US",
        smtp: SMTPSettings? = nil,
        logLevel: Logger.Level = .info,
        quickExitURL: String = HavenConfig.defaultQuickExitURL,
        maxBodyBytes: Int = HavenConfig.defaultMaxBodyBytes
    ) {
        self.database = database
        self.baseURL = baseURL
        self.country = country
        self.smtp = smtp
        self.logLevel = logLevel
        self.quickExitURL = quickExitURL
        self.maxBodyBytes = maxBodyBytes
    }

    /// The address mail comes from.
    public var mailFrom: String {
        mailFromAddress ?? "haven@\(baseURL?.host ?? "localhost")"
    }

    /// True when the deployment is served over https, so browsers may be told to insist on it (HSTS).
    public var isHTTPS: Bool { baseURL?.scheme == "https" }

    /// Reads the configuration from environment variables; unset or empty variables take their default.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        self.init()
        if let raw = value("DATABASE_URL") { database = try Self.parseDatabase(raw) }
        if let raw = value("HAVEN_BASE_URL") { baseURL = try Self.parseBaseURL(raw) }
        if let raw = value("HAVEN_COUNTRY") { country = try Self.parseCountry(raw) }
        if let raw = value("SMTP_URL") { smtp = try SMTPSettings(parsing: raw) }
        if let raw = value("LOG_LEVEL") { logLevel = try Self.parseLogLevel(raw) }
        if let raw = value("HAVEN_QUICK_EXIT_URL") { quickExitURL = try Self.parseQuickExitURL(raw) }
        if let raw = value("HAVEN_MAX_BODY_SIZE") { maxBodyBytes = try Self.parseByteCount(raw) }
        if let raw = value("HAVEN_MAIL_FROM") {
            guard raw.split(separator: "@").count == 2, !raw.contains(" "), !raw.contains("<") else {
                throw ConfigurationError(
                    variable: "HAVEN_MAIL_FROM", accepted: "an email address such as haven@example.org", got: raw)
            }
            mailFromAddress = raw
        }
        if let raw = value("HAVEN_TRUSTED_PROXIES") {
            let addresses = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            guard addresses.allSatisfy({ $0.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" } }) else {
                throw ConfigurationError(
                    variable: "HAVEN_TRUSTED_PROXIES",
                    accepted: "IP addresses separated by commas, e.g. 127.0.0.1,10.0.0.5", got: raw)
            }
            trustedProxies = Set(addresses)
        }
        if let raw = value("HAVEN_MAIL_WORKER") {
            switch raw.lowercased() {
            case "on": runsMailWorker = true
            case "off": runsMailWorker = false
            default: throw ConfigurationError(variable: "HAVEN_MAIL_WORKER", accepted: "on or off", got: raw)
            }
        }
        if let raw = value("HAVEN_TIMEZONE") {
            guard let zone = TimeZone(identifier: raw) else {
                throw ConfigurationError(
                    variable: "HAVEN_TIMEZONE",
                    accepted: "an IANA time zone name such as America/Chicago or Europe/London",
                    got: raw)
            }
            timeZone = zone
        }
        if let raw = value("SMTP_CA_FILE") {
            guard FileManager.default.isReadableFile(atPath: raw) else {
                throw ConfigurationError(
                    variable: "SMTP_CA_FILE", accepted: "a readable PEM file of CA certificates", got: raw)
            }
            smtpCAFile = raw
        }
    }

    static func parseDatabase(_ raw: String) throws(ConfigurationError) -> DatabaseLocation {
        let accepted = "sqlite:PATH or postgres://user:password@host:port/database"
        if raw.hasPrefix("sqlite:") {
            var path = String(raw.dropFirst("sqlite:".count))
            // Accept the URL spellings sqlite:///abs/path and sqlite://rel/path as well as sqlite:path.
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else {
                throw ConfigurationError(variable: "DATABASE_URL", accepted: accepted, got: raw)
            }
            return .sqlite(path: path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: raw), let host = components.host, !host.isEmpty,
                components.path.count > 1
            else {
                throw ConfigurationError(variable: "DATABASE_URL", accepted: accepted, got: raw, secret: true)
            }
            return .postgres(url: raw)
        }
        throw ConfigurationError(variable: "DATABASE_URL", accepted: accepted, got: raw, secret: raw.contains("@"))
    }

    static func parseBaseURL(_ raw: String) throws(ConfigurationError) -> URL {
        guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil
        else {
            throw ConfigurationError(
                variable: "HAVEN_BASE_URL", accepted: "an http:// or https:// address such as https://help.example.org",
                got: raw)
        }
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text) ?? url
    }

    static func parseCountry(_ raw: String) throws(ConfigurationError) -> String {
        let code = raw.uppercased()
        guard Countries.isAssigned(code) else {
            throw ConfigurationError(
                variable: "HAVEN_COUNTRY", accepted: "an ISO 3166-1 alpha-2 country code such as US, GB or CA", got: raw
            )
        }
        return code
    }

    static func parseLogLevel(_ raw: String) throws(ConfigurationError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: raw.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: "LOG_LEVEL", accepted: "one of \(names)", got: raw)
        }
        return level
    }

    static func parseQuickExitURL(_ raw: String) throws(ConfigurationError) -> String {
        guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ConfigurationError(
                variable: "HAVEN_QUICK_EXIT_URL", accepted: "an http:// or https:// address of a neutral site", got: raw
            )
        }
        return raw
    }

    /// Parses sizes such as `1048576`, `512kb`, `1mb`.
    static func parseByteCount(_ raw: String) throws(ConfigurationError) -> Int {
        let text = raw.lowercased()
        let units: [(suffix: String, factor: Int)] = [("kb", 1024), ("mb", 1024 * 1024), ("b", 1), ("", 1)]
        for unit in units where text.hasSuffix(unit.suffix) {
            if let number = Int(text.dropLast(unit.suffix.count)), number > 0 {
                let (bytes, overflow) = number.multipliedReportingOverflow(by: unit.factor)
                if !overflow { return bytes }
            }
            break
        }
        throw ConfigurationError(
            variable: "HAVEN_MAX_BODY_SIZE", accepted: "a positive size in bytes, or with kb or mb (e.g. 1mb)", got: raw
        )
    }
}

/// A setting that cannot be used. Its description is a single line naming the variable and what it accepts.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var variable: String
    public var accepted: String
    public var got: String
    /// The value may contain a password, so it is not echoed back.
    public var secret: Bool = false

    public var description: String {
        let shown = secret ? "" : " (got \"\(got)\")"
        return "\(variable) must be \(accepted)\(shown)"
    }
}
