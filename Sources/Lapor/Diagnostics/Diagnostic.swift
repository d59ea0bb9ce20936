/// How bad a finding is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Informational; never fails anything.
    case note
    /// Suspicious but usable; fails only under `--strict`.
    case warning
    /// The config (or command) cannot be used as it is.
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about a config file, a command or a store: the single diagnostics type of Lapor.
///
/// Create diagnostics through the factory functions in `Diagnostic+Catalog.swift`, so that every
/// message and code lives in one place.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    /// A secondary message pointing at another place (e.g. the earlier definition of a duplicate).
    public struct Note: Hashable, Sendable {
        /// The text of the note.
        public var message: String
        /// Where the note points, if anywhere.
        public var location: SourceLocation?

        /// Creates a note.
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// How bad it is.
    public var severity: Severity
    /// The stable code, e.g. `LAP204`.
    public var code: DiagnosticCode
    /// One-line human message.
    public var message: String
    /// Where the problem is.
    public var location: SourceLocation
    /// Further context.
    public var notes: [Note]

    /// Creates a diagnostic; prefer the catalog's factory functions.
    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// `file:line:col: error[LAP204]: message`.
    public var description: String {
        "\(location): \(severity.rawValue)[\(code.rawValue)]: \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any element is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by location, then code, so output is stable regardless of discovery order.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { lhs, rhs in
            if lhs.location != rhs.location { return lhs.location < rhs.location }
            if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
            return lhs.message < rhs.message
        }
    }
}

/// Several diagnostics as one error, for operations that report every problem at once.
public struct Diagnostics: Error, Hashable, Sendable {
    /// The diagnostics, sorted for output.
    public var all: [Diagnostic]

    /// Wraps `diagnostics`, sorting them for output.
    public init(_ diagnostics: [Diagnostic]) { all = diagnostics.sortedForOutput() }
}
