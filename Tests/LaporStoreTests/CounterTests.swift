import Foundation
import GRDB
import Lapor
import LaporStore
import Testing

/// The ticket counters (`counters`: the last number given per id prefix) after imports and rebuilds.
@Suite("Store: ticket counters")
struct StoreCounterTests {
    /// The populated store has six tickets, `LM-2026-000001` to `LM-2026-000006`.
    static let opened = moment("2026-05-04T09:00+07:00")

    /// Opens a ticket in `store` and returns its id.
    static func openOne(_ store: TicketStore) throws -> String {
        try store.open(thr, definitions: Shipped.definitions, now: opened).ticket.id
    }

    /// The `counters` rows of the store at `path`.
    static func counters(_ path: String) throws -> [String: Int64] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var rows: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT prefix, next FROM counters") { rows[row[0]] = row[1] }
            return rows
        }
    }

    @Test("after an import with a rollback journal, ticket open numbers after the imported tickets")
    func afterImport() throws {
        let fixture = try ImportFixture()
        var journal: Bool?
        let probed = ProbedLines(lines: fixture.lines, at: fixture.lines.count / 2) {
            journal = FileManager.default.fileExists(atPath: fixture.path + "-journal")
        }
        #expect(try fixture.copy.importJournal(lines: probed, file: "export.jsonl") == fixture.events)
        #expect(journal == true)
        #expect(try Self.counters(fixture.path) == ["LM-2026": 6])
        #expect(try fixture.copy.verify().problems.isEmpty)
        #expect(try Self.openOne(fixture.copy) == "LM-2026-000007")
        #expect(try Self.openOne(fixture.copy) == "LM-2026-000008")
        #expect(try fixture.copy.verify().problems.isEmpty)
    }

    @Test("after an import in WAL mode (another connection open), ticket open numbers after the imported tickets")
    func afterImportInWALMode() throws {
        let fixture = try ImportFixture()
        let other = try TicketStore(path: fixture.path, mode: .read)
        var wal: Bool?
        let probed = ProbedLines(lines: fixture.lines, at: fixture.lines.count / 2) {
            wal = FileManager.default.fileExists(atPath: fixture.path + "-wal")
        }
        #expect(try fixture.copy.importJournal(lines: probed, file: "export.jsonl") == fixture.events)
        #expect(wal == true)
        #expect(try Self.counters(fixture.path) == ["LM-2026": 6])
        #expect(try other.verify().problems.isEmpty)
        #expect(try Self.openOne(fixture.copy) == "LM-2026-000007")
    }

    @Test("verify reports a counter behind the journal (LAP714); rebuild raises it and ticket open goes on")
    func rebuildRaises() throws {
        let fixture = try ImportFixture()
        try fixture.copy.importJournal(lines: fixture.lines, file: "export.jsonl")
        // As an import by an earlier lapor left it: no counter at all.
        try StoreFileTests.sqlite(fixture.path, "DELETE FROM counters")
        let problems = try fixture.copy.verify().problems
        #expect(problems.map(\.code) == [.counterBehind])
        #expect(
            problems.first?.message == "ticket counter 'LM-2026' is at 0, below ticket 'LM-2026-000006' of the journal")
        #expect(problems.first?.notes.map(\.message).contains { $0.contains("lapor store rebuild") } == true)
        #expect(problems.first?.code.rawValue == "LAP714")
        // A counter behind but not missing is reported too.
        try StoreFileTests.sqlite(fixture.path, "INSERT INTO counters VALUES ('LM-2026', 5)")
        #expect(try fixture.copy.verify().problems.first?.message.contains("is at 5, below") == true)

        #expect(try fixture.copy.rebuild() == 6)
        #expect(try Self.counters(fixture.path) == ["LM-2026": 6])
        #expect(try fixture.copy.verify().problems.isEmpty)
        #expect(try Self.openOne(fixture.copy) == "LM-2026-000007")
        // The projections are as the events give them, the counters included.
        #expect(try fixture.copy.verify().problems.isEmpty)
    }

    @Test("rebuild never lowers a counter: numbers given stay given")
    func rebuildKeepsHigher() throws {
        let fixture = try ImportFixture()
        try fixture.copy.importJournal(lines: fixture.lines, file: "export.jsonl")
        try StoreFileTests.sqlite(fixture.path, "UPDATE counters SET next = 50")
        try fixture.copy.rebuild()
        #expect(try fixture.copy.verify().problems.isEmpty)
        #expect(try Self.openOne(fixture.copy) == "LM-2026-000051")
    }

    @Test("ids that ticket open never gives are imported and leave the counters alone")
    func foreignIDs() throws {
        let fixture = try ImportFixture()
        // The six tickets renamed: only `LM-2026-000011` is spelled as `ticket open` spells an id.
        let renamed = [
            "LM-2026-000001": "LM-2026-7",  // not zero-padded to six digits
            "LM-2026-000002": "LM-2026-0000009",  // padded beyond six digits
            "LM-2026-000003": "LM-2026-000011",
            "LM-2026-000004": "PB-2025-X1",  // no number
            "LM-2026-000005": "LM-2026-99999999999999999999",  // beyond any counter
            "LM-2026-000006": "-000042",  // no prefix
        ]
        let lines = fixture.lines.map { line in
            renamed.reduce(line) { line, pair in
                line.replacingOccurrences(of: "\"\(pair.key)\"", with: "\"\(pair.value)\"")
            }
        }
        #expect(lines != fixture.lines)
        #expect(try fixture.copy.importJournal(lines: lines, file: "export.jsonl") == fixture.events)
        #expect(try exportLines(fixture.copy) == lines)
        #expect(try Self.counters(fixture.path) == ["LM-2026": 11])
        #expect(try fixture.copy.verify().problems.isEmpty)
        #expect(try Self.openOne(fixture.copy) == "LM-2026-000012")
        try fixture.copy.rebuild()
        #expect(try Self.counters(fixture.path) == ["LM-2026": 12])
        #expect(try fixture.copy.verify().problems.isEmpty)
        #expect(try Self.openOne(fixture.copy) == "LM-2026-000013")
    }
}
