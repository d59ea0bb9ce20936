import Foundation
import GRDB
import Lapor
import LaporStore
import LaporYAML
import Testing

/// The shipped workspace compiled once.
enum Shipped {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let definitions: DefinitionSet = {
        let workspace = WorkspaceLoader().load(path: repository.path).workspace
        switch DefinitionSet.make(from: workspace) {
        case .success(let set): return set
        case .failure(let errors): fatalError("shipped workflows do not compile: \(errors.all)")
        }
    }()
}

func moment(_ text: String) -> Instant {
    guard let value = Instant(parsing: text) else { fatalError("bad instant literal \(text)") }
    return value
}

/// A fresh directory per test, removed afterwards.
final class TemporaryDirectory {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// The store's export, the byte-level picture of its journal.
func exportLines(_ store: TicketStore) throws -> [String] {
    var lines: [String] = []
    try store.export { lines.append($0) }
    return lines
}

let humas = Actor(role: "humas")
let unitActor = Actor(role: "unit")
let thr = OpenRequest(category: "upah", labels: ["thr"], channel: "web", reporter: "R123", text: "THR belum dibayar")

@Suite("Store: commands")
struct StoreCommandTests {
    @Test("opening numbers the ticket, routes it, journals its events and projects it")
    func open() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        let outcome = try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:00+07:00"))
        #expect(outcome.ticket.id == "LM-2026-000001")
        #expect(outcome.ticket.workflow == "lapor-menaker")
        #expect(outcome.ticket.state == "diterima")
        #expect(outcome.events.map(\.event.type).prefix(2) == ["opened", "routed"])
        #expect(outcome.events.last?.event.type == "noted")
        #expect(outcome.events.map(\.position) == Array(1...Int64(outcome.events.count)))
        let second = try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:05+07:00"))
        #expect(second.ticket.id == "LM-2026-000002")
        let listed = try store.list(TicketFilter(state: "diterima"))
        #expect(listed.map(\.id) == ["LM-2026-000001", "LM-2026-000002"])
        #expect(listed[0].nextDue != nil)
        let shown = try store.ticket("LM-2026-000001")
        #expect(shown.state == outcome.ticket)
        #expect(try store.verify().problems.isEmpty)
        let durability = try store.durability()
        #expect(durability.synchronous == 2)
        #expect(durability.journalMode == "wal")
    }

