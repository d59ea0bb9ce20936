import Foundation
import Lapor
import LaporYAML
import Testing

/// The config format's one description (`ConfigSchema`), the JSON Schema files made from it, and
/// the reference in docs/config.md.
@Suite("Config schema")
struct ConfigSchemaTests {
    static let schemaDirectory = Fixtures.repository.appendingPathComponent("schema")

    /// Every object schema reachable from `object`, itself included.
    static func objects(in object: ObjectSchema) -> [ObjectSchema] {
        var found = [object]
        func visit(_ type: SchemaType) {
            switch type {
            case .object(let nested): found += objects(in: nested)
            case .list(let element), .oneOrMany(let element): visit(element)
            default: break
            }
        }
        for property in object.properties { visit(property.type) }
        return found
    }

    @Test("schema/ holds exactly the generated files; regenerate with `lapor schema --all --out schema`")
    func committedSchemasAreCurrent() throws {
        var expected = Dictionary(
            uniqueKeysWithValues: DocumentKind.allCases.map {
                (JSONSchemaWriter.fileName($0), JSONSchemaWriter.schema($0))
            })
        expected[JSONSchemaWriter.combinedFileName] = JSONSchemaWriter.combinedSchema()
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.schemaDirectory.path).filter {
            $0.hasSuffix(".json")
        }
        #expect(Set(present) == Set(expected.keys))
        for (name, text) in expected.sorted(by: { $0.key < $1.key }) {
            let committed = try? String(contentsOf: Self.schemaDirectory.appendingPathComponent(name), encoding: .utf8)
            #expect(committed == text, "schema/\(name) is out of date")
        }
    }

    @Test("generated schemas are JSON whose objects forbid unknown keys and list the required ones")
    func generatedSchemasParse() throws {
        let workflow = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONSchemaWriter.schema(.workflow).utf8)) as? [String: Any])
        #expect(workflow["additionalProperties"] as? Bool == false)
        #expect(
            workflow["required"] as? [String] == ["apiVersion", "kind", "metadata", "calendar", "roles", "states"])
        let definitions = try #require(workflow["definitions"] as? [String: [String: Any]])
        let state = try #require(definitions["state"])
        #expect(state["required"] as? [String] == ["id"])
        let properties = try #require(state["properties"] as? [String: [String: Any]])
        #expect(properties["clocks"]?["enum"] as? [String] == ["running", "paused"])
        let combined = try JSONSerialization.jsonObject(with: Data(JSONSchemaWriter.combinedSchema().utf8))
        #expect((combined as? [String: Any])?["allOf"] as? [Any] != nil)
    }

    @Test("object names are unique, so JSON Schema definitions cannot collide")
    func uniqueObjectNames() {
        var shapes: [String: [String]] = [:]
        for kind in DocumentKind.allCases {
            for object in Self.objects(in: ConfigSchema.document(kind)) {
                if let keys = shapes[object.name] {
                    #expect(keys == object.keys, "two different objects are named '\(object.name)'")
                }
                shapes[object.name] = object.keys
            }
        }
    }

    @Test("the loader reports exactly the schema's required keys when a mapping is empty")
    func requiredKeysComeFromTheSchema() {
        let text = "apiVersion: lapor/v1\nkind: Workflow\nmetadata: {name: w}\nstates:\n  - {initial: true}\n"
        let missing = WorkspaceLoader().load(text: text, name: "w.yaml").diagnostics.filter {
            $0.code == .missingKey
        }.map(\.message)
        #expect(
            missing.sorted() == [
                "Workflow is missing required key 'calendar'", "Workflow is missing required key 'roles'",
                "state is missing required key 'id'",
            ])
    }

    // MARK: docs/config.md

    /// The keys written in the YAML examples of each `## Kind` section of docs/config.md.
    static func documentedKeys() throws -> [String: Set<String>] {
        let text = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("docs/config.md"), encoding: .utf8)
        let key = try Regex(#"(?:^|[\s{,\-\[])([A-Za-z_][A-Za-z0-9_]*):(?=\s|$)"#)
        var sections: [String: Set<String>] = [:]
        var section = "envelope"
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                section = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                continue
            }
            if line.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            guard inCode else { continue }
            let code = line.components(separatedBy: " #").first ?? ""
            for match in code.matches(of: key) {
                if let name = match.output[1].substring { sections[section, default: []].insert(String(name)) }
            }
        }
        return sections
    }

    @Test("docs/config.md shows every key of every kind in an example, and no key the format lacks")
    func referenceMatchesSchema() throws {
        let documented = try Self.documentedKeys()
        let envelope = Set(ConfigSchema.objects(in: ConfigSchema.metadata).flatMap(\.keys))
            .union(["apiVersion", "kind", "metadata"])
        #expect(envelope.isSubset(of: documented["envelope"] ?? []), "the envelope example lacks a key")
        for kind in DocumentKind.allCases {
            let objects = Self.objects(in: ConfigSchema.document(kind))
            let keys = Set(objects.flatMap(\.keys))
            let section = documented[kind.rawValue] ?? []
            // The section must show the keys of the kind's own objects; metadata is in the envelope example.
            let body = Set(objects.filter { $0.name != ConfigSchema.metadata.name }.flatMap(\.keys))
                .subtracting(["apiVersion", "kind", "metadata"])
            #expect(
                body.subtracting(section).isEmpty,
                "docs/config.md '## \(kind.rawValue)' lacks \(body.subtracting(section).sorted())")
            #expect(
                section.subtracting(keys).isEmpty,
                "docs/config.md '## \(kind.rawValue)' shows keys \(kind.rawValue) does not have: \(section.subtracting(keys).sorted())"
            )
        }
    }
}

extension ConfigSchemaTests {
    @Test("the whole-document examples of docs/config.md load without a diagnostic")
    func referenceExamplesLoad() throws {
        let text = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("docs/config.md"), encoding: .utf8)
        let blocks = text.components(separatedBy: "```yaml\n").dropFirst().map {
            $0.components(separatedBy: "```").first ?? ""
        }.filter { block in
            // Whole documents: the envelope and at least one key of the kind's own (not the envelope example).
            let topLevel = block.split(separator: "\n").compactMap { line -> String? in
                guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
                return String(line[..<colon])
            }
            return topLevel.contains("apiVersion")
                && !Set(topLevel).subtracting(["apiVersion", "kind", "metadata"]).isEmpty
        }
        #expect(blocks.count >= 3)
        for block in blocks {
            let loaded = WorkspaceLoader().load(text: block, name: "docs/config.md")
            #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        }
    }
}

extension ConfigSchema {
    /// Every object schema reachable from `object`.
    static func objects(in object: ObjectSchema) -> [ObjectSchema] { ConfigSchemaTests.objects(in: object) }
}
