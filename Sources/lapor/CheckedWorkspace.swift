import ArgumentParser
import Foundation
import Lapor
import LaporYAML

/// Loads and validates a workspace for a command that needs a clean one, printing the
/// diagnostics and exiting (1, or 2 for unreadable input) when it has errors.
func loadCleanWorkspace(_ path: String, format: DiagnosticPrinter.Format = .text) throws -> LoadResult {
    let loaded = WorkspaceLoader().check(path: path)
    guard !loaded.diagnostics.hasErrors else {
        let printer = DiagnosticPrinter(sources: loaded.sources)
        print(
            printer.render(loaded.diagnostics, format: format, fileCount: loaded.workspace.files.count), terminator: "")
        throw ExitCode(loaded.diagnostics.contains { $0.code.isInputFailure } ? 2 : 1)
    }
    return loaded
}

/// The document of `documents` whose `metadata.name` is `given`, or that was loaded from the file `given`.
func document<T>(_ given: String, in documents: [T], name: (T) -> Located<String>) -> T? {
    let wanted = URL(fileURLWithPath: given).standardizedFileURL.path
    return documents.first {
        name($0).value == given || URL(fileURLWithPath: name($0).location.file).standardizedFileURL.path == wanted
    }
}