    @Test("a refused command leaves the journal as it was")
    func refused() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        let id = try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:00+07:00")).ticket.id
        let before = try exportLines(store)
        let now = moment("2026-03-02T10:00+07:00")
        let cases: [(Input, String, DiagnosticCode)] = [
            (.transition("respond", by: unitActor), id, .eventNotAllowed),
            (.transition("verify", by: unitActor), id, .roleNotAllowed),
            (.transition("fly", by: humas), id, .unknownEvent),
            (.transition("verify", by: humas), "LM-2026-999999", .unknownTicket),
        ]
        for (input, ticket, code) in cases {
            #expect(throws: Diagnostic.self) {
                try store.apply(input, to: ticket, definitions: Shipped.definitions, now: now)
            }
            do {
                try store.apply(input, to: ticket, definitions: Shipped.definitions, now: now)
            } catch {
                #expect(error.code == code)
            }
        }
        #expect(try exportLines(store) == before)
        #expect(try store.verify().problems.isEmpty)
    }

    @Test("a command id applies once; reusing it for another command is refused")
    func idempotency() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        let now = moment("2026-03-02T09:00+07:00")
        let first = try store.open(thr, definitions: Shipped.definitions, now: now, commandID: "c-1")
        let again = try store.open(thr, definitions: Shipped.definitions, now: now, commandID: "c-1")
        #expect(!first.repeated)
        #expect(again.repeated)
        #expect(again.ticket.id == first.ticket.id)
        #expect(again.events == first.events)
        #expect(try store.counts().tickets == 1)
        let verify = Input.transition("verify", by: humas)
        _ = try store.apply(verify, to: first.ticket.id, definitions: Shipped.definitions, now: now, commandID: "c-2")
        let retried = try store.apply(
            verify, to: first.ticket.id, definitions: Shipped.definitions, now: now, commandID: "c-2")
        #expect(retried.repeated)
        #expect(retried.ticket.state == "terverifikasi")
        do {
            _ = try store.apply(
                .transition("hold", by: humas), to: first.ticket.id, definitions: Shipped.definitions, now: now,
                commandID: "c-2")
            Issue.record("a reused command id was accepted")
        } catch {
            #expect(error.code == .commandIDReused)
        }
    }

    @Test("timers fire once each, in order, and their notifications wait in the outbox")
    func timers() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        let opened = moment("2026-03-02T09:00+07:00")
        let id = try store.open(thr, definitions: Shipped.definitions, now: opened).ticket.id
        let later = moment("2026-06-30T09:00+07:00")
        let run = try store.fireTimers(until: later, definitions: Shipped.definitions, now: later)
        #expect(!run.fired.isEmpty)
        #expect(run.fired.map(\.due) == run.fired.map(\.due).sorted())
        let again = try store.fireTimers(until: later, definitions: Shipped.definitions, now: later)
        #expect(again.fired.isEmpty)
        let ticket = try store.ticket(id)
        #expect(ticket.state.clocks.contains { $0.breachedAt != nil })
        #expect(try store.list(TicketFilter(breached: true)).map(\.id) == [id])
        let outbox = try store.outbox()
        #expect(outbox.contains { $0.kind == "breach" && $0.text.contains(id) })
        #expect(outbox.contains { $0.channel == "daily_report" && $0.text.hasPrefix("Himbauan") })
        let first = try #require(outbox.first?.id)
        try store.acknowledge(first, now: later)
        #expect(try store.outbox().first?.id != first)
        #expect(try store.verify().problems.isEmpty)
        #expect(throws: Diagnostic.self) {
            try store.fireTimers(until: later, definitions: Shipped.definitions, now: opened)
        }
    }
}

@Suite("Store: maintenance")
struct StoreMaintenanceTests {
    /// A store with a few tickets in various states.
    static func populated(_ directory: TemporaryDirectory, name: String = "lapor.sqlite") throws -> TicketStore {
        let store = try TicketStore(path: directory.path(name))
        var now = moment("2026-03-02T09:00+07:00")
        for index in 0..<6 {
            let request = OpenRequest(
                category: ["upah", "hubungan_kerja", "pelatihan"][index % 3],
                labels: index.isMultiple(of: 2) ? ["thr"] : [],
                channel: "web", reporter: "R\(index)")
            let id = try store.open(request, definitions: Shipped.definitions, now: now).ticket.id
            now = Instant(secondsSinceEpoch: now.secondsSinceEpoch + 600)
            if index >= 2 {
                _ = try store.apply(
                    .transition("verify", by: humas), to: id, definitions: Shipped.definitions, now: now)
            }
        }
        let later = moment("2026-04-15T09:00+07:00")
        _ = try store.fireTimers(until: later, definitions: Shipped.definitions, now: later)
        return store
    }

    @Test("rebuilding the projections from the events gives the same rows")
    func rebuild() throws {
        let directory = TemporaryDirectory()
        let store = try Self.populated(directory)
        let before = try store.list(TicketFilter(limit: 1_000))
        #expect(try store.rebuild() == 6)
        #expect(try store.list(TicketFilter(limit: 1_000)) == before)
        #expect(try store.verify().problems.isEmpty)
    }

    @Test("export → import into an empty store → export gives the same bytes")
    func roundTrip() throws {
        let directory = TemporaryDirectory()
        let store = try Self.populated(directory)
        let lines = try exportLines(store)
        let copy = try TicketStore(path: directory.path("copy.sqlite"))
        #expect(try copy.importJournal(lines: lines, file: "export.jsonl") == store.counts().events)
        #expect(try exportLines(copy) == lines)
        #expect(try copy.verify().problems.isEmpty)
        #expect(try copy.list(TicketFilter(limit: 1_000)) == store.list(TicketFilter(limit: 1_000)))
        do {
            try copy.importJournal(lines: lines, file: "export.jsonl")
            Issue.record("an import into a non-empty store was accepted")
        } catch {
            #expect(error.code == .importIntoNonEmptyStore)
        }
    }

