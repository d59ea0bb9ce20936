import Foundation
import GRDB
import Lapor

extension TicketStore {
    /// Imports an export into this store, which must hold no events, in one transaction. Each
    /// ticket's events must follow each other and fold; the projections are written from that fold.
    /// Any bad line rejects the whole import, with its line number, and leaves the store as it was.
    ///
    /// At most `heldTickets` folded tickets are kept in memory: beyond that, their projection rows
    /// are written, and read back if more of their events come.
    ///
    /// When no other connection has the file open, the import runs with a rollback journal instead
    /// of the WAL (see `withRollbackJournal(_:)`): SQLite journals only the pages that existed before
    /// the transaction, so the new pages are written once, not to the WAL and again at the checkpoint.
    /// Otherwise it runs in WAL mode like any other transaction.
    @discardableResult
    public func importJournal(lines: some Sequence<String>, file: String, heldTickets: Int = 100_000)
        throws(Diagnostic) -> Int
    {
        try importJournal(file: file, heldTickets: heldTickets) { importer in
            for (index, line) in lines.enumerated() where !line.isEmpty {
                var line = line
                try line.withUTF8 { try importer.add($0, number: index + 1) }
            }
        }
    }

    /// Imports the lines of `lines` as `importJournal(lines:file:heldTickets:)` does, reading each
    /// line's bytes where the reader holds them: a line becomes a `String` only when it is not laid
    /// out as the export writes it.
    @discardableResult
    public func importJournal(lines: LineReader, file: String, heldTickets: Int = 100_000) throws(Diagnostic) -> Int {
        var lines: LineReader? = lines
        return try importJournal(file: file, heldTickets: heldTickets) { importer in
            // Read and parsed on a second thread from here on; nothing is read before the import begins.
            guard let reader = lines.take() else { return }
            let pipeline = ImportPipeline(reading: reader)
            defer { pipeline.close() }
            while true {
                let batch = pipeline.next()
                try batch.bytes.withUnsafeBufferPointer { bytes in
                    for line in batch.lines {
                        try importer.add(
                            UnsafeBufferPointer(rebasing: bytes[line.range]), number: line.number, read: line.event)
                    }
                }
                guard batch.isLast else { continue }
                if let failure = batch.failure { throw Refused(diagnostic: .unreadableFile(file, reason: failure)) }
                return
            }
        }
    }

