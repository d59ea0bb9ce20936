import ArgumentParser
import Foundation
import Lapor
import LaporYAML

/// `lapor test [PATH]`: run the workspace's test suites (`kind: TestSuite`).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test suites of a workspace: routing, SLA and escalation expectations.",
        discussion: """
            The workspace is validated first; a suite that names an unknown category, rule, event, role, \
            state or SLA is a diagnostic, not a failed case. Exit status: 0 when every case passes, 1 when a \
            case fails or the workspace has errors, 2 when the input cannot be read.
            """
    )

    @Argument(help: "A workspace directory (suites usually live in routing/tests/) or a single YAML file.")
    var path: String = "."

    @Option(help: "Run only the suite with this name (repeatable).")
    var suite: [String] = []

    @Option(help: "Also write the results as JUnit XML to this file.")
    var junit: String?

    @Option(help: "Output format of diagnostics when the workspace has errors: text, json or sarif.")
    var format: DiagnosticPrinter.Format = .text

    func run() throws {
        let loaded = try loadCleanWorkspace(path, format: format)
        let known = Set(loaded.workspace.testSuites.map(\.metadata.name.value))
        if let unknown = suite.first(where: { !known.contains($0) }) {
            throw ValidationError(
                "no test suite named '\(unknown)'; the workspace has: \(known.sorted().joined(separator: ", "))")
        }
        let report = TestReport.run(loaded.workspace, suites: suite.isEmpty ? nil : Set(suite))
        print(report.text(), terminator: "")
        if let junit {
            do {
                try report.junit().write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                let diagnostic = Diagnostic.unreadableFile(junit, reason: "cannot write: \(error.localizedDescription)")
                print(DiagnosticPrinter().render([diagnostic], format: .text, fileCount: 0), terminator: "")
                throw ExitCode(2)
            }
        }
        if !report.allPassed { throw ExitCode(1) }
    }
}