    @Test("an import with a gap in a ticket's journal is rejected whole")
    func importGap() throws {
        let directory = TemporaryDirectory()
        let store = try Self.populated(directory)
        var lines = try exportLines(store)
        let gap = try #require(lines.firstIndex { $0.contains("\"sequence\":2") })
        lines.remove(at: gap)
        let copy = try TicketStore(path: directory.path("copy.sqlite"))
        do {
            try copy.importJournal(lines: lines, file: "export.jsonl")
            Issue.record("a journal with a gap was imported")
        } catch {
            #expect(error.code == .invalidImport)
            #expect(error.location.line == gap + 1)
        }
        #expect(try copy.counts().events == 0)
    }
}

@Suite("Store: import")
struct StoreImportTests {
    /// Imports `lines` into a new store and returns the diagnostic; the store must stay empty.
    static func refusal(_ lines: [String], _ directory: TemporaryDirectory) throws -> Diagnostic? {
        let copy = try TicketStore(path: directory.path("copy-\(UUID().uuidString).sqlite"))
        defer { #expect((try? copy.counts().events) == 0) }
        do {
            try copy.importJournal(lines: lines, file: "export.jsonl")
        } catch {
            return error
        }
        return nil
    }

    @Test("bad lines are refused with their line number and the store stays empty")
    func refusals() throws {
        let directory = TemporaryDirectory()
        let lines = try exportLines(try StoreMaintenanceTests.populated(directory))
        let definitions = lines.filter { $0.contains("\"kind\":\"definition\"") }.count
        let firstEvent = definitions  // index of the first event line
        func replacing(_ index: Int, _ line: String) -> [String] {
            var copy = lines
            copy[index] = line
            return copy
        }
        func expectRefused(_ lines: [String], line: Int, _ words: String) throws {
            let diagnostic = try #require(try Self.refusal(lines, directory))
            #expect(diagnostic.code == .invalidImport)
            #expect(diagnostic.location.line == line)
            #expect(diagnostic.message.contains(words), "\(diagnostic.message)")
        }
        try expectRefused(replacing(firstEvent + 1, "{not json"), line: firstEvent + 2, "not a JSON object")
        try expectRefused(
            replacing(
                firstEvent, lines[firstEvent].replacingOccurrences(of: "\"kind\":\"event\"", with: "\"kind\":\"x\"")),
            line: firstEvent + 1, "unknown kind 'x'")
        // An event before the definition it names.
        try expectRefused(Array(lines[firstEvent...]) + lines[..<firstEvent], line: 1, "is not declared")
        // The same event twice.
        var twice = lines
        twice.insert(lines[firstEvent + 1], at: firstEvent + 2)
        try expectRefused(twice, line: firstEvent + 3, "follows event")
        // A payload that does not decode, in the canonical layout and in another one.
        let broken = lines[firstEvent].replacingOccurrences(of: "\"type\":\"opened\"", with: "\"type\":\"noted\"")
        try expectRefused(replacing(firstEvent, broken), line: firstEvent + 1, "does not decode")
        try expectRefused(
            replacing(firstEvent, broken.replacingOccurrences(of: ",", with: ", ")), line: firstEvent + 1,
            "does not decode")
        // A journal that starts with another event than `opened`: it does not fold.
        let ticket = try #require(
            lines[firstEvent].firstMatch(of: /"ticket":"([^"]+)"/).map { String($0.1) })
        let mine = lines.indices.filter { $0 >= firstEvent && lines[$0].contains("\"ticket\":\"\(ticket)\"") }
        let notOpened = lines[mine[1]].replacingOccurrences(of: "\"sequence\":2", with: "\"sequence\":1")
        try expectRefused(replacing(mine[0], notOpened), line: mine[0] + 1, "does not fold")
    }

