import Foundation
import Lapor
import LaporYAML

/// Paths of the shared test fixtures and the repository root.
enum Fixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let root = testsDirectory.appendingPathComponent("Fixtures")
    static let repository = testsDirectory.deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Sub-directories of a fixture folder, sorted.
    static func directories(in relative: String) -> [String] {
        let base = path(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: base + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// Loads and validates `path`, returning every diagnostic.
    static func check(_ path: String) -> [Diagnostic] {
        WorkspaceLoader().check(path: path).diagnostics
    }

    /// Loads `text` as the file `name` and validates it.
    static func check(text: String, name: String = "test.yaml") -> [Diagnostic] {
        let loaded = WorkspaceLoader().load(text: text, name: name)
        return (loaded.diagnostics + Validator().validate(loaded.workspace)).sortedForOutput()
    }
}
