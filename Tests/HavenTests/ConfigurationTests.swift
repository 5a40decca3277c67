import Foundation
import Testing

@testable import Haven

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test func everySettingHasASafeDefault() throws {
        let config = try HavenConfig(environment: [:])
        #expect(config.database == .sqlite(path: "haven.sqlite"))
        #expect(config.country == "US")
        #expect(config.baseURL == nil)
        #expect(config.smtp == nil)
        #expect(config.logLevel == .info)
        #expect(config.maxBodyBytes == 1024 * 1024)
        #expect(!config.isHTTPS)
    }

    @Test func readsEveryVariable() throws {
        let config = try HavenConfig(environment: [
            "DATABASE_URL": "postgres://haven:secret@db.internal:5433/haven",
            "HAVEN_BASE_URL": "https://help.example.org/",
            "HAVEN_COUNTRY": "gb",
            "SMTP_URL": "smtps://mailer:p%40ss@smtp.example.org",
            "LOG_LEVEL": "WARNING",
            "HAVEN_QUICK_EXIT_URL": "https://weather.example.net/",
            "HAVEN_MAX_BODY_SIZE": "512kb",
            "HAVEN_MAIL_FROM": "help@example.org",
            "HAVEN_MAIL_WORKER": "off",
            "HAVEN_TRUSTED_PROXIES": "10.0.0.5, ::1",
            "SMTP_CA_FILE": packageRoot.appendingPathComponent("Package.swift").path,
        ])
        #expect(config.database == .postgres(url: "postgres://haven:secret@db.internal:5433/haven"))
        #expect(config.baseURL?.absoluteString == "https://help.example.org")
        #expect(config.isHTTPS)
        #expect(config.country == "GB")
        #expect(config.smtp?.host == "smtp.example.org")
        #expect(config.smtp?.port == 465)
        #expect(config.smtp?.security == .implicitTLS)
        #expect(config.smtp?.password == "p@ss")
        #expect(config.logLevel == .warning)
        #expect(config.quickExitURL == "https://weather.example.net/")
        #expect(config.maxBodyBytes == 512 * 1024)
        #expect(config.mailFrom == "help@example.org")
        #expect(!config.runsMailWorker)
        #expect(config.trustedProxies == ["10.0.0.5", "::1"])
        #expect(config.smtpCAFile?.hasSuffix("Package.swift") == true)
        // Without HAVEN_MAIL_FROM, mail comes from the base URL's host.
        #expect(
            try HavenConfig(environment: ["HAVEN_BASE_URL": "https://help.example.org"]).mailFrom
                == "haven@help.example.org")
        #expect(HavenConfig().runsMailWorker)
        #expect(HavenConfig().trustedProxies == ["127.0.0.1", "::1"])
    }

    @Test func sqliteURLSpellings() throws {
        #expect(
            try HavenConfig(environment: ["DATABASE_URL": "sqlite:data/h.sqlite"]).database
                == .sqlite(path: "data/h.sqlite"))
        #expect(
            try HavenConfig(environment: ["DATABASE_URL": "sqlite:///var/lib/h.sqlite"]).database
                == .sqlite(path: "/var/lib/h.sqlite"))
    }

    @Test func smtpDefaultsToPort25WithStartTLS() throws {
        let smtp = try SMTPSettings(parsing: "smtp://localhost")
        #expect(smtp.port == 25)
        #expect(smtp.security == .startTLSWhenOffered)
        #expect(smtp.username == nil)
    }

    /// Each bad value names its variable and what it accepts, on one line; secrets are not echoed.
    @Test(arguments: [
        ("DATABASE_URL", "nope", "DATABASE_URL must be sqlite:PATH or postgres://"),
        ("DATABASE_URL", "mysql://u:pw@h/db", "DATABASE_URL must be"),
        ("DATABASE_URL", "postgres://u:pw@/db", "DATABASE_URL must be"),
        ("HAVEN_COUNTRY", "XX", "HAVEN_COUNTRY must be an ISO 3166-1 alpha-2 country code"),
        ("HAVEN_COUNTRY", "USA", "HAVEN_COUNTRY must be"),
        ("HAVEN_BASE_URL", "help.example.org", "HAVEN_BASE_URL must be an http:// or https:// address"),
        ("SMTP_URL", "mail.example.org:25", "SMTP_URL must be smtp://"),
        ("SMTP_URL", "smtp://host:99999", "SMTP_URL must be"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of trace, debug, info"),
        ("HAVEN_MAX_BODY_SIZE", "-1", "HAVEN_MAX_BODY_SIZE must be a positive size"),
        ("HAVEN_QUICK_EXIT_URL", "javascript:alert(1)", "HAVEN_QUICK_EXIT_URL must be"),
        ("HAVEN_MAIL_FROM", "Haven <a@b.org>", "HAVEN_MAIL_FROM must be an email address"),
        ("HAVEN_MAIL_WORKER", "maybe", "HAVEN_MAIL_WORKER must be on or off"),
        ("HAVEN_TRUSTED_PROXIES", "proxy.internal", "HAVEN_TRUSTED_PROXIES must be IP addresses"),
        ("SMTP_CA_FILE", "/nonexistent/ca.pem", "SMTP_CA_FILE must be a readable PEM file"),
    ])
    func badValuesAreRefusedWithOneLine(variable: String, value: String, message: String) {
        #expect {
            _ = try HavenConfig(environment: [variable: value])
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix(message) && !text.contains("\n")
        }
    }

    @Test func passwordsInBadURLsAreNotEchoed() {
        #expect {
            _ = try HavenConfig(environment: ["DATABASE_URL": "mysql://u:hunter2@h/db"])
        } throws: { error in
            !String(describing: error).contains("hunter2")
        }
    }

    @Test func countryCodesAreISOAssigned() {
        #expect(Countries.isAssigned("US"))
        #expect(Countries.isAssigned("GB"))
        #expect(Countries.isAssigned("NZ"))
        #expect(!Countries.isAssigned("XX"))
        #expect(!Countries.isAssigned("EU"))
        #expect(!Countries.isAssigned("us"))
        #expect(Countries.name(of: "DE", language: "es") == "Alemania")
    }
}