    @Test("lines in another JSON layout are read through JSONDecoder and stored canonically")
    func otherLayout() throws {
        let directory = TemporaryDirectory()
        let store = try StoreMaintenanceTests.populated(directory)
        let lines = try exportLines(store)
        // Spaces, escaped slashes and letters, explicit nulls, keys out of order: the same journal.
        let relaid = lines.map { line -> String in
            guard line.contains("\"kind\":\"event\"") else { return line }
            return line.replacingOccurrences(of: "\":", with: "\" : ")
                .replacingOccurrences(of: "\"upah\"", with: "\"up\\u0061h\"")
                .replacingOccurrences(of: "\"category\"", with: "\"c\\u0061tegory\"")
                .replacingOccurrences(of: "{\"command_id\" : null,", with: "{\"x\" : [1, {\"y\" : null}],")
        }
        #expect(relaid != lines)
        let copy = try TicketStore(path: directory.path("copy.sqlite"))
        #expect(try copy.importJournal(lines: relaid, file: "relaid.jsonl") == store.counts().events)
        #expect(try exportLines(copy) == lines)
        #expect(try copy.verify().problems.isEmpty)
    }

    @Test("tickets interleaved past the fold limit import to the same store", arguments: [1, 2, 5])
    func heldTickets(limit: Int) throws {
        let directory = TemporaryDirectory()
        let store = try StoreMaintenanceTests.populated(directory)
        let lines = try exportLines(store)
        let copy = try TicketStore(path: directory.path("copy.sqlite"))
        #expect(try copy.importJournal(lines: lines, file: "export.jsonl", heldTickets: limit) == store.counts().events)
        #expect(try exportLines(copy) == lines)
        #expect(try copy.verify().problems.isEmpty)
        #expect(try copy.list(TicketFilter(limit: 1_000)) == store.list(TicketFilter(limit: 1_000)))
        #expect(try copy.counts().timers == store.counts().timers)
    }

    @Test("LineReader gives every line across chunk boundaries, the last one without its newline too")
    func lineReader() throws {
        let directory = TemporaryDirectory()
        var random = SplitMix64(seed: 3)
        let lines = (0..<3_000).map { index in
            index % 97 == 0 ? "" : String(repeating: "é-\(index)-", count: 1 + random.next(below: 150))
        }
        for ending in ["", "\n"] {
            let path = directory.path("lines\(ending.count).txt")
            try Data((lines.joined(separator: "\n") + ending).utf8).write(to: URL(fileURLWithPath: path))
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 > 1 << 20)
            let reader = try #require(LineReader(path: path))
            #expect(Array(reader) == lines)
        }
    }

    @Test("the journal and the snapshots are JSONEncoder's bytes (the format on disk is unchanged)")
    func onDisk() throws {
        let directory = TemporaryDirectory()
        let store = try StoreMaintenanceTests.populated(directory)
        // The store written by commands, and a copy imported from its export.
        let copy = try TicketStore(path: directory.path("copy.sqlite"))
        try copy.importJournal(lines: try exportLines(store), file: "export.jsonl")
        let decoder = JSONDecoder()
        for name in ["lapor.sqlite", "copy.sqlite"] {
            try Self.checkCanonical(try DatabaseQueue(path: directory.path(name)), decoder)
        }
    }

    static func checkCanonical(_ queue: DatabaseQueue, _ decoder: JSONDecoder) throws {
        try queue.read { db in
            let events = try String.fetchAll(db, sql: "SELECT json FROM events")
            #expect(events.count > 20)
            for json in events {
                let event = try decoder.decode(Event.self, from: Data(json.utf8))
                #expect(String(decoding: try Event.encoder.encode(event), as: UTF8.self) == json)
            }
            for row in try Row.fetchAll(db, sql: "SELECT snapshot, labels, report_texts FROM tickets") {
                let snapshot: String = row[0]
                let state = try decoder.decode(TicketState.self, from: Data(snapshot.utf8))
                #expect(String(decoding: try Event.encoder.encode(state), as: UTF8.self) == snapshot)
                #expect(String(decoding: try Event.encoder.encode(state.labels), as: UTF8.self) == row[1])
                #expect(String(decoding: try Event.encoder.encode(state.reportTexts), as: UTF8.self) == row[2])
            }
        }
    }
}