    /// Runs `feed`, which adds the lines to the importer, in the import's transaction.
    private func importJournal(
        file: String, heldTickets: Int, _ feed: (inout JournalImporter) throws -> Void
    ) throws(Diagnostic) -> Int {
        let path = path
        let existing = try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 }
        guard existing == 0 else { throw .importIntoNonEmptyStore(path, events: existing) }
        return try withoutForeignKeys { () throws(Diagnostic) in
            try withRollbackJournal { (exclusive: Bool) throws(Diagnostic) in
                try write(exclusive ? .exclusive : .immediate) { db in
                    let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
                    guard existing == 0 else {
                        throw Refused(diagnostic: .importIntoNonEmptyStore(path, events: existing))
                    }
                    var importer = try JournalImporter(db, file: file, heldTickets: heldTickets)
                    try feed(&importer)
                    try importer.finish()
                    return importer.count
                }
            }
        }
    }

    /// Runs `body` with SQLite's foreign-key checks off (`PRAGMA foreign_keys` takes effect only
    /// outside a transaction). The importer checks the only reference its rows make, an event's
    /// definition, itself: every definition is declared by a line before its events.
    func withoutForeignKeys<T>(_ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        do {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = OFF") }
        } catch {
            throw Self.diagnostic(error, path: path, timeout: busyTimeout)
        }
        defer { try? queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = ON") } }
        return try body()
    }

    /// Runs `body` with the connection switched from WAL to a rollback journal (`journal_mode =
    /// DELETE`, `synchronous = EXTRA`: the directory is synced after the journal is deleted, so a
    /// committed import survives a power loss) and a larger page cache, then switches back to WAL and
    /// `synchronous = FULL`. `body` gets `true` then, and must write in one `BEGIN EXCLUSIVE`
    /// transaction: other connections wait for it (and fail with `LAP704` past their busy timeout)
    /// rather than see the file in between.
    ///
    /// SQLite leaves WAL mode only when no other connection has the file open; the switch is tried
    /// once, without waiting, and if it fails `body` runs in WAL mode and gets `false`.
    ///
    /// A process killed meanwhile leaves the file in rollback-journal mode, with a hot journal if it
    /// was inside the transaction. The next connection rolls that journal back (a read-only open
    /// does it too, see `init(path:mode:busyTimeout:)`), and the next read-write open switches the
    /// file back to WAL: the store is as it was before the import.
    func withRollbackJournal<T>(_ body: (Bool) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        let milliseconds = Int(busyTimeout * 1000)
        let switched: Bool
        do {
            switched = try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = \(milliseconds)") }
                guard (try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")) == "delete" else { return false }
                // Switched: from here on the `defer` below switches back, whatever happens.
                try? db.execute(sql: "PRAGMA synchronous = EXTRA")
                try? db.execute(sql: "PRAGMA cache_size = -\(Self.importCacheKiB)")
                return true
            }
        } catch {
            throw Self.diagnostic(error, path: path, timeout: busyTimeout)
        }
        guard switched else { return try body(false) }
        defer {
            // Another process may have opened the file after the commit and switched it back itself.
            // If the switch fails (a reader holding the file past the busy timeout), the connection
            // stays in rollback-journal mode with `synchronous = EXTRA`, and the next read-write open
            // switches the file back to WAL.
            try? queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -2000")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        return try body(true)
    }

    /// The page cache of an import, in KiB. Up to this size the new pages stay in memory until the
    /// commit writes them; beyond it SQLite writes some earlier and again when they change (a
    /// 64 MiB cache made the benchmark's import about 8 % slower). SQLite takes the memory as pages
    /// are needed: a small import uses little.
    static let importCacheKiB = 262_144
}

/// The lines of an export (see `ExportLine`).
enum ImportLine {
    /// An event line as the export writes it, read in place: the texts that are only stored are
    /// ranges of the line's bytes.
    struct EventLine {
        /// The command id's characters, or `nil` for `null`.
        var commandID: Range<Int>?
        var definition: Range<Int>
        var recordedAt: Range<Int>
        var event: Event
        /// The event's JSON as read, when it is already canonical.
        var json: Range<Int>?
    }

    /// `line` read directly if it is laid out as the export writes it, with the command id, the
    /// definition and `recorded_at` plain ASCII strings (no escapes) and the line valid UTF-8; `nil`
    /// for any other line (a definition, or an event in another layout), to be decoded with
    /// `JSONDecoder`.
    static func canonicalEvent(_ line: UnsafeBufferPointer<UInt8>) -> EventLine? {
        var reader = CanonicalJSONReader(line)
        do {
            try reader.beginObject()
            var commandID: Range<Int>?
            if reader.has("command_id") && !reader.null() { commandID = try plainString(&reader, line) }
            try reader.key("definition")
            let definition = try plainString(&reader, line)
            try reader.key("event")
            let start = reader.offset
            reader.isCanonical = true
            let event = try reader.event()
            // Spelled as the journal spells it: stored as read, without writing it again.
            let json = reader.isCanonical ? start..<reader.offset : nil
            try reader.key("kind")
            guard try reader.string() == "event" else { return nil }
            try reader.key("recorded_at")
            let recordedAt = try plainString(&reader, line)
            try reader.endObject()
            try reader.end()
            // The reader repairs invalid UTF-8 in the strings it returns; the bytes stored as they
            // are must be valid.
            guard isASCII(line) || String(validating: line, as: UTF8.self) != nil else { return nil }
            return EventLine(
                commandID: commandID, definition: definition, recordedAt: recordedAt, event: event, json: json)
        } catch {
            return nil
        }
    }

    /// The characters of the string at the reader's offset, if it is plain ASCII without escapes.
    private static func plainString(_ reader: inout CanonicalJSONReader, _ line: UnsafeBufferPointer<UInt8>)
        throws(CanonicalJSONReader.Mismatch) -> Range<Int>
    {
        var offset = reader.offset
        guard offset < line.count, line[offset] == UInt8(ascii: "\"") else { throw .init() }
        offset += 1
        let start = offset
        while offset < line.count {
            let byte = line[offset]
            if byte == UInt8(ascii: "\"") {
                reader.seek(offset + 1, afterValue: true)
                return start..<offset
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { throw .init() }
            offset += 1
        }
        throw .init()
    }

    /// Whether every byte of `bytes` is ASCII, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var union: UInt64 = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            union |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < bytes.count {
            union |= UInt64(bytes[offset])
            offset += 1
        }
        return union & 0x8080_8080_8080_8080 == 0
    }
}

