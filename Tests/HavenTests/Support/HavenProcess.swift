import Foundation
import NIOCore
import NIOPosix

/// The built `haven` executable run as a separate process, as an operator would run it.
enum HavenProcess {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["HAVEN_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/haven")
    }

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// A clean environment: the test runner's own variables (the test database) must not leak in.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": "/tmp"]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `haven ARGUMENTS` to completion (killed after `timeout`).
    static func run(
        _ arguments: [String], environment extra: [String: String], input: String? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> Result {
        let running = try start(arguments, environment: extra, input: input)
        let deadline = ContinuousClock.now + timeout
        while running.process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        running.stop()
        return running.result()
    }

    static func start(_ arguments: [String], environment extra: [String: String], input: String? = nil) throws
        -> Running
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment(extra)
        process.currentDirectoryURL = packageRoot
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("haven-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("haven-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        return Running(process: process, stdoutFile: out, stderrFile: err)
    }

    final class Running: @unchecked Sendable {  // Process is thread-safe for the calls made here.
        let process: Process
        let stdoutFile: URL
        let stderrFile: URL

        init(process: Process, stdoutFile: URL, stderrFile: URL) {
            self.process = process
            self.stdoutFile = stdoutFile
            self.stderrFile = stderrFile
        }

        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        func result() -> Result {
            Result(
                status: process.terminationStatus,
                stdout: (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "", stderr: stderr)
        }

        /// SIGKILL at once: the process gets no chance to finish anything (a crash, a power cut).
        func kill() {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        /// SIGTERM, as an operator's service manager would send; SIGKILL if it is still running 10 s later.
        func stop() {
            if process.isRunning { process.terminate() }
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// A loopback port nothing listens on right now.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