@Suite("Store: bad files")
struct StoreFileTests {
    @Test("a file that is not a database is refused and left untouched")
    func notADatabase() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("notes.txt")
        let content = Data("these are not the tickets you are looking for\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        do {
            _ = try TicketStore(path: path)
            Issue.record("a text file was opened as a store")
        } catch {
            #expect(error.code == .storeNotADatabase)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a store of a newer schema is refused")
    func newerSchema() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("lapor.sqlite")
        _ = try TicketStore(path: path)
        try Self.sqlite(path, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future');")
        do {
            _ = try TicketStore(path: path)
            Issue.record("a newer schema was accepted")
        } catch {
            #expect(error.code == .storeNewerSchema)
            #expect(error.notes.contains { $0.message.contains("v99-future") })
        }
    }

    @Test("an SQLite database of another program is refused")
    func foreignDatabase() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("other.sqlite")
        try Self.sqlite(path, "CREATE TABLE accounts (id INTEGER PRIMARY KEY);")
        do {
            _ = try TicketStore(path: path)
            Issue.record("a foreign database was accepted")
        } catch {
            #expect(error.code == .storeNotADatabase)
        }
    }

    @Test("a read-only store refuses writes; reading it works")
    func readOnly() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("lapor.sqlite")
        let store = try TicketStore(path: path)
        _ = try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:00+07:00"))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        guard !FileManager.default.isWritableFile(atPath: path) else { return }  // running as root
        do {
            _ = try TicketStore(path: path, mode: .write)
            Issue.record("a read-only file was opened for writing")
        } catch {
            #expect(error.code == .storeReadOnly)
        }
        #expect(try TicketStore(path: path, mode: .read).counts().tickets == 1)
    }

    @Test("reading a store that does not exist does not create it")
    func missing() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("absent.sqlite")
        do {
            _ = try TicketStore(path: path, mode: .read)
            Issue.record("a missing store was opened")
        } catch {
            #expect(error.code == .storeMissing)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// Runs SQL on `path` with a plain GRDB connection, behind the store's back.
    static func sqlite(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql) }
    }
}

@Suite("Store: run-time refusals")
struct StoreRefusalTests {
    @Test("a tampered projection row is reported by verify and repaired by rebuild")
    func tampered() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("lapor.sqlite")
        let store = try TicketStore(path: path)
        let id = try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:00+07:00")).ticket.id
        try StoreFileTests.sqlite(path, "UPDATE tickets SET state = 'selesai' WHERE id = '\(id)';")
        let report = try store.verify()
        #expect(report.problems.map(\.code) == [.projectionMismatch])
        #expect(report.problems.first?.message.contains("state is selesai, the events give diterima") == true)
        try store.rebuild()
        #expect(try store.verify().problems.isEmpty)
    }

    @Test("opening outside every workflow's effective period needs --workflow")
    func noWorkflowInEffect() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        do {
            try store.open(thr, definitions: Shipped.definitions, now: moment("2024-06-03T09:00+07:00"))
            Issue.record("a ticket was opened with no workflow in effect")
        } catch {
            #expect(error.code == .noWorkflowInEffect)
        }
        #expect(try store.counts().events == 0)
    }

    @Test("acknowledging an unknown outbox message is refused")
    func unknownMessage() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        do {
            try store.acknowledge(42, now: moment("2026-03-02T09:00+07:00"))
            Issue.record("an unknown message was acknowledged")
        } catch {
            #expect(error.code == .unknownOutboxMessage)
        }
    }

    @Test("a store locked by another writer past the timeout fails with LAP704 and writes nothing")
    func busy() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("lapor.sqlite")
        _ = try TicketStore(path: path)
        let other = try DatabaseQueue(path: path)
        let store = try TicketStore(path: path, busyTimeout: 0.2)
        try other.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:00+07:00"))
                Issue.record("a command ran while another process held the write lock")
            } catch let error as Diagnostic {
                #expect(error.code == .storeBusy)
                #expect(error.message.contains("0.2 s"))
            }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try store.counts().events == 0)
    }
}

