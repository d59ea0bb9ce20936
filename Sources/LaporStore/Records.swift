import Foundation
import GRDB
import Lapor

/// One row of `events`: an event as journaled, with where it sits in the whole journal.
public struct StoredEvent: Hashable, Sendable {
    /// Position in the journal (1-based, ascending in commit order).
    public var position: Int64
    /// The event.
    public var event: Event
    /// Content hash of the definition the ticket ran under when the event was appended.
    public var definition: String
    /// The command id that produced it, if one was given.
    public var commandID: String?
    /// The command's `now` (ISO 8601), when it was appended.
    public var recordedAt: String
}

/// A row of the `events` table.
struct EventRow: Codable, StoreRecord {
    static let databaseTableName = "events"
    var position: Int64?
    var ticket: String
    var sequence: Int
    var type: String
    var at: Int64
    var definition: String
    var actorRole: String?
    var actorId: String?
    var commandId: String?
    var recordedAt: String
    var json: String

    /// The row of `event`; `json` is its canonical JSON when already at hand.
    init(_ event: Event, json: String? = nil, definition: String, commandID: String?, recordedAt: String) {
        position = nil
        ticket = event.ticket
        sequence = event.sequence
        type = event.type
        at = event.at.secondsSinceEpoch
        self.definition = definition
        actorRole = event.actor?.role
        actorId = event.actor?.id
        commandId = commandID
        self.recordedAt = recordedAt
        self.json = json ?? event.canonicalJSON
    }

    /// `INSERT` of `rows` rows (`bind(_:)` binds each one's values in order).
    static func insertSQL(rows: Int) -> String {
        """
        INSERT INTO events (ticket, sequence, type, at, actor_role, actor_id, definition, command_id, recorded_at, \
        json) VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        """
    }

    /// `INSERT` of one row.
    static let insertOne = insertSQL(rows: 1)

    /// Inserts the row with a cached statement; returns its position.
    func append(_ db: Database) throws -> Int64 {
        try db.cachedStatement(sql: Self.insertOne).run(db) { bind(&$0) }
        return db.lastInsertedRowID
    }

    /// Binds the values of the row's columns but `position`, in the order of `insertSQL(rows:)`.
    func bind(_ row: inout DirectBinder) {
        row.bind(ticket)
        row.bind(sequence)
        row.bind(type)
        row.bind(at)
        row.bind(actorRole)
        row.bind(actorId)
        row.bind(definition)
        row.bind(commandId)
        row.bind(recordedAt)
        row.bind(json)
    }

    /// Binds the columns whose values `event` holds, the first six of `insertSQL(rows:)`; the
    /// definition, command id, `recorded_at` and JSON follow.
    static func bindEventColumns(_ event: Event, _ row: inout DirectBinder) {
        row.bind(event.ticket)
        row.bind(event.sequence)
        row.bind(event.type)
        row.bind(event.at.secondsSinceEpoch)
        row.bind(event.actor?.role)
        row.bind(event.actor?.id)
    }

    func stored() throws -> StoredEvent {
        StoredEvent(
            position: position ?? 0, event: try JSON.event(json), definition: definition,
            commandID: commandId, recordedAt: recordedAt)
    }
}

/// A row of the `tickets` projection: what `ticket list` filters on, computed from a ticket's state.
struct TicketRow: Codable, StoreRecord, Equatable {
    static let databaseTableName = "tickets"
    var id: String
    var definition: String
    var workflow: String
    var workflowVersion: String
    var state: String
    var isClosed: Bool
    var unit: String?
    var disposition: String?
    var category: String
    var labels: String
    var channel: String?
    var region: String?
    var reporter: String?
    var openedAt: Int64
    var closedAt: Int64?
    var updatedAt: Int64
    var version: Int
    var breached: Bool
    var nextDue: Int64?
    var reportTexts: String
    /// The ticket's fold as JSON (clocks included), at `version` events.
    var snapshot: String