/// Loads export lines into an empty store in one pass: each event is appended as it is read and
/// folded into its ticket; the tickets' projection rows and the counters are written at the end.
///
/// The events are inserted `batch` rows per statement, and every statement is prepared once.
private struct JournalImporter {
    let db: Database
    let file: String
    let heldTickets: Int
    let decoder = JSONDecoder()
    /// Definitions declared so far.
    var definitions: Set<String> = []
    /// Tickets folded so far whose rows are not written yet, but `current`.
    var states: [String: TicketState] = [:]
    /// The ticket of the last event, kept out of `states` while its events follow each other.
    var current: (id: String, state: TicketState)?
    /// The definition of the last event (its UTF-8 bytes), known to be declared.
    var lastDefinition: [UInt8] = []
    /// Whether rows were written before the end (a ticket not in `states` may then have one).
    var wroteRows = false
    /// Events appended.
    var count = 0
    /// The ticket numbers the imported tickets take, for the `counters` rows.
    var counters = TicketCounters()
    /// Events per `INSERT` statement.
    static let batch = 64
    let insertEvents: Statement
    let insertTicket: Statement
    let replaceTicket: Statement
    let insertTimer: Statement
    /// The values of the events read but not inserted yet.
    var pending = DirectBinder(parameters: batch * 10, bytes: batch * 512)
    var pendingEvents = 0
    var binder = DirectBinder()
    /// The projections' secondary indexes (name and SQL), dropped while the rows are written.
    var deferredIndexes: [(name: String, sql: String)] = []

