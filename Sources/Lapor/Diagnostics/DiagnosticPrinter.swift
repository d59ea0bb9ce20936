import Foundation

/// Renders diagnostics for people (`file:line:col: error[CODE]: message` with the source line and a
/// caret) or for machines (JSON, SARIF 2.1.0). The single printer of Lapor.
public struct DiagnosticPrinter: Sendable {
    /// Output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Compiler-style text with source excerpts.
        case text
        /// A JSON object with a `diagnostics` array and a `summary`.
        case json
        /// A SARIF 2.1.0 log with one run, for code-scanning tools.
        case sarif
    }

    /// Source texts for excerpts.
    public var sources: SourceFiles

    /// Creates a printer that quotes lines from `sources`.
    public init(sources: SourceFiles = SourceFiles()) { self.sources = sources }

    /// Renders `diagnostics` (already sorted) in `format`, with a summary over `fileCount` files.
    public func render(_ diagnostics: [Diagnostic], format: Format, fileCount: Int) -> String {
        switch format {
        case .text: text(diagnostics, fileCount: fileCount)
        case .json: json(diagnostics, fileCount: fileCount)
        case .sarif: sarif(diagnostics)
        }
    }

    /// Compiler-style text.
    public func text(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        var out = ""
        for diagnostic in diagnostics {
            out += "\(diagnostic)\n"
            out += excerpt(at: diagnostic.location)
            for note in diagnostic.notes {
                if let location = note.location {
                    out += "\(location): note: \(note.message)\n"
                } else {
                    out += "note: \(note.message)\n"
                }
            }
        }
        out += Summary(diagnostics, fileCount: fileCount).sentence + "\n"
        return out
    }

    /// The quoted source line with a caret under the column, or nothing if the line is unknown.
    ///
    /// Lines longer than `excerptWidth` are cut to a window around the column.
    public func excerpt(at location: SourceLocation) -> String {
        guard location.line > 0, let line = sources.line(location.line, of: location.file) else { return "" }
        var scalars = Array(line.unicodeScalars)
        var column = location.column
        var prefix = ""
        if scalars.count > Self.excerptWidth {
            let start = max(0, min(column - 1 - Self.excerptWidth / 2, scalars.count - Self.excerptWidth))
            scalars = Array(scalars[start..<min(scalars.count, start + Self.excerptWidth)])
            if start > 0 {
                prefix = "..."
                column = column - start + 3
            }
            if start + Self.excerptWidth < line.unicodeScalars.count { scalars += Array("...".unicodeScalars) }
        }
        var text = prefix
        text.unicodeScalars.append(contentsOf: scalars)
        guard column > 0 else { return "\(text)\n" }
        // Keep tabs so the caret lines up however the terminal expands them.
        var caret = ""
        for scalar in text.unicodeScalars.prefix(column - 1) {
            caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        return "\(text)\n\(caret)^\n"
    }

    /// Widest source excerpt printed, in characters.
    public static let excerptWidth = 120

    /// Machine-readable JSON, stable key order.
    public func json(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let summary = Summary(diagnostics, fileCount: fileCount)
        let document = JSONDocument(
            diagnostics: diagnostics.map(JSONDiagnostic.init),
            summary: .init(errors: summary.errors, warnings: summary.warnings, notes: summary.notes, files: fileCount))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }
}

/// Counts of diagnostics by severity.
public struct Summary: Sendable, Hashable {
    /// Number of errors.
    public var errors = 0
    /// Number of warnings.
    public var warnings = 0
    /// Number of notes.
    public var notes = 0
    /// Number of files checked.
    public var fileCount: Int

    /// Counts `diagnostics`.
    public init(_ diagnostics: [Diagnostic], fileCount: Int) {
        self.fileCount = fileCount
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .note: notes += 1
            }
        }
    }

    /// E.g. `2 errors, 1 warning in 7 files` or `no problems in 7 files`; without the files when
    /// no files were checked (diagnostics about a command or a store).
    public var sentence: String {
        let files = fileCount == 0 ? "" : fileCount == 1 ? " in 1 file" : " in \(fileCount) files"
        var parts: [String] = []
        if errors > 0 { parts.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        if parts.isEmpty { return "no problems\(files)" }
        return parts.joined(separator: ", ") + files
    }
}

private struct JSONDocument: Encodable {
    struct Counts: Encodable {
        var errors: Int
        var warnings: Int
        var notes: Int
        var files: Int
    }
    var diagnostics: [JSONDiagnostic]
    var summary: Counts
}

private struct JSONLocation: Encodable {
    var file: String
    var line: Int
    var column: Int

    init(_ location: SourceLocation) {
        file = location.file
        line = location.line
        column = location.column
    }
}

private struct JSONDiagnostic: Encodable {
    struct Note: Encodable {
        var message: String
        var location: JSONLocation?
    }
    var severity: String
    var code: String
    var message: String
    var location: JSONLocation
    var notes: [Note]

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        code = diagnostic.code.rawValue
        message = diagnostic.message
        location = JSONLocation(diagnostic.location)
        notes = diagnostic.notes.map { Note(message: $0.message, location: $0.location.map(JSONLocation.init)) }
    }
}