@Suite("Store: daily report")
struct DailyReportTests {
    @Test("counts per unit as of the end of the day, with working days late and the himbauan line")
    func daily() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        let late = try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:00+07:00")).ticket
            .id
        try store.apply(
            .transition("verify", by: humas), to: late, definitions: Shipped.definitions,
            now: moment("2026-03-02T10:00+07:00"))
        let fresh = OpenRequest(category: "siapkerja", channel: "web")
        try store.open(fresh, definitions: Shipped.definitions, now: moment("2026-03-30T10:00+07:00"))
        let end = moment("2026-04-20T09:00+07:00")
        try store.fireTimers(until: end, definitions: Shipped.definitions, now: end)
        // Respon of the THR ticket was due Friday 27 March 2026 08:30 (14 working days, Nyepi, Lebaran
        // and cuti bersama skipped). Monday 30 March is one working day late; Monday 6 April is five
        // (30, 31 March, 1, 2 and 6 April: Good Friday 3 April is a holiday).
        let march30 = try store.dailyReport(
            date: try #require(LocalDate(parsing: "2026-03-30")), definitions: Shipped.definitions)
        #expect(march30.units.map(\.unit) == ["BARENBANG", "BINWASNAKER_K3"])
        #expect(march30.units[0].received == 1)
        #expect(march30.units[0].inProcess == 1)
        #expect(march30.units[1].overdue.map(\.daysLate) == [1])
        #expect(march30.units[1].overdue.first?.due == "2026-03-27T08:30+07:00")
        #expect(march30.units[1].lines.count == 1)
        #expect(march30.units[1].lines.first?.hasPrefix("Himbauan kepada BINWASNAKER_K3: tiket \(late)") == true)
        let april6 = try store.dailyReport(
            date: try #require(LocalDate(parsing: "2026-04-06")), unit: "BINWASNAKER_K3",
            definitions: Shipped.definitions)
        #expect(april6.units.count == 1)
        #expect(april6.units[0].received == 0)
        #expect(april6.units[0].overdue.map(\.daysLate) == [5])
        #expect(april6.units[0].lines.first?.hasPrefix("Rekomendasi") == true)
    }
}

@Suite("Store: migration")
struct StoreMigrationTests {
    static func migration() throws -> Migration {
        let workspace = WorkspaceLoader().load(path: Shipped.repository.path).workspace
        let plan = try #require(workspace.migrationPlan(named: "pusban-to-lapor-menaker"))
        return try Migration.make(plan: plan, in: workspace).get()
    }

    @Test("a dry run writes nothing; the run moves every open Pusat Bantuan ticket in one go")
    func cutover() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        let legacy = OpenRequest(category: "pengaduan", labels: ["upah_tidak_dibayar"], workflow: "pusat-bantuan")
        let first = try store.open(legacy, definitions: Shipped.definitions, now: moment("2025-11-03T09:00+07:00"))
        let second = try store.open(legacy, definitions: Shipped.definitions, now: moment("2025-11-04T09:00+07:00"))
        try store.apply(
            .transition("escalate", by: humas), to: first.ticket.id, definitions: Shipped.definitions,
            now: moment("2025-11-04T10:00+07:00"))
        let before = try exportLines(store)
        let migration = try Self.migration()
        let cutover = moment("2025-11-12T08:00+07:00")
        let dry = try store.migrate(migration, by: Actor(role: "sistem"), now: cutover, dryRun: true)
        #expect(dry.dryRun)
        #expect(dry.moves.map(\.ticket) == [first.ticket.id, second.ticket.id])
        #expect(dry.moves.map(\.to) == ["didisposisikan", "diterima"])
        #expect(try exportLines(store) == before)
        let refused = try store.migrate(migration, by: Actor(role: "nobody"), now: cutover, dryRun: false)
        #expect(refused.refused.map(\.code) == [.unknownActorRole, .unknownActorRole])
        #expect(try exportLines(store) == before)
        let run = try store.migrate(migration, by: Actor(role: "sistem"), now: cutover, dryRun: false)
        #expect(!run.dryRun)
        #expect(run.moves == dry.moves)
        #expect(try store.list(TicketFilter()).allSatisfy { $0.workflow == "lapor-menaker" })
        #expect(try store.verify().problems.isEmpty)
        let again = try store.migrate(migration, by: Actor(role: "sistem"), now: cutover, dryRun: false)
        #expect(again.moves.isEmpty)
    }
}

