import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO, STARTTLS when offered (or TLS from the first byte for
/// `smtps://`), AUTH PLAIN, then any number of messages on one connection. None of the packages Haven may
/// use speaks SMTP; this is the part of it the outbox needs and no more.
struct SMTPClient: Sendable {
    var settings: SMTPSettings
    /// The name Haven gives itself in EHLO.
    var heloName: String = "haven.localhost"
    /// Trust roots for the server's certificate; the system's by default.
    var trustRoots: NIOSSLTrustRoots = .default
    var timeout: TimeAmount = .seconds(30)

    /// An open, greeted, authenticated connection.
    final class Connection: Sendable {
        fileprivate let channel: any Channel
        fileprivate let replies: NIOLoopBound<SMTPReplyHandler>
        fileprivate let timeout: TimeAmount

        fileprivate init(channel: any Channel, replies: NIOLoopBound<SMTPReplyHandler>, timeout: TimeAmount) {
            self.channel = channel
            self.replies = replies
            self.timeout = timeout
        }

        /// Sends a line (or, with `nil`, nothing) and waits for the server's reply.
        @discardableResult
        fileprivate func command(_ line: String?, expect accepted: ClosedRange<Int>) async throws -> SMTPReply {
            let eventLoop = channel.eventLoop
            let replies = self.replies
            let future: EventLoopFuture<SMTPReply> = eventLoop.flatSubmit { replies.value.nextReply() }
            if let line {
                try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n"))
            }
            let deadline = eventLoop.scheduleTask(in: timeout) { replies.value.failAll(SMTPError.timedOut) }
            defer { deadline.cancel() }
            let reply = try await future.get()
            guard accepted.contains(reply.code) else {
                throw SMTPError.rejected(command: Self.redact(line), reply: reply)
            }
            return reply
        }

        /// The command as it may appear in an error message: credentials never do.
        private static func redact(_ line: String?) -> String {
            guard let line else { return "(greeting)" }
            return line.hasPrefix("AUTH") ? "AUTH PLAIN …" : String(line.prefix(60))
        }

        /// Sends one message. The envelope addresses must be bare addresses (`a@b`).
        func send(from: String, to: String, data: String) async throws {
            try await command("MAIL FROM:<\(from)>", expect: 250...250)
            try await command("RCPT TO:<\(to)>", expect: 250...251)
            try await command("DATA", expect: 354...354)
            try await command(Self.dotStuffed(data) + "\r\n.", expect: 250...250)
        }

        /// After a rejected message, so the next one starts clean.
        func reset() async throws { try await command("RSET", expect: 250...250) }

        func close() async {
            _ = try? await command("QUIT", expect: 200...599)
            try? await channel.close()
        }

        /// Lines that start with "." get another, so none ends the message early (RFC 5321 4.5.2). Line ends
        /// become CRLF.
        static func dotStuffed(_ data: String) -> String {
            data.replacingOccurrences(of: "\r\n", with: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
                .joined(separator: "\r\n")
        }
    }

    /// Connects, reads the greeting, says EHLO, upgrades to TLS when it should, and signs in if configured.
    func connect(on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> Connection {
        let tlsContext = try NIOSSLContext(configuration: tlsConfiguration)
        let host = settings.host
        let implicitTLS = settings.security == .implicitTLS
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tlsContext, serverHostname: Self.sniName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPError.unreachable("\(settings.host):\(settings.port): \(error)")
        }
        let replies = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
        let connection = Connection(channel: channel, replies: replies, timeout: timeout)
        do {
            try await connection.command(nil, expect: 220...220)
            var hello = try await connection.command("EHLO \(heloName)", expect: 250...250)
            if settings.security == .startTLSWhenOffered && hello.offers("STARTTLS") {
                try await connection.command("STARTTLS", expect: 220...220)
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: tlsContext, serverHostname: Self.sniName(host)),
                        position: .first)
                }.get()
                hello = try await connection.command("EHLO \(heloName)", expect: 250...250)
            }
            if let username = settings.username {
                let credentials = Data("\0\(username)\0\(settings.password ?? "")".utf8).base64EncodedString()
                try await connection.command("AUTH PLAIN \(credentials)", expect: 235...235)
            }
        } catch {
            try? await channel.close()
            throw error
        }
        return connection
    }

    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = trustRoots
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    /// SNI takes names, not addresses.
    private static func sniName(_ host: String) -> String? {
        host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) ? nil : host
    }
}

/// One reply: a code and its text lines ("250-first", "250 last").
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    func offers(_ extensionName: String) -> Bool {
        lines.contains { $0.uppercased() == extensionName || $0.uppercased().hasPrefix(extensionName + " ") }
    }
}

enum SMTPError: Error, CustomStringConvertible, Equatable {
    case unreachable(String)
    case rejected(command: String, reply: SMTPReply)
    case malformedReply(String)
    case timedOut
    case connectionClosed

    /// A 5xx reply: trying again will not help.
    var isPermanent: Bool {
        if case .rejected(_, let reply) = self { return reply.code >= 500 }
        return false
    }

    var description: String {
        switch self {
        case .unreachable(let detail): "cannot reach the SMTP server (\(detail))"
        case .rejected(let command, let reply):
            "the SMTP server answered \(command) with \(reply.code) \(reply.lines.joined(separator: " "))"
        case .malformedReply(let line): "the SMTP server sent something that is not SMTP: \(line.prefix(80))"
        case .timedOut: "the SMTP server did not answer in time"
        case .connectionClosed: "the SMTP server closed the connection"
        }
    }
}

/// Bytes to replies. A reply is one or more lines of "NNN-text" ending with "NNN text".
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPError.malformedReply("a line longer than 4096 bytes") }
            return .needMoreData
        }
        let line = buffer.readString(length: newline - buffer.readerIndex + 1)!
            .trimmingCharacters(in: .newlines)
        guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPError.malformedReply(line) }
        let rest = line.dropFirst(3)
        lines.append(String(rest.dropFirst()))
        if rest.first == "-" { return .continue }
        context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: lines)))
        lines = []
        return .continue
    }
}

/// Hands replies to whoever waits for the next one; fails them all if the connection breaks.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var waiting: [EventLoopPromise<SMTPReply>] = []
    private var early: [SMTPReply] = []
    private var failure: SMTPError?
    private var eventLoop: (any EventLoop)?

    func handlerAdded(context: ChannelHandlerContext) { eventLoop = context.eventLoop }

    func nextReply() -> EventLoopFuture<SMTPReply> {
        let eventLoop = self.eventLoop!
        if !early.isEmpty { return eventLoop.makeSucceededFuture(early.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    func failAll(_ error: SMTPError) {
        failure = failure ?? error
        let promises = waiting
        waiting = []
        for promise in promises { promise.fail(error) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if waiting.isEmpty { early.append(reply) } else { waiting.removeFirst().succeed(reply) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll((error as? SMTPError) ?? .unreachable("\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionClosed)
        context.fireChannelInactive()
    }
}
