import Foundation

/// The version of Lapor, as the CLI and machine-readable reports state it.
public let laporVersion = "0.1.0"

extension DiagnosticPrinter {
    /// The schema a SARIF log names in its `$schema` key.
    public static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// A SARIF 2.1.0 log with one run of `lapor`: one result per diagnostic, in the given order.
    ///
    /// Each result carries the code as `ruleId`, the severity as `level` and the location as a
    /// region (columns counted in Unicode code points). Notes with a location become related
    /// locations; notes without one are appended to the message text on their own lines. The run's
    /// rules are the codes that occur, with their summaries. Relative file paths stay relative
    /// URIs, resolved against the directory the tool ran in.
    public func sarif(_ diagnostics: [Diagnostic]) -> String {
        let codes = Set(diagnostics.map(\.code)).sorted { $0.rawValue < $1.rawValue }
        let ruleIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        let rules = codes.map { code in
            SARIF.Rule(
                id: code.rawValue, name: "\(code)", shortDescription: .init(text: code.summary),
                properties: .init(tags: [code.sarifCategory]))
        }
        let results = diagnostics.map { diagnostic in
            let placed = diagnostic.notes.filter { $0.location != nil }
            let loose = diagnostic.notes.filter { $0.location == nil }
            let text = ([diagnostic.message] + loose.map { "note: \($0.message)" }).joined(separator: "\n")
            return SARIF.Result(
                ruleId: diagnostic.code.rawValue, ruleIndex: ruleIndex[diagnostic.code] ?? 0,
                level: diagnostic.severity.sarifLevel, message: .init(text: text),
                locations: SARIF.Location(diagnostic.location, message: nil).map { [$0] } ?? [],
                relatedLocations: placed.enumerated().compactMap { index, note in
                    note.location.flatMap { SARIF.Location($0, message: note.message, id: index) }
                })
        }
        let log = SARIF.Log(
            schema: Self.sarifSchema, version: "2.1.0",
            runs: [
                .init(
                    tool: .init(driver: .init(name: "lapor", version: laporVersion, rules: rules)),
                    columnKind: "unicodeCodePoints", results: results)
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log), let json = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return json + "\n"
    }
}

extension Severity {
    /// The SARIF `level` of a result with this severity.
    var sarifLevel: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }
}

extension DiagnosticCode {
    /// The code's range as a tag for code-scanning tools, e.g. `routing` for `LAP2xx`.
    var sarifCategory: String {
        switch rawValue.dropFirst(3).first {
        case "0": "input"
        case "1": rawValue.dropFirst(4).first == "5" ? "sla" : "workflow"
        case "2": "routing"
        case "3": "catalog"
        case "4": "calendar"
        case "5": "runtime"
        case "6": "migration"
        default: "store"
        }
    }
}

/// The subset of the SARIF 2.1.0 object model that Lapor writes.
private enum SARIF {
    struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var columnKind: String
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name: String
        var version: String
        var rules: [Rule]
    }

    struct Message: Encodable {
        var text: String
    }

    struct Rule: Encodable {
        struct Properties: Encodable {
            var tags: [String]
        }
        var id: String
        var name: String
        var shortDescription: Message
        var properties: Properties
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ruleId, forKey: .ruleId)
            try container.encode(ruleIndex, forKey: .ruleIndex)
            try container.encode(level, forKey: .level)
            try container.encode(message, forKey: .message)
            if !locations.isEmpty { try container.encode(locations, forKey: .locations) }
            if !relatedLocations.isEmpty { try container.encode(relatedLocations, forKey: .relatedLocations) }
        }

        enum CodingKeys: String, CodingKey {
            case ruleId, ruleIndex, level, message, locations, relatedLocations
        }
    }

    struct Location: Encodable {
        struct Physical: Encodable {
            var artifactLocation: Artifact
            var region: Region?
        }
        struct Artifact: Encodable {
            var uri: String
        }
        struct Region: Encodable {
            var startLine: Int
            var startColumn: Int?
        }
        var id: Int?
        var physicalLocation: Physical
        var message: Message?

        /// A location in a file, or nil when the diagnostic names no file.
        init?(_ location: SourceLocation, message: String?, id: Int? = nil) {
            guard !location.file.isEmpty else { return nil }
            self.id = id
            let region =
                location.line > 0
                ? Region(startLine: location.line, startColumn: location.column > 0 ? location.column : nil) : nil
            physicalLocation = Physical(artifactLocation: Artifact(uri: Self.uri(location.file)), region: region)
            self.message = message.map(Message.init)
        }

        /// A URI reference for a path: relative paths stay relative, absolute ones become `file://` URIs.
        static func uri(_ path: String) -> String {
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: ";=")
            let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
            return path.hasPrefix("/") ? "file://" + encoded : encoded
        }
    }
}
