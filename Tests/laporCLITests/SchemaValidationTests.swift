import Foundation
import Testing

/// The committed JSON Schemas (`schema/`) against real configs, with the PyPI tool check-jsonschema.
@Suite("JSON Schema and the configs")
struct SchemaValidationTests {
    static let repository = GoldenTests.repository

    /// The YAML files below `directories` (relative to the repository), sorted.
    static func yamlFiles(_ directories: [String]) -> [String] {
        directories.flatMap { directory -> [String] in
            let base = repository.appendingPathComponent(directory)
            let enumerator = FileManager.default.enumerator(atPath: base.path)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                    found.append("\(directory)/\(relative)")
                }
            }
            return found
        }.sorted()
    }

    /// Writes each document of each file to its own file in a fresh directory (check-jsonschema reads
    /// one document per file) and returns the directory and the files with their kinds.
    static func splitDocuments(_ files: [String]) throws -> (URL, [(path: String, kind: String)]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lapor-schema-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var documents: [(String, String)] = []
        let kind = try Regex(#"(?m)^kind:\s*([A-Za-z]+)"#)
        for file in files {
            let text = try String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8)
            var chunks: [String] = [""]
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("---") { chunks.append("") } else { chunks[chunks.count - 1] += line + "\n" }
            }
            for (index, chunk) in chunks.enumerated() {
                let content = chunk.split(separator: "\n").contains {
                    !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace)
                }
                guard content else { continue }
                let name = chunk.firstMatch(of: kind)?.output[1].substring ?? ""
                let path = directory.appendingPathComponent(
                    file.replacingOccurrences(of: "/", with: "_") + ".\(index).yaml")
                try chunk.write(to: path, atomically: true, encoding: .utf8)
                documents.append((path.path, String(name)))
            }
        }
        return (directory, documents)
    }

    static let shipped = [
        "workflows", "routing", "plans", "scenarios", "examples", "Tests/Fixtures/minimal", "Tests/Fixtures/migration",
    ]

    @Test(
        "every shipped config document is valid against schema/lapor.json and its kind's schema",
        .enabled(
            if: ExternalTool.checkJSONSchema.isAvailableOrRequired,
            "check-jsonschema is not installed (pip install check-jsonschema); CI runs this test"))
    func shippedConfigsAreValid() throws {
        let (directory, documents) = try Self.splitDocuments(Self.yamlFiles(Self.shipped))
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(documents.count >= 20)
        let schemas = Self.repository.appendingPathComponent("schema")
        let all = try ExternalTool.checkJSONSchema.run(
            ["--schemafile", schemas.appendingPathComponent("lapor.json").path] + documents.map(\.path),
            in: directory)
        #expect(all.status == 0, "\(all.output)")
        for kind in Set(documents.map(\.kind)).sorted() {
            let file = kind.replacing(#/([a-z])([A-Z])/#) { "\($0.1)-\($0.2)" }.lowercased() + ".json"
            let result = try ExternalTool.checkJSONSchema.run(
                ["--schemafile", schemas.appendingPathComponent(file).path]
                    + documents.filter { $0.kind == kind }.map(\.path), in: directory)
            #expect(result.status == 0, "\(kind): \(result.output)")
        }
    }

    /// Broken fixtures whose problem is one value on its own, which the schema must catch too.
    static let structural: [String] = {
        let broken = repository.appendingPathComponent("Tests/Fixtures/broken")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: broken.path)) ?? []
        // A date like 2026-02-30 and a zero SLA target have the right syntax: only the loader sees them.
        let semantic: Set = ["LAP017-bad-date", "LAP017-zero-sla-target"]
        return names.filter { name in
            ["LAP011", "LAP012", "LAP014", "LAP015", "LAP016", "LAP017"].contains { name.hasPrefix($0) }
                && !semantic.contains(name)
        }.sorted()
    }()

    @Test(
        "schema/lapor.json rejects the broken fixtures of unknown keys, missing keys, wrong types and bad values",
        .enabled(
            if: ExternalTool.checkJSONSchema.isAvailableOrRequired,
            "check-jsonschema is not installed (pip install check-jsonschema); CI runs this test"))
    func structuralErrorsAreRejected() throws {
        #expect(Self.structural.count >= 15)
        let (directory, documents) = try Self.splitDocuments(
            Self.yamlFiles(Self.structural.map { "Tests/Fixtures/broken/\($0)" }))
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ExternalTool.checkJSONSchema.run(
            ["--schemafile", Self.repository.appendingPathComponent("schema/lapor.json").path]
                + documents.map(\.path), in: directory)
        #expect(result.status != 0)
        // Errors are listed as `PATH::$.json.path: message`, one file per split document.
        for fixture in Self.structural {
            #expect(result.output.contains("broken_\(fixture)_"), "the schema accepts \(fixture)")
        }
    }

    @Test("`lapor schema --all` writes exactly the committed schema/ files")
    func cliWritesCommittedFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-schema-out-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try GoldenTests.run(["schema", "--all", "--out", directory.path], in: ".")
        #expect(result.status == 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let committed = try FileManager.default.contentsOfDirectory(
            atPath: Self.repository.appendingPathComponent("schema").path
        ).filter { $0.hasSuffix(".json") }.sorted()
        #expect(written == committed)
        for name in written {
            let new = try Data(contentsOf: directory.appendingPathComponent(name))
            let old = try Data(contentsOf: Self.repository.appendingPathComponent("schema/\(name)"))
            #expect(new == old, "\(name)")
        }
        let one = try GoldenTests.run(["schema", "--kind", "Workflow"], in: ".")
        let workflow = try String(
            contentsOf: Self.repository.appendingPathComponent("schema/workflow.json"), encoding: .utf8)
        #expect(one.output == workflow)
    }
}
