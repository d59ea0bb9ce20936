import ArgumentParser
import Foundation
import Lapor

/// `lapor schema`: JSON Schema of the config format, for editors (yaml-language-server) and CI.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print or write the JSON Schema of the config documents.",
        discussion: """
            `lapor schema --kind Workflow` prints the schema of one kind; `lapor schema --all --out schema` \
            writes one file per kind and lapor.json, which accepts a document of any kind.
            """
    )

    @Option(help: "The kind: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String?

    @Flag(help: "Write every kind's schema and lapor.json to --out.")
    var all = false

    @Option(help: "The directory --all writes to.")
    var out: String = "schema"

    func validate() throws {
        guard all != (kind != nil) else { throw ValidationError("give either --kind KIND or --all") }
        if let kind, Self.kind(named: kind) == nil {
            throw ValidationError(
                "unknown kind '\(kind)'; expected one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }

    static func kind(named name: String) -> DocumentKind? {
        DocumentKind.allCases.first { $0.rawValue.lowercased() == name.lowercased() }
    }

    func run() throws {
        if let kind, let documentKind = Self.kind(named: kind) {
            print(JSONSchemaWriter.schema(documentKind), terminator: "")
            return
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var files = DocumentKind.allCases.map { (JSONSchemaWriter.fileName($0), JSONSchemaWriter.schema($0)) }
        files.append((JSONSchemaWriter.combinedFileName, JSONSchemaWriter.combinedSchema()))
        for (name, text) in files {
            let path = (out as NSString).appendingPathComponent(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path)")
        }
    }
}
