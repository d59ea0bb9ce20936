import ArgumentParser
import Lapor
import LaporYAML

/// `lapor validate [PATH]`: load a workspace and report every problem at once.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every config of a workspace and report all problems with file:line:column.",
        discussion: """
            Exit status: 0 when no errors (warnings allowed unless --strict), 1 when there are errors, \
            2 when the input cannot be read at all.
            """
    )

    @Argument(help: "A workspace directory (with workflows/ and routing/) or a single YAML file.")
    var path: String = "."

    @Option(help: "Output format: text, json or sarif (SARIF 2.1.0).")
    var format: DiagnosticPrinter.Format = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Largest file accepted, in bytes.")
    var maxFileSize: Int = LoadLimits.default.maxFileSize

    func validate() throws {
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
    }

    func run() throws {
        let loaded = WorkspaceLoader(limits: LoadLimits(maxFileSize: maxFileSize)).check(path: path)
        let diagnostics = loaded.diagnostics
        let printer = DiagnosticPrinter(sources: loaded.sources)
        print(printer.render(diagnostics, format: format, fileCount: loaded.workspace.files.count), terminator: "")
        if diagnostics.contains(where: { $0.code.isInputFailure }) { throw ExitCode(2) }
        if diagnostics.hasErrors || (strict && diagnostics.contains { $0.severity == .warning }) {
            throw ExitCode(1)
        }
    }
}

extension DiagnosticPrinter.Format: ExpressibleByArgument {}
