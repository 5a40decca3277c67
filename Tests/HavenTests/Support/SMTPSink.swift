import Foundation

/// A real SMTP server (Python's aiosmtpd, `Tests/support/smtp_sink.py`) for one test: it writes each
/// message it accepts to a folder, which the test reads.
final class SMTPSink: @unchecked Sendable {  // Process is thread-safe for the calls made here.
    let port: Int
    let folder: URL
    private let process: Process

    struct Options {
        var tlsCertificate: String?
        var tlsKey: String?
        var implicitTLS = false
        var auth: String?
        var rejectRecipient: String?
    }

    static var python: String {
        ProcessInfo.processInfo.environment["HAVEN_TEST_PYTHON"]
            ?? packageRoot.appendingPathComponent(".build/test-venv/bin/python").path
    }

    init(_ options: Options = Options()) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = packageRoot.appendingPathComponent("Tests/support/smtp_sink.py").path
        var arguments = [script, "--out", folder.path]
        if let cert = options.tlsCertificate, let key = options.tlsKey {
            arguments += ["--tls-cert", cert, "--tls-key", key]
        }
        if options.implicitTLS { arguments.append("--implicit-tls") }
        if let auth = options.auth { arguments += ["--auth", auth] }
        if let reject = options.rejectRecipient { arguments += ["--reject-recipient", reject] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-u"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // "ready PORT" on the first line.
        var line = Data()
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6)) else {
            kill(process.processIdentifier, SIGKILL)
            throw SinkError(message: "the SMTP sink did not start (got \"\(text)\"); is aiosmtpd in \(Self.python)?")
        }
        self.port = port
    }

    struct SinkError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// Every message received so far, in arrival order.
    func messages() throws -> [ReceivedMail] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
            .sorted()
        return try files.map {
            ReceivedMail(raw: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// Waits until at least `count` messages arrived (or `timeout` passed) and returns them all.
    func waitForMessages(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [ReceivedMail] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let received = try messages()
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try messages()
    }

    /// SIGKILL: the test runner's children inherit a blocked SIGTERM.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// A received message, read just enough to check it: headers, and the text part decoded.
struct ReceivedMail: Sendable {
    var raw: String
    var headers: [String: String] = [:]
    var text = ""
    var html = ""

    init(raw: String) {
        self.raw = raw
        let normalized = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = normalized.range(of: "\n\n")
        let head = split.map { String(normalized[..<$0.lowerBound]) } ?? normalized
        for line in head.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        for part in normalized.components(separatedBy: "\n--") {
            guard let bodyStart = part.range(of: "\n\n") else { continue }
            let body = part[bodyStart.upperBound...].replacingOccurrences(of: "\n", with: "")
            let decoded = Data(base64Encoded: body).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if part.contains("Content-Type: text/plain") { text = decoded }
            if part.contains("Content-Type: text/html") { html = decoded }
        }
    }

    var to: String { headers["x-envelope-to"] ?? "" }
    var messageID: String { headers["message-id"] ?? "" }

    /// The subject, decoded if it was sent as an RFC 2047 encoded word.
    var subject: String {
        let value = headers["subject"] ?? ""
        guard value.hasPrefix("=?UTF-8?B?"), value.hasSuffix("?=") else { return value }
        let encoded = value.dropFirst(10).dropLast(2)
        return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } ?? value
    }

    /// The first link in the text part that contains `path`.
    func link(containing path: String) -> String? {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init).first {
            $0.hasPrefix("http") && $0.contains(path)
        }
    }
}
