import Foundation

/// Finds the folder that holds `Resources/` (string catalogs) and `Public/` (CSS, scripts).
///
/// Operators run `haven backup` or `haven migrate` from wherever they are, so the working directory is only
/// the first place looked: then `HAVEN_ROOT`, then the folders above the executable (which finds the
/// checkout for `.build/release/haven`, and `/opt/haven` for `/opt/haven/bin/haven`).
public enum HavenDirectory {
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = CommandLine.arguments.first ?? ""
    ) -> String? {
        var candidates: [URL] = []
        if let root = environment["HAVEN_ROOT"], !root.isEmpty { candidates.append(URL(fileURLWithPath: root)) }
        candidates.append(URL(fileURLWithPath: workingDirectory))
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        return candidates.first { isRoot($0) }.map { $0.path.hasSuffix("/") ? $0.path : $0.path + "/" }
    }

    static func isRoot(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("Resources/Locales/en.json").path)
    }
}
