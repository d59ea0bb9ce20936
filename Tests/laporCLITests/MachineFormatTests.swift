import Foundation
import Testing

/// `lapor validate --format json|sarif`: the same diagnostics as the text output, and SARIF that the
/// official SARIF 2.1.0 schema accepts.
@Suite("Machine-readable diagnostics")
struct MachineFormatTests {
    /// One diagnostic as every format states it.
    struct Row: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var level: String
        var code: String
        var message: String
        var description: String { "\(file):\(line):\(column) \(level)[\(code)] \(message)" }
    }

    static let fixtures = "Tests/Fixtures"

    func output(_ arguments: [String]) throws -> String {
        try GoldenTests.run(arguments, in: Self.fixtures).output
    }

    func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any])
    }

    func textRows(_ text: String) throws -> [Row] {
        let pattern = try Regex(#"^(.+?):(\d+):(\d+): (error|warning)\[(LAP\d+)\]: (.*)$"#)
        return text.split(separator: "\n").compactMap { line in
            guard let match = try? pattern.wholeMatch(in: String(line)) else { return nil }
            let parts = match.output.map { $0.substring.map(String.init) ?? "" }
            return Row(
                file: parts[1], line: Int(parts[2]) ?? 0, column: Int(parts[3]) ?? 0, level: parts[4], code: parts[5],
                message: parts[6])
        }
    }

    func jsonRows(_ text: String) throws -> [Row] {
        let diagnostics = try #require(try object(text)["diagnostics"] as? [[String: Any]])
        return diagnostics.map { diagnostic in
            let location = diagnostic["location"] as? [String: Any] ?? [:]
            return Row(
                file: location["file"] as? String ?? "", line: location["line"] as? Int ?? 0,
                column: location["column"] as? Int ?? 0, level: diagnostic["severity"] as? String ?? "",
                code: diagnostic["code"] as? String ?? "", message: diagnostic["message"] as? String ?? "")
        }
    }

    func sarifResults(_ text: String) throws -> [[String: Any]] {
        let runs = try #require(try object(text)["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return try #require(runs.first?["results"] as? [[String: Any]])
    }

    func sarifRows(_ text: String) throws -> [Row] {
        try sarifResults(text).map { result in
            let locations = result["locations"] as? [[String: Any]] ?? []
            let physical = locations.first?["physicalLocation"] as? [String: Any] ?? [:]
            let region = physical["region"] as? [String: Any] ?? [:]
            let message = (result["message"] as? [String: Any])?["text"] as? String ?? ""
            return Row(
                file: (physical["artifactLocation"] as? [String: Any])?["uri"] as? String ?? "",
                line: region["startLine"] as? Int ?? 0, column: region["startColumn"] as? Int ?? 0,
                level: result["level"] as? String ?? "", code: result["ruleId"] as? String ?? "",
                message: String(message.split(separator: "\n", omittingEmptySubsequences: false)[0]))
        }
    }

    @Test("text, JSON and SARIF list the same diagnostics in the same order")
    func sameList() throws {
        let arguments = ["validate", "broken/multi-error"]
        let text = try textRows(output(arguments))
        let json = try jsonRows(output(arguments + ["--format", "json"]))
        let sarif = try sarifRows(output(arguments + ["--format", "sarif"]))
        #expect(text.count == 9)
        #expect(json == text)
        #expect(sarif == text)
    }

    @Test("SARIF results carry rule, level, region, related locations and notes")
    func sarifContent() throws {
        let log = try object(output(["validate", "broken/LAP204-shadowed-rule", "--format", "sarif"]))
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "lapor")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["LAP204"])
        let result = try #require(
            try sarifResults(output(["validate", "broken/LAP204-shadowed-rule", "--format", "sarif"])).first)
        #expect(result["ruleId"] as? String == "LAP204")
        #expect(result["ruleIndex"] as? Int == 0)
        #expect(result["level"] as? String == "error")
        let message = (result["message"] as? [String: Any])?["text"] as? String
        #expect(
            message
                == "rule 'thr' is shadowed by rule 'upah' (line 36)\nnote: move the more specific rule first, or narrow the earlier one"
        )
        let related = try #require((result["relatedLocations"] as? [[String: Any]])?.first)
        let physical = try #require(related["physicalLocation"] as? [String: Any])
        #expect(
            (physical["artifactLocation"] as? [String: Any])?["uri"] as? String
                == "broken/LAP204-shadowed-rule/workspace.yaml")
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 36)
        #expect((physical["region"] as? [String: Any])?["startColumn"] as? Int == 10)
    }

    @Test("SARIF locations are URIs: absolute paths as file URIs, special characters escaped")
    func sarifURIs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lapor sarif #\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = GoldenTests.repository.appendingPathComponent(
            "Tests/Fixtures/broken/LAP204-shadowed-rule/workspace.yaml")
        try FileManager.default.copyItem(at: source, to: directory.appendingPathComponent("workspace.yaml"))
        let rows = try sarifRows(output(["validate", directory.path, "--format", "sarif"]))
        let escaped = directory.path.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(
            of: "#", with: "%23")
        #expect(rows.map(\.file) == ["file://\(escaped)/workspace.yaml"])
    }

    @Test(
        "SARIF output is valid against the SARIF 2.1.0 schema",
        .enabled(
            if: ExternalTool.checkJSONSchema.isAvailableOrRequired,
            "check-jsonschema is not installed (pip install check-jsonschema); CI runs this test"),
        arguments: [
            ["validate", "broken/multi-error"], ["validate", "minimal"], ["validate", "no/such/dir"],
            ["validate", "malformed/tab-indent.yaml"], ["validate", "broken/LAP206-default-only"],
        ])
    func sarifSchema(_ arguments: [String]) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lapor-\(getpid())-\(arguments[1].hashValue).sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        try output(arguments + ["--format", "sarif"]).write(to: file, atomically: true, encoding: .utf8)
        let fixtures = GoldenTests.repository.appendingPathComponent(Self.fixtures)
        let result = try ExternalTool.checkJSONSchema.run(
            ["--schemafile", "sarif/sarif-schema-2.1.0.json", file.path], in: fixtures)
        #expect(result.status == 0, "\(result.output)")
    }
}
