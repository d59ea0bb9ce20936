import Foundation
import Testing

/// A command-line tool from outside the package that some tests run (e.g. `check-jsonschema`).
///
/// CI installs these tools (`.ci/run`); a test that needs one is skipped locally when it is missing,
/// and fails when it is missing under CI (`CI` set in the environment).
struct ExternalTool: Sendable {
    var name: String
    /// How to install it, shown when it is missing.
    var install: String

    static let checkJSONSchema = ExternalTool(name: "check-jsonschema", install: "pip install check-jsonschema")

    /// The tool's path on `PATH`, or nil.
    var path: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether tests that need the tool should run: it is installed, or this is CI (where a missing
    /// tool is then a failure, not a skip).
    var isAvailableOrRequired: Bool { path != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    /// Runs the tool with `arguments` in `directory`; records a failure if it is missing.
    func run(_ arguments: [String], in directory: URL) throws -> (output: String, status: Int32) {
        guard let path else {
            Issue.record("\(name) is not installed; CI installs it (\(install))")
            return ("", -1)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }
}