    init(_ state: TicketState) {
        id = state.id
        definition = state.definition
        workflow = state.workflow
        workflowVersion = state.version
        self.state = state.state
        isClosed = state.isClosed
        unit = state.unit
        disposition = state.disposition
        category = state.category
        labels = JSON.strings(state.labels)
        channel = state.channel
        region = state.region
        reporter = state.reporter
        openedAt = state.openedAt.secondsSinceEpoch
        closedAt = state.closedAt?.secondsSinceEpoch
        updatedAt = state.updatedAt.secondsSinceEpoch
        version = state.eventCount
        breached = state.clocks.contains { $0.breachedAt != nil }
        nextDue = Engine.pendingTimers(state).first?.due.secondsSinceEpoch
        reportTexts = JSON.strings(state.reportTexts)
        snapshot = state.canonicalJSON
    }

    /// `INSERT` of one row; `bind(_:)` binds its values.
    static let insertSQL = insertSQL(replacing: false)
    /// `INSERT OR REPLACE` of one row (replacing the row of the same id).
    static let replaceSQL = insertSQL(replacing: true)

    private static func insertSQL(replacing: Bool) -> String {
        """
        INSERT \(replacing ? "OR REPLACE " : "")INTO tickets (id, definition, workflow, workflow_version, state, \
        is_closed, unit, disposition, category, labels, channel, region, reporter, opened_at, closed_at, updated_at, \
        version, breached, next_due, report_texts, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \
        ?, ?, ?, ?, ?)
        """
    }

    /// Inserts the row with a cached statement (replacing a row of the same id if `replacing`).
    func append(_ db: Database, replacing: Bool = false) throws {
        try db.cachedStatement(sql: replacing ? Self.replaceSQL : Self.insertSQL).run(db) { bind(&$0) }
    }

    /// Binds the values of every column, in table order.
    func bind(_ row: inout DirectBinder) {
        row.bind(id)
        bindColumns(&row)
    }

    /// Binds every column but `id`, in table order.
    private func bindColumns(_ row: inout DirectBinder) {
        row.bind(definition)
        row.bind(workflow)
        row.bind(workflowVersion)
        row.bind(state)
        row.bind(isClosed)
        row.bind(unit)
        row.bind(disposition)
        row.bind(category)
        row.bind(labels)
        row.bind(channel)
        row.bind(region)
        row.bind(reporter)
        row.bind(openedAt)
        row.bind(closedAt)
        row.bind(updatedAt)
        row.bind(version)
        row.bind(breached)
        row.bind(nextDue)
        row.bind(reportTexts)
        row.bind(snapshot)
    }
}

/// The indexed columns of a ticket's row that a command can change.
struct IndexedColumns: Equatable {
    var state: String
    var unit: String?
    var breached: Bool
    var nextDue: Int64?

    /// The columns of `state`'s row, without writing its snapshot.
    init(_ state: TicketState) {
        self.state = state.state
        unit = state.unit
        breached = state.clocks.contains { $0.breachedAt != nil }
        nextDue = Engine.pendingTimers(state).first?.due.secondsSinceEpoch
    }
}

extension TicketRow {
    /// Updates the row of the ticket from version `version`, whose indexed columns were `before`, to
    /// this one with a cached statement; `false` if the row is not at that version (or is missing).
    ///
    /// An indexed column is set only when its value changes: SQLite rewrites an index entry for every
    /// column assigned, and each index page so touched is one more page in the commit.
    func update(from version: Int, before: IndexedColumns, _ db: Database) throws -> Bool {
        let state = before.state != self.state
        let unit = before.unit != self.unit
        let breached = before.breached != self.breached
        let nextDue = before.nextDue != self.nextDue
        var sql = """
            UPDATE tickets SET definition = ?, workflow = ?, workflow_version = ?, is_closed = ?, disposition = ?,
                category = ?, labels = ?, channel = ?, region = ?, reporter = ?, closed_at = ?, updated_at = ?,
                version = ?, report_texts = ?, snapshot = ?
            """
        if state { sql += ", state = ?" }
        if unit { sql += ", unit = ?" }
        if breached { sql += ", breached = ?" }
        if nextDue { sql += ", next_due = ?" }
        sql += " WHERE id = ? AND version = ?"
        try db.cachedStatement(sql: sql).run(db) { row in
            row.bind(definition)
            row.bind(workflow)
            row.bind(workflowVersion)
            row.bind(isClosed)
            row.bind(disposition)
            row.bind(category)
            row.bind(labels)
            row.bind(channel)
            row.bind(region)
            row.bind(reporter)
            row.bind(closedAt)
            row.bind(updatedAt)
            row.bind(self.version)
            row.bind(reportTexts)
            row.bind(snapshot)
            if state { row.bind(self.state) }
            if unit { row.bind(self.unit) }
            if breached { row.bind(self.breached) }
            if nextDue { row.bind(self.nextDue) }
            row.bind(id)
            row.bind(version)
        }
        return db.changesCount == 1
    }
}

