import Foundation
import Lapor
import LaporStore
import Testing

/// `importJournal(lines: LineReader, …)`: the file is read and parsed on a second thread while the
/// importer writes; the outcome must be the one of importing the same lines one by one.
@Suite("Import from a file")
struct ImportFileTests {
    /// The populated store's export with its tickets copied `copies` times under other ids: thousands
    /// of lines, so that the reading thread fills many batches and waits for the importer.
    static func largeExport(_ directory: TemporaryDirectory, copies: Int = 60) throws -> [String] {
        let lines = try exportLines(try StoreMaintenanceTests.populated(directory))
        let definitions = lines.prefix { $0.contains("\"kind\":\"definition\"") }
        var result = Array(definitions)
        for copy in 0..<copies {
            for line in lines.dropFirst(definitions.count) {
                result.append(line.replacingOccurrences(of: "\"ticket\":\"", with: "\"ticket\":\"C\(copy)-"))
            }
        }
        return result
    }

    static func write(_ lines: [String], to path: String) throws -> LineReader {
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return try #require(LineReader(path: path))
    }

    /// The diagnostic importing `reader` into a new store fails with; the store must stay empty.
    static func refusal(_ reader: LineReader, file: String, _ directory: TemporaryDirectory) throws -> Diagnostic? {
        let store = try TicketStore(path: directory.path("refused-\(UUID().uuidString).sqlite"))
        defer { #expect((try? store.counts().events) == 0) }
        do {
            try store.importJournal(lines: reader, file: file)
        } catch {
            return error
        }
        return nil
    }

    @Test(
        "a file imports to the same journal and projections as its lines given one by one",
        arguments: [2, 100_000])
    func sameAsLines(heldTickets: Int) throws {
        let directory = TemporaryDirectory()
        let lines = try Self.largeExport(directory)
        #expect(lines.count > 3_000)
        let path = directory.path("export.jsonl")
        let fromFile = try TicketStore(path: directory.path("file.sqlite"))
        // With 2 tickets held, rows are written early and read back when a ticket's events go on
        // (the export interleaves each copy's tickets).
        let events = try fromFile.importJournal(
            lines: try Self.write(lines, to: path), file: path, heldTickets: heldTickets)
        let fromLines = try TicketStore(path: directory.path("lines.sqlite"))
        #expect(try fromLines.importJournal(lines: lines, file: path) == events)
        #expect(events == lines.count - lines.prefix { $0.contains("\"kind\":\"definition\"") }.count)
        #expect(try exportLines(fromFile) == lines)
        #expect(try fromFile.list(TicketFilter(limit: 10_000)) == fromLines.list(TicketFilter(limit: 10_000)))
        #expect(try fromFile.counts().timers == fromLines.counts().timers)
        #expect(try fromFile.verify().problems.isEmpty)
    }

    @Test("a bad line is refused with its number, early or late in a long file, and nothing is imported")
    func badLine() throws {
        let directory = TemporaryDirectory()
        let lines = try Self.largeExport(directory)
        // An empty line counts in the numbering but is not imported.
        var withBlank = lines
        withBlank.insert("", at: 100)
        for index in [10, 2_500, withBlank.count - 1] {
            var bad = withBlank
            bad[index] = "{not json"
            let path = directory.path("bad-\(index).jsonl")
            let diagnostic = try #require(try Self.refusal(try Self.write(bad, to: path), file: path, directory))
            #expect(diagnostic.code == .invalidImport)
            #expect(diagnostic.location.file == path)
            #expect(diagnostic.location.line == index + 1)
        }
        // The store an import refused takes the file afterwards.
        let path = directory.path("good.jsonl")
        let store = try TicketStore(path: directory.path("again.sqlite"))
        var bad = lines
        bad[10] = "{not json"
        #expect(throws: Diagnostic.self) {
            try store.importJournal(lines: try Self.write(bad, to: directory.path("bad.jsonl")), file: "bad.jsonl")
        }
        #expect(try store.importJournal(lines: try Self.write(lines, to: path), file: path) > 3_000)
        #expect(try store.verify().problems.isEmpty)
    }

    @Test("a file that cannot be read is refused with LAP001, not imported as empty")
    func unreadable() throws {
        let directory = TemporaryDirectory()
        // A directory opens for reading, and the first read fails.
        let folder = directory.path("folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let reader = try #require(LineReader(path: folder))
        let diagnostic = try #require(try Self.refusal(reader, file: folder, directory))
        #expect(diagnostic.code == .unreadableFile)
        #expect(diagnostic.message.contains("Is a directory"), "\(diagnostic.message)")
    }
}