@Suite("Store: warnings")
struct StoreWarningTests {
    @Test("a category the catalog does not know is routed by the default rule with a warning")
    func unknownCategory() throws {
        let directory = TemporaryDirectory()
        let store = try TicketStore(path: directory.path("lapor.sqlite"))
        let outcome = try store.open(
            OpenRequest(category: "bukan_kategori"), definitions: Shipped.definitions,
            now: moment("2026-03-02T09:00+07:00"))
        #expect(outcome.warnings.map(\.code) == [.unknownCategoryRouted])
        #expect(outcome.ticket.unit == "SETJEN_HUMAS")
        let known = try store.open(thr, definitions: Shipped.definitions, now: moment("2026-03-02T09:05+07:00"))
        #expect(known.warnings.isEmpty)
    }
}

/// Lines that run `probe` once, when line `at` (0-based) is about to be read: the import is then
/// inside its transaction.
struct ProbedLines: Sequence {
    let lines: [String]
    let at: Int
    let probe: () -> Void

    func makeIterator() -> AnyIterator<String> {
        var index = 0
        return AnyIterator {
            guard index < lines.count else { return nil }
            if index == at { probe() }
            defer { index += 1 }
            return lines[index]
        }
    }
}

/// The export of a populated store and an empty store to import it into.
struct ImportFixture {
    let directory = TemporaryDirectory()
    let lines: [String]
    let events: Int
    let path: String
    let copy: TicketStore

    init() throws {
        let source = try StoreMaintenanceTests.populated(directory)
        lines = try exportLines(source)
        events = try source.counts().events
        path = directory.path("copy.sqlite")
        copy = try TicketStore(path: path)
    }
}

