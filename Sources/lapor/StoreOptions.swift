import ArgumentParser
import Foundation
import Lapor
import LaporStore
import LaporYAML

/// Options every store command shares: the file, the current time and the output format.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store file (default: $LAPOR_STORE, else ./lapor.sqlite).")
    var store: String?

    @Option(help: "The current time, ISO 8601 with an offset (default: the system clock).")
    var now: String?

    @Option(help: "Output format: text or json.")
    var format: DiagnosticPrinter.Format = .text

    @Flag(help: "Show reporter references and reporters' texts instead of redacting them.")
    var showPII = false

    func validate() throws {
        guard format != .sarif else { throw ValidationError("--format sarif is only for lapor validate") }
    }

    /// The store path chosen by `--store`, `LAPOR_STORE` or the default.
    var path: String { store ?? ProcessInfo.processInfo.environment["LAPOR_STORE"] ?? "lapor.sqlite" }

    /// `--now`, or the system clock: the only place Lapor reads it.
    func instant() throws -> Instant {
        guard let text = now else { return Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
        guard let instant = Instant(parsing: text) else { throw fail(.malformedInstant(text, at: .file("--now"))) }
        return instant
    }

    /// Opens the store, printing the diagnostic and exiting 1 if it cannot be opened.
    func open(_ mode: TicketStore.Mode) throws -> TicketStore {
        do {
            return try TicketStore(path: path, mode: mode)
        } catch {
            throw fail(error)
        }
    }

    /// Prints `diagnostic` in the chosen format and returns the exit code to throw.
    func fail(_ diagnostic: Diagnostic) -> ExitCode {
        print(DiagnosticPrinter().render([diagnostic], format: format, fileCount: 0), terminator: "")
        return ExitCode(diagnostic.code.isInputFailure ? 2 : 1)
    }

    /// Runs `body`, printing a diagnostic it throws and exiting 1.
    @discardableResult
    func attempt<T>(_ body: () throws(Diagnostic) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw fail(error)
        }
    }

    /// `value`, or a redaction keeping its first two characters, unless `--show-pii`.
    func personal(_ value: String?) -> String? {
        guard let value else { return nil }
        if showPII { return value }
        return String(value.prefix(2)) + String(repeating: "*", count: max(3, value.count - 2))
    }

    /// Prints `value` as sorted-key JSON.
    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// The workspace a store command runs tickets under.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: "The workspace holding the workflows.")
    var workspace: String = "."

    /// Every workflow of the workspace, compiled; prints diagnostics and exits if it has errors.
    func definitions(format: DiagnosticPrinter.Format) throws -> DefinitionSet {
        let loaded = try loadCleanWorkspace(workspace, format: format)
        switch DefinitionSet.make(from: loaded.workspace) {
        case .success(let set): return set
        case .failure(let errors):
            let printer = DiagnosticPrinter(sources: loaded.sources)
            print(
                printer.render(errors.all, format: format, fileCount: loaded.workspace.files.count), terminator: "")
            throw ExitCode(1)
        }
    }
}
