import Foundation
import Lapor
import LaporYAML
import Testing

/// A fresh temporary directory per test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, Data(contents.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }
}

@Suite("Loader: limits and hostile input")
struct LoaderTests {
    let header = "apiVersion: lapor/v1\nkind: Units\nmetadata: {name: units}\n"

    func codes(_ result: LoadResult) -> [DiagnosticCode] { result.diagnostics.map(\.code) }

    @Test("a missing path is an input failure")
    func missingPath() {
        let result = WorkspaceLoader().load(path: "/nonexistent/lapor")
        #expect(codes(result) == [.unreadableFile])
        #expect(result.diagnostics[0].code.isInputFailure)
    }

    @Test("a directory without configs is an input failure")
    func emptyDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write("notes.txt", "not yaml")
        let result = WorkspaceLoader().load(path: directory.path)
        #expect(codes(result) == [.noConfigFiles])
    }

    @Test("a file over the size limit is refused before it is read")
    func fileTooLarge() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("big.yaml", header + String(repeating: "# padding\n", count: 200))
        let result = WorkspaceLoader(limits: LoadLimits(maxFileSize: 1024)).load(path: file)
        #expect(codes(result) == [.fileTooLarge])
        #expect(result.diagnostics[0].location == .file(file))
    }

    @Test("invalid UTF-8 is reported at the first bad byte")
    func invalidUTF8() throws {
        let directory = try TemporaryDirectory()
        var data = Data((header + "units:\n  - {id: A, name: \"").utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(contentsOf: Array("\"}\n".utf8))
        let file = try directory.write("latin1.yaml", data)
        let result = WorkspaceLoader().load(path: file)
        #expect(codes(result) == [.invalidEncoding])
        #expect(result.diagnostics[0].location.line == 5)
        // `  - {id: A, name: "` is 19 characters; the bad byte is the 20th.
        #expect(result.diagnostics[0].location.column == 20)
    }

    @Test("more nodes than the limit is refused")
    func tooManyNodes() {
        let units = (0..<50).map { "  - {id: U\($0), name: Unit \($0)}" }.joined(separator: "\n")
        let result = WorkspaceLoader(limits: LoadLimits(maxNodes: 100)).load(
            text: header + "units:\n" + units, name: "n.yaml")
        #expect(codes(result) == [.tooManyNodes])
    }

    @Test("nesting beyond the depth limit is refused without recursion", arguments: [65, 10_000, 1_000_000])
    func tooDeep(depth: Int) {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let result = WorkspaceLoader().load(text: text, name: "deep.yaml")
        #expect(codes(result) == [.tooDeep])
    }

    @Test("an alias bomb is refused at its first anchor")
    func aliasBomb() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<10 {
            let previous = Character(UnicodeScalar(UInt8(96 + level)))
            let name = Character(UnicodeScalar(UInt8(97 + level)))
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let result = WorkspaceLoader().load(text: text, name: "bomb.yaml")
        #expect(codes(result) == [.aliasRefused])
        #expect(result.diagnostics[0].location.line == 1)
    }

    @Test("the second occurrence of a duplicate key is reported, with the first as a note")
    func duplicateKey() throws {
        let text = header + "units:\n  - {id: A, name: Alpha}\nunits: []\n"
        let result = WorkspaceLoader().load(text: text, name: "dup.yaml")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .duplicateKey)
        #expect(diagnostic.location.line == 6)
        #expect(diagnostic.notes.first?.location?.line == 4)
    }

    @Test("unknown keys suggest the closest allowed key")
    func unknownKeySuggestion() throws {
        let text = header + "units:\n  - {id: A, nmae: Alpha}\n"
        let result = WorkspaceLoader().load(text: text, name: "typo.yaml")
        let diagnostic = try #require(result.diagnostics.first { $0.code == .unknownKey })
        #expect(diagnostic.location == SourceLocation(file: "typo.yaml", line: 5, column: 13))
        #expect(diagnostic.notes.first?.message == "did you mean 'name'?")
    }

    @Test("every value keeps the line and column it was written at")
    func locations() throws {
        let text = header + "units:\n  - id: A\n    name: Alpha\n  - {id: external/B, name: Beta, parent: A}\n"
        let catalog = try #require(WorkspaceLoader().load(text: text, name: "u.yaml").workspace.unitCatalogs.first)
        #expect(catalog.units[0].id.location == SourceLocation(file: "u.yaml", line: 5, column: 9))
        #expect(catalog.units[1].id.location == SourceLocation(file: "u.yaml", line: 7, column: 10))
        #expect(catalog.units[1].parent?.location == SourceLocation(file: "u.yaml", line: 7, column: 42))
        #expect(catalog.units[1].isExternal)
    }

    @Test("a workspace directory loads only workflows/ and routing/, in sorted order")
    func discovery() throws {
        let directory = try TemporaryDirectory()
        try directory.write("routing/b.yaml", header)
        try directory.write("routing/a.yml", "apiVersion: lapor/v1\nkind: Units\nmetadata: {name: other}\nunits: []\n")
        try directory.write("workflows/.hidden/x.yaml", "broken: [")
        try directory.write("Tests/ignored.yaml", "broken: [")
        let result = WorkspaceLoader().load(path: directory.path)
        #expect(result.workspace.files == [directory.path + "/routing/a.yml", directory.path + "/routing/b.yaml"])
    }
}

@Suite("Loader: malformed YAML corpus never crashes")
struct MalformedCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/malformed")

    static let expectations: [(file: String, code: String, line: Int)] = {
        guard let table = try? String(contentsOf: corpus.appendingPathComponent("expected.tsv"), encoding: .utf8) else {
            return []
        }
        return table.split(separator: "\n").compactMap { row in
            let fields = row.split(separator: "\t").map(String.init)
            guard fields.count == 3, !row.hasPrefix("#"), let line = Int(fields[2]) else { return nil }
            return (fields[0], fields[1], line)
        }
    }()

    @Test("the corpus has expectations")
    func corpusPresent() {
        #expect(Self.expectations.count >= 20)
    }

    @Test("each malformed file yields its diagnostic at the expected line", arguments: expectations.map(\.file))
    func malformed(file: String) throws {
        let expected = try #require(Self.expectations.first { $0.file == file })
        let path = Self.corpus.appendingPathComponent(file).path
        let loaded = WorkspaceLoader().load(path: path)
        let diagnostics = (loaded.diagnostics + Validator().validate(loaded.workspace)).sortedForOutput()
        let first = try #require(diagnostics.first, "no diagnostic for \(file)")
        #expect(first.code.rawValue == expected.code)
        #expect(first.location.line == expected.line)
        #expect(diagnostics.hasErrors)
    }
}