@Suite("Store: import journal mode")
struct StoreImportJournalTests {
    /// Bytes 18 and 19 of the file: 2 and 2 in WAL mode, 1 and 1 with a rollback journal.
    static func header(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path))[18..<20])
    }

    @Test("an import into a store nobody else has open runs without the WAL and leaves WAL mode on")
    func rollbackJournal() throws {
        let fixture = try ImportFixture()
        let (lines, events, path, copy) = (fixture.lines, fixture.events, fixture.path, fixture.copy)
        #expect(try Self.header(path) == [2, 2])
        var during: (wal: Bool, journal: Bool)?
        let probed = ProbedLines(lines: lines, at: lines.count / 2) {
            during = (
                FileManager.default.fileExists(atPath: path + "-wal"),
                FileManager.default.fileExists(atPath: path + "-journal")
            )
        }
        #expect(try copy.importJournal(lines: probed, file: "export.jsonl") == events)
        // In the middle: no WAL file, a rollback journal (of the pages the empty store had).
        #expect(during?.wal == false)
        #expect(during?.journal == true)
        // Afterwards: WAL with synchronous = FULL on the connection and in the file; no journal left.
        #expect(try copy.durability() == (2, "wal"))
        #expect(try Self.header(path) == [2, 2])
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        #expect(try exportLines(copy) == lines)
        // Another connection reads and writes the store as usual.
        let other = try TicketStore(path: path)
        #expect(try other.counts().events == events)
        let ticket = try #require(try other.list(TicketFilter(limit: 1)).first?.id)
        try other.apply(
            .note("catatan", by: humas), to: ticket, definitions: Shipped.definitions,
            now: moment("2026-06-01T09:00+07:00"))
        #expect(try copy.counts().events > events)
        #expect(try other.verify().problems.isEmpty)
    }

    @Test("an import refused midway leaves the store empty, in WAL mode, and ready for the next import")
    func refusedMidway() throws {
        let fixture = try ImportFixture()
        let (lines, events, path, copy) = (fixture.lines, fixture.events, fixture.path, fixture.copy)
        do {
            try copy.importJournal(lines: lines + ["{not json"], file: "export.jsonl")
            Issue.record("a bad last line was imported")
        } catch {
            #expect(error.code == .invalidImport)
            #expect(error.location.line == lines.count + 1)
        }
        #expect(try copy.counts() == (0, 0, 0, 0))
        #expect(try copy.durability() == (2, "wal"))
        #expect(try Self.header(path) == [2, 2])
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        #expect(try copy.importJournal(lines: lines, file: "export.jsonl") == events)
        #expect(try exportLines(copy) == lines)
    }

    @Test("with another connection open the import runs in WAL mode, and both see the same store")
    func otherConnectionOpen() throws {
        let fixture = try ImportFixture()
        let (lines, events, path, copy) = (fixture.lines, fixture.events, fixture.path, fixture.copy)
        let other = try TicketStore(path: path, mode: .read)
        #expect(try other.counts().events == 0)
        var walDuring: Bool?
        var seenDuring: Int?
        let probed = ProbedLines(lines: lines, at: lines.count / 2) {
            walDuring = FileManager.default.fileExists(atPath: path + "-wal")
            // A reader sees the store as it was before the import.
            seenDuring = try? other.counts().events
        }
        #expect(try copy.importJournal(lines: probed, file: "export.jsonl") == events)
        #expect(walDuring == true)
        #expect(seenDuring == 0)
        #expect(try other.counts().events == events)
        #expect(try copy.durability() == (2, "wal"))
        #expect(try exportLines(other) == lines)
    }

    @Test("a store opened while an import runs without the WAL waits, then fails with LAP704, never half-imported")
    func openedDuringImport() throws {
        let fixture = try ImportFixture()
        let (lines, events, path, copy) = (fixture.lines, fixture.events, fixture.path, fixture.copy)
        var codes: [DiagnosticCode?] = []
        let probed = ProbedLines(lines: lines, at: lines.count / 2) {
            for mode in [TicketStore.Mode.read, .write] {
                do throws(Diagnostic) {
                    let store = try TicketStore(path: path, mode: mode, busyTimeout: 0.1)
                    _ = try store.counts()
                    codes.append(nil)
                } catch {
                    codes.append(error.code)
                }
            }
        }
        #expect(try copy.importJournal(lines: probed, file: "export.jsonl") == events)
        #expect(codes == [.storeBusy, .storeBusy])
        let reader = try TicketStore(path: path, mode: .read)
        #expect(try reader.counts().events == events)
        #expect(try copy.durability() == (2, "wal"))
    }

    @Test("a read-only open rolls back the journal an import killed inside its transaction leaves")
    func interruptedImport() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("lapor.sqlite")
        let crashed = directory.path("crashed.sqlite")
        do {
            let store = try TicketStore(path: path)
            #expect(try store.counts().events == 0)
        }
        // The state a kill leaves: the file in rollback-journal mode, new pages written into it
        // (the cache spilled), and a hot journal next to it, which no process holds a lock on.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            try db.execute(sql: "PRAGMA cache_size = 10")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try queue.inTransaction { db in
            for index in 0..<500 {
                try db.execute(
                    sql: "INSERT INTO definitions VALUES (?, 'w', 'v', ?, 'now')",
                    arguments: ["h\(index)", String(repeating: "x", count: 2_000)])
            }
            try FileManager.default.copyItem(atPath: path, toPath: crashed)
            try FileManager.default.copyItem(atPath: path + "-journal", toPath: crashed + "-journal")
            return .rollback
        }
        try queue.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: crashed)).count > before.count)
        #expect(try Self.header(crashed) == [1, 1])

        let reader = try TicketStore(path: crashed, mode: .read)
        #expect(try reader.counts().events == 0)
        #expect(try reader.verify().problems.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: crashed + "-journal"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: crashed)) == before)
        // The next read-write open switches the file back to WAL; the store imports as new.
        let writer = try TicketStore(path: crashed)
        #expect(try Self.header(crashed) == [2, 2])
        let source = try StoreMaintenanceTests.populated(directory, name: "source.sqlite")
        let lines = try exportLines(source)
        let events = try source.counts().events
        #expect(try writer.importJournal(lines: lines, file: "export.jsonl") == events)
        #expect(try exportLines(writer) == lines)
    }
}