    init(_ db: Database, file: String, heldTickets: Int) throws {
        self.db = db
        self.file = file
        self.heldTickets = max(1, heldTickets)
        // The store has no events, so its projections must be empty.
        for table in Schema.projections { try db.execute(sql: "DELETE FROM \(table)") }
        // Their secondary indexes are built once at the end, from sorted rows, rather than entry by
        // entry; dropping them is part of the transaction, so a failed or killed import keeps them.
        deferredIndexes = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(Schema.projections.map { "'\($0)'" }
                .joined(separator: ", ")))
                ORDER BY name
                """
        ).map { ($0[0], $0[1]) }
        for (name, _) in deferredIndexes { try db.execute(sql: "DROP INDEX \"\(name)\"") }
        insertEvents = try db.makeStatement(sql: EventRow.insertSQL(rows: Self.batch))
        insertTicket = try db.makeStatement(sql: TicketRow.insertSQL)
        replaceTicket = try db.makeStatement(sql: TicketRow.replaceSQL)
        insertTimer = try db.makeStatement(sql: TimerRow.insertSQL)
    }

    func refuse(_ number: Int, _ problem: String) -> Refused {
        Refused(diagnostic: .invalidImport(file, line: number, problem))
    }

    /// Adds one line (its bytes, valid only during the call).
    mutating func add(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws {
        try add(line, number: number, read: ImportLine.canonicalEvent(line))
    }

    /// Adds one line as `add(_:number:)` does, with `record`, what `ImportLine.canonicalEvent(_:)`
    /// read from it.
    mutating func add(_ line: UnsafeBufferPointer<UInt8>, number: Int, read record: ImportLine.EventLine?) throws {
        if let record {
            let definition = UnsafeBufferPointer(rebasing: line[record.definition])
            if !Self.same(lastDefinition, definition) {
                let hash = String(decoding: definition, as: UTF8.self)
                guard definitions.contains(hash) else {
                    throw refuse(number, "definition \(hash.prefix(12)) is not declared before its events")
                }
                lastDefinition = Array(definition)
            }
            try append(record.event, number: number) { row in
                row.bind(utf8: definition)
                Self.bind(record.commandID.map { UnsafeBufferPointer(rebasing: line[$0]) }, &row)
                row.bind(utf8: UnsafeBufferPointer(rebasing: line[record.recordedAt]))
                if let json = record.json {
                    row.bind(utf8: UnsafeBufferPointer(rebasing: line[json]))
                } else {
                    row.bind(record.event.canonicalJSON)
                }
            }
            return
        }
        guard ImportLine.isASCII(line) || String(validating: line, as: UTF8.self) != nil else {
            throw refuse(number, "the line is not valid UTF-8")
        }
        let data = Data(line)
        guard let kind = try? decoder.decode(ExportLine.Kind.self, from: data) else {
            throw refuse(number, "not a JSON object with a 'kind'")
        }
        switch kind.kind {
        case "definition":
            let record: ExportLine.DefinitionLine
            do { record = try decoder.decode(ExportLine.DefinitionLine.self, from: data) } catch {
                throw refuse(number, "a definition line lacks a field (\(error))")
            }
            try DefinitionRow(
                hash: record.hash, workflow: record.workflow, version: record.version,
                normalized: record.normalized, recordedAt: record.recordedAt
            ).insert(db, onConflict: .ignore)
            definitions.insert(record.hash)
        case "event":
            let record: ExportLine.EventLine
            do { record = try decoder.decode(ExportLine.EventLine.self, from: data) } catch {
                throw refuse(number, "the event does not decode (\(error))")
            }
            guard definitions.contains(record.definition) else {
                throw refuse(number, "definition \(record.definition.prefix(12)) is not declared before its events")
            }
            lastDefinition = Array(record.definition.utf8)
            try append(record.event, number: number) { row in
                row.bind(record.definition)
                row.bind(record.commandID)
                row.bind(record.recordedAt)
                row.bind(record.event.canonicalJSON)
            }
        default:
            throw refuse(number, "unknown kind '\(kind.kind)'")
        }
    }

    /// Whether `bytes` holds the bytes of `buffer`.
    private static func same(_ bytes: [UInt8], _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == buffer.count else { return false }
        guard let base = buffer.baseAddress else { return true }
        return bytes.withUnsafeBufferPointer { stored in
            guard let start = stored.baseAddress else { return false }
            return memcmp(start, base, buffer.count) == 0
        }
    }

    private static func bind(_ text: UnsafeBufferPointer<UInt8>?, _ row: inout DirectBinder) {
        if let text { row.bind(utf8: text) } else { row.bind(nil as String?) }
    }

    /// Checks that `event` follows its ticket's last one and folds, appends it and keeps the fold.
    /// `bindRest` binds the row's definition, command id, `recorded_at` and JSON, in that order.
    private mutating func append(_ event: Event, number: Int, _ bindRest: (inout DirectBinder) -> Void) throws {
        var state: TicketState?
        if current?.id == event.ticket {
            state = current.take()?.state
        } else {
            if let current = current.take() { states[current.id] = current.state }
            state = states.removeValue(forKey: event.ticket)
            if state == nil && wroteRows { state = try written(event.ticket) }
        }
        let expected = (state?.eventCount ?? 0) + 1
        guard event.sequence == expected else {
            throw refuse(number, "event \(event.sequence) of ticket \(event.ticket) follows event \(expected - 1)")
        }
        if expected == 1 {
            counters.note(event.ticket)
            if counters.count >= TicketCounters.held {
                try counters.raise(db)
                counters = TicketCounters()
            }
        }
        do {
            state = try TicketState.apply(event, to: state)
        } catch {
            throw refuse(number, "event \(event.sequence) of ticket \(event.ticket) does not fold: \(error.message)")
        }
        EventRow.bindEventColumns(event, &pending)
        bindRest(&pending)
        pendingEvents += 1
        if pendingEvents == Self.batch { try insertPending() }
        if let state { current = (event.ticket, state) }
        count += 1
        if states.count + 1 > heldTickets { try writeRows() }
    }

    /// The ticket `id` from the row written for it, if any.
    private func written(_ id: String) throws -> TicketState? {
        let statement = try db.cachedStatement(sql: "SELECT snapshot FROM tickets WHERE id = ?")
        return try String.fetchOne(statement, arguments: [id]).map { try JSON.ticket($0) }
    }

    /// Inserts the events read but not inserted yet.
    private mutating func insertPending() throws {
        if pendingEvents == Self.batch {
            try insertEvents.run(db, &pending)
        } else if pendingEvents > 0 {
            try db.makeStatement(sql: EventRow.insertSQL(rows: pendingEvents)).run(db, &pending)
        }
        pendingEvents = 0
    }

    /// Writes the rows of the tickets held and lets them go.
    private mutating func writeRows() throws {
        if let current { states[current.id] = current.state }
        current = nil
        let held = states.sorted { $0.key < $1.key }.map(\.value)
        states.removeAll(keepingCapacity: true)
        try ProjectionRows.write(held) { (chunk) throws(any Error) in
            for (ticket, timers) in chunk {
                ticket.bind(&binder)
                try (wroteRows ? replaceTicket : insertTicket).run(db, &binder)
                if wroteRows {
                    try db.cachedStatement(sql: "DELETE FROM timers WHERE ticket = ?").execute(arguments: [ticket.id])
                }
                for timer in timers {
                    timer.bind(&binder)
                    try insertTimer.run(db, &binder)
                }
            }
        }
        wroteRows = true
    }

    /// Inserts the events still pending, writes the rows of the tickets still held and raises the
    /// counters to the imported tickets' numbers, so that `ticket open` goes on after them.
    mutating func finish() throws {
        try insertPending()
        if !states.isEmpty || current != nil { try writeRows() }
        for (_, sql) in deferredIndexes { try db.execute(sql: sql) }
        try counters.raise(db)
    }
}
