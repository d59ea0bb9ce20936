import ArgumentParser
import Foundation
import GRDB
import Lapor
import LaporStore

/// `lapor bench store`: durable command throughput, bulk import, indexed listing and memory.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Time the store against raw GRDB transactions on the same disk.",
        discussion: """
            1. Durable commands: `TicketStore.apply` (a note: read the ticket, run the engine, append, update the \
            projections, commit with synchronous = FULL) against, in the same run and directory and in \
            alternating rounds, raw GRDB transactions that each insert one row with synchronous = FULL (and, \
            for comparison, transactions that insert one row and update another). \
            2. Bulk import of a generated journal written to a JSON Lines file, read back as \
            `lapor store import` reads it (events/s, commit and checkpoint included). \
            3. `ticket list` with an indexed filter on a store whose projection holds --list-tickets tickets. \
            4. Peak resident memory after verifying the imported store (journal read through a cursor).
            """)

    @Option(help: "Directory for the benchmark's database files (default: a temporary directory).")
    var directory: String?

    @Option(help: "Durable transactions per measurement.")
    var commands = 1_000

    @Option(help: "Tickets in the generated journal for the import (about 8 events each).")
    var importTickets = 25_000

    @Option(help: "Tickets in the projection for the listing query.")
    var listTickets = 1_000_000

    @OptionGroup var workspace: WorkspaceOptions

    func validate() throws {
        try requireAtLeast(1, ["commands": commands, "import-tickets": importTickets, "list-tickets": listTickets])
    }

    func run() throws {
        let definitions = try workspace.definitions(format: .text)
        let root = URL(fileURLWithPath: directory ?? NSTemporaryDirectory())
            .appendingPathComponent("lapor-bench-store-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        print("directory: \(root.path)")
        try durable(root, definitions)
        let imported = try bulkImport(root, definitions)
        try listing(root)
        let store = try TicketStore(path: imported, mode: .read)
        let verify = try store.verify()
        print(
            "verify after import: \(verify.tickets) tickets, \(verify.events) events, \(verify.problems.count) problems; "
                + "peak resident memory \(peakMemoryMiB()) MiB")
    }

    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Store commands against raw GRDB transactions, all with synchronous = FULL, in alternating
    /// rounds so that a change in the disk's speed during the run affects both sides alike.
    ///
    /// The headline baseline inserts one 400-byte row per transaction (cached statement). A note
    /// command writes more: an event row and its autoincrement counter, and the ticket's row with its
    /// snapshot; the second baseline (one insert and one update of a row with a 1 KiB text per
    /// transaction) is printed for comparison.
    private func durable(_ root: URL, _ definitions: DefinitionSet) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let raw = try DatabaseQueue(path: root.appendingPathComponent("raw.sqlite").path, configuration: configuration)
        try raw.write { db in
            try db.execute(sql: "CREATE TABLE rows (id INTEGER PRIMARY KEY, ticket TEXT, json TEXT)")
            try db.execute(sql: "CREATE TABLE heads (id TEXT PRIMARY KEY, version INTEGER, snapshot TEXT)")
            try db.execute(sql: "INSERT INTO heads VALUES ('T', 0, '')")
        }
        let payload = String(repeating: "x", count: 400)
        let snapshot = String(repeating: "y", count: 1_024)
        let store = try TicketStore(path: root.appendingPathComponent("durable.sqlite").path)
        let opened = moment("2026-03-02T09:00+07:00")
        let ticket = try store.open(
            OpenRequest(category: "upah", labels: ["thr"], channel: "web"), definitions: definitions, now: opened
        ).ticket.id
        var (single, pair, elapsed) = (0.0, 0.0, 0.0)
        let rounds = 10
        let perRound = max(1, commands / rounds)
        for round in 0..<rounds {
            let indices = (round * perRound)..<((round + 1) * perRound)
            single += try seconds {
                for index in indices {
                    try raw.inTransaction(.immediate) { db in
                        try db.cachedStatement(sql: "INSERT INTO rows (ticket, json) VALUES (?, ?)")
                            .execute(arguments: ["T-\(index)", payload])
                        return .commit
                    }
                }
            }
            pair += try seconds {
                for index in indices {
                    try raw.inTransaction(.immediate) { db in
                        try db.cachedStatement(sql: "INSERT INTO rows (ticket, json) VALUES (?, ?)")
                            .execute(arguments: ["T-\(index)", payload])
                        try db.cachedStatement(sql: "UPDATE heads SET version = ?, snapshot = ? WHERE id = 'T'")
                            .execute(arguments: [index, snapshot])
                        return .commit
                    }
                }
            }
            elapsed += try seconds {
                for index in indices {
                    let now = Instant(secondsSinceEpoch: opened.secondsSinceEpoch + Int64(index))
                    try store.apply(
                        .note("catatan \(index)", by: Actor(role: "humas")), to: ticket, definitions: definitions,
                        now: now)
                }
            }
        }
        let count = Double(perRound * rounds)
        let (storeRate, singleRate, pairRate) = (count / elapsed, count / single, count / pair)
        print(
            String(
                format:
                    "durable: store %.0f commands/s, raw GRDB %.0f transactions/s (one insert, synchronous=FULL): "
                    + "%.0f%% of raw", storeRate, singleRate, storeRate / singleRate * 100))
        print(
            String(
                format:
                    "  (raw GRDB with one insert and one update per transaction: %.0f transactions/s, store %.0f%%)",
                pairRate, storeRate / pairRate * 100))
    }

    /// Imports a generated journal into a new store; returns its path.
    private func bulkImport(_ root: URL, _ definitions: DefinitionSet) throws -> String {
        guard let definition = definitions.named("lapor-menaker") else { throw ValidationError("no lapor-menaker") }
        let source = try TicketStore(path: root.appendingPathComponent("source.sqlite").path)
        // One real ticket supplies the definition line; the rest are generated in memory.
        try source.open(
            OpenRequest(category: "upah", workflow: "lapor-menaker"), definitions: definitions,
            now: moment("2026-01-05T08:00+07:00"))
        var lines: [String] = []
        try source.export { lines.append($0) }
        lines.removeAll { !$0.contains("\"kind\":\"definition\"") }
        let categories = ["upah", "hubungan_kerja", "jaminan_sosial", "pelatihan", "siapkerja"]
        let first = moment("2026-01-05T08:00+07:00").secondsSinceEpoch
        let encoder = Event.encoder
        for index in 0..<importTickets {
            let at = Instant(secondsSinceEpoch: first + Int64(index % 5_000) * 300)
            var state: TicketState?
            var events: [Event] = []
            let open = OpenTicket(
                id: "LM-B-\(index)", category: categories[index % categories.count], labels: ["thr"], channel: "web")
            for input in [
                Input.open(open, by: Actor(role: "pelapor")), .transition("verify", by: Actor(role: "humas")),
                .transition("dispose", by: Actor(role: "humas")),
            ] {
                events += try Engine.run(definition, &state, input, now: at).get()
            }
            for event in events {
                let json = String(decoding: try encoder.encode(event), as: UTF8.self)
                lines.append(
                    "{\"command_id\":null,\"definition\":\"\(definition.hash)\",\"event\":\(json),\"kind\":\"event\","
                        + "\"recorded_at\":\"\(at.description)\"}")
            }
        }
        let file = root.appendingPathComponent("export.jsonl").path
        guard FileManager.default.createFile(atPath: file, contents: nil),
            let output = FileHandle(forWritingAtPath: file)
        else { throw ValidationError("cannot write \(file)") }
        for start in stride(from: 0, to: lines.count, by: 10_000) {
            output.write(Data((lines[start..<min(start + 10_000, lines.count)].joined(separator: "\n") + "\n").utf8))
        }
        try output.close()
        print("import: \(lines.count) lines generated and written; peak resident memory so far \(peakMemoryMiB()) MiB")
        lines.removeAll()
        let path = root.appendingPathComponent("imported.sqlite").path
        let store = try TicketStore(path: path)
        var count = 0
        let elapsed = try seconds {
            guard let reader = LineReader(path: file) else { throw ValidationError("cannot read \(file)") }
            count = try store.importJournal(lines: reader, file: file)
        }
        print(
            String(
                format:
                    "import: %d events (%d tickets) from a file in %.2f s: %.0f events/s (projections in the same "
                    + "transaction); peak resident memory %d MiB",
                count, importTickets, elapsed, Double(count) / elapsed, peakMemoryMiB()))
        return path
    }

    /// `ticket list` with indexed filters on a large projection.
    private func listing(_ root: URL) throws {
        let path = root.appendingPathComponent("list.sqlite").path
        let store = try TicketStore(path: path)
        let fill = try seconds {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(
                    sql: """
                        WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?)
                        INSERT INTO tickets (id, definition, workflow, workflow_version, state, is_closed, unit,
                            disposition, category, labels, opened_at, updated_at, version, breached, next_due,
                            report_texts, snapshot)
                        SELECT printf('LM-2026-%07d', x), 'h', 'lapor-menaker', '2025.11',
                            CASE x % 5 WHEN 0 THEN 'diterima' WHEN 1 THEN 'terverifikasi' WHEN 2 THEN 'diproses'
                                WHEN 3 THEN 'ditanggapi' ELSE 'selesai' END,
                            x % 5 = 4, 'UNIT_' || (x % 40), 'dispose', 'upah', '[]', 1767225600 + x, 1767225600 + x,
                            3, x % 17 = 0, CASE WHEN x % 5 = 4 THEN NULL ELSE 1767225600 + x * 7 END, '[]', '{}'
                        FROM n
                        """, arguments: [listTickets])
            }
        }
        print(String(format: "list: %d tickets in the projection (filled in %.1f s)", listTickets, fill))
        let filters: [(String, TicketFilter)] = [
            ("--state diterima", TicketFilter(state: "diterima", limit: 100)),
            ("--unit UNIT_7", TicketFilter(unit: "UNIT_7", limit: 100)),
            ("--breached", TicketFilter(breached: true, limit: 100)),
            (
                "--due-before (first 100)",
                TicketFilter(dueBefore: Instant(secondsSinceEpoch: 1_767_225_600 + 5_000_000))
            ),
        ]
        for (name, filter) in filters {
            var found = 0
            let elapsed = try seconds { found = try store.list(filter).count }
            let repeated = try seconds { for _ in 0..<20 { _ = try store.list(filter) } } / 20
            print(
                String(
                    format: "  ticket list %@: %d tickets, first query %.2f ms, warm %.2f ms", name, found,
                    elapsed * 1000, repeated * 1000))
        }
    }

    private func peakMemoryMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
    }

    private func moment(_ text: String) -> Instant { Instant(parsing: text) ?? Instant(secondsSinceEpoch: 0) }
}
