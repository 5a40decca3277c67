import Foundation
import Haven
import Logging
import Vapor

/// `haven [serve|demo|migrate|backup PATH|routes]` — see `haven --help`.
@main
enum Entrypoint {
    static func main() async {
        let config: HavenConfig
        do {
            config = try HavenConfig(environment: ProcessInfo.processInfo.environment)
        } catch {
            fail(error.description)
        }

        var environment: Environment
        do {
            environment = try Environment.detect()
        } catch {
            fail("\(error)")
        }
        let level = config.logLevel
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }

        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            fail("could not start: \(error)")
        }
        guard let root = HavenDirectory.locate() else {
            try? await app.asyncShutdown()
            fail("cannot find Resources/Locales: run haven from its folder or set HAVEN_ROOT to it")
        }
        app.directory = DirectoryConfiguration(workingDirectory: root)
        do {
            try await configure(app, config: config)
            // What `app.execute()` does, without its extra log line for an error we report ourselves.
            try await app.startup()
            try await app.running?.onStop.get()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            fail(String(describing: error))
        }
    }

    /// One line on standard error and exit status 1: what an operator needs, no stack trace.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("haven: \(message.replacingOccurrences(of: "\n", with: " "))\n".utf8))
        exit(1)
    }
}