/// A row of the `timers` projection: the next mark of each running clock.
struct TimerRow: Codable, StoreRecord, Equatable, Comparable {
    static let databaseTableName = "timers"
    var ticket: String
    var sla: String
    var kind: String
    var step: Int
    var due: Int64

    init(_ timer: TicketTimer) {
        ticket = timer.ticket
        sla = timer.sla
        kind = timer.kind.rawValue
        step = timer.index
        due = timer.due.secondsSinceEpoch
    }

    var timer: TicketTimer? {
        ClockMark.Kind(rawValue: kind).map {
            TicketTimer(ticket: ticket, sla: sla, kind: $0, index: step, due: Instant(secondsSinceEpoch: due))
        }
    }

    static func < (lhs: TimerRow, rhs: TimerRow) -> Bool {
        (lhs.due, lhs.ticket, lhs.sla) < (rhs.due, rhs.ticket, rhs.sla)
    }

    /// `INSERT` of one row; `bind(_:)` binds its values.
    static let insertSQL = "INSERT INTO timers (ticket, sla, kind, step, due) VALUES (?, ?, ?, ?, ?)"

    /// Inserts the row with a cached statement.
    func append(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).run(db) { bind(&$0) }
    }

    /// Binds the values of every column, in table order.
    func bind(_ row: inout DirectBinder) {
        row.bind(ticket)
        row.bind(sla)
        row.bind(kind)
        row.bind(step)
        row.bind(due)
    }

    /// The rows of every pending timer of `state`.
    static func rows(_ state: TicketState) -> [TimerRow] { Engine.pendingTimers(state).map(TimerRow.init) }
}

/// A row of `definitions`.
struct DefinitionRow: Codable, StoreRecord {
    static let databaseTableName = "definitions"
    var hash: String
    var workflow: String
    var version: String
    var normalized: String
    var recordedAt: String
}

/// A row of `commands`: an applied command id and the request it carried.
struct CommandRow: Codable, StoreRecord {
    static let databaseTableName = "commands"
    var id: String
    var request: String
    var ticket: String
    var firstPosition: Int64?
    var lastPosition: Int64?
    var recordedAt: String
}

/// A GRDB record whose Swift properties are the camel-case form of its snake-case columns.
protocol StoreRecord: FetchableRecord, PersistableRecord {}

extension StoreRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// JSON with the journal's stable settings (sorted keys).
enum JSON {
    /// One encoder and one decoder for the process (both are thread-safe).
    private static let encoder = Event.encoder
    private static let decoder = JSONDecoder()

    static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    /// An event from its JSON: read directly when laid out canonically (as the store writes it),
    /// else through `JSONDecoder`, which also explains what is wrong.
    static func event(_ text: String) throws -> Event {
        if let event = Event(canonicalJSON: text) { return event }
        return try decode(Event.self, text)
    }

    /// A ticket from its JSON, like `event(_:)`.
    static func ticket(_ text: String) throws -> TicketState {
        if let state = TicketState(canonicalJSON: text) { return state }
        return try decode(TicketState.self, text)
    }

    /// An array of strings as `string(_:)` writes it.
    static func strings(_ values: [String]) -> String {
        var writer = CanonicalJSONWriter(capacity: 64)
        writer.strings(values)
        return writer.text
    }

    /// A string (or `null`) as `string(_:)` writes it.
    static func quoted(_ value: String?) -> String {
        var writer = CanonicalJSONWriter(capacity: (value?.utf8.count ?? 0) + 8)
        writer.string(value)
        return writer.text
    }
}
