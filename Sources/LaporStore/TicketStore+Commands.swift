import Foundation
import GRDB
import Lapor

/// What a reporter gives when a ticket is opened through the store.
public struct OpenRequest: Hashable, Sendable {
    /// Complaint category.
    public var category: String
    /// Labels (multi-label).
    public var labels: [String]
    /// Intake channel.
    public var channel: String?
    /// Reporter's region (province code).
    public var region: String?
    /// Reference to the reporter (personal data).
    public var reporter: String?
    /// The report's text, journaled as the reporter's first note.
    public var text: String?
    /// The workflow to open it under; `nil` for the one in effect at `now`.
    public var workflow: String?
    /// Who opens it.
    public var actor: Actor

    /// Creates a request.
    public init(
        category: String, labels: [String] = [], channel: String? = nil, region: String? = nil,
        reporter: String? = nil, text: String? = nil, workflow: String? = nil, actor: Actor = Actor(role: "pelapor")
    ) {
        self.category = category
        self.labels = labels
        self.channel = channel
        self.region = region
        self.reporter = reporter
        self.text = text
        self.workflow = workflow
        self.actor = actor
    }

    /// The request as recorded with its command id (personal data reduced to its length).
    var fingerprint: String {
        var parts = ["open", "category=\(category)", "labels=\(labels.joined(separator: ","))"]
        if let channel { parts.append("channel=\(channel)") }
        if let region { parts.append("region=\(region)") }
        if let reporter { parts.append("reporter=\(reporter.count) chars") }
        if let text { parts.append("text=\(text.count) chars") }
        if let workflow { parts.append("workflow=\(workflow)") }
        parts.append("as=\(actor.role)")
        return parts.joined(separator: " ")
    }
}

/// What a command did.
public struct CommandOutcome: Sendable {
    /// The ticket after the command.
    public var ticket: TicketState
    /// The events the command appended (or, for a repeated command id, appended the first time).
    public var events: [StoredEvent]
    /// Whether the command id had been applied before, so nothing was written this time.
    public var repeated: Bool
    /// Warnings about the command that did not stop it (e.g. a category the catalog does not know).
    public var warnings: [Diagnostic] = []
}

extension TicketStore {
    /// Opens a ticket: numbers it, routes it and starts its clocks, in one transaction.
    ///
    /// The id is `PREFIX-YEAR-NNNNNN`, the prefix being the initials of the workflow's name
    /// (`LM` for `lapor-menaker`) and the year that of `now` in the calendar's time zone (`TicketID`).
    @discardableResult
    public func open(_ request: OpenRequest, definitions: DefinitionSet, now: Instant, commandID: String? = nil)
        throws(Diagnostic) -> CommandOutcome
    {
        let definition = try definitions.forOpening(request.workflow, at: now)
        let routing = RoutingInput(
            category: request.category, labels: request.labels, channel: request.channel, region: request.region)
        var warnings: [Diagnostic] = []
        if let router = definition.router, case .success(let explanation) = router.explain(routing) {
            warnings = explanation.warnings
        }
        var outcome = try execute(commandID: commandID, request: request.fingerprint, now: now) { db in
            let id = try Self.nextTicketID(definition, now: now, db)
            let facts = OpenTicket(
                id: id, category: request.category, labels: request.labels, channel: request.channel,
                region: request.region, reporter: request.reporter)
            var state: TicketState?
            var events = try Self.run(definition, &state, .open(facts, by: request.actor), now: now)
            if let text = request.text {
                events += try Self.run(definition, &state, .note(text, by: request.actor), now: now)
            }
            return (definition, nil, state, events)
        }
        outcome.warnings = warnings
        return outcome
    }

    /// Runs a command on ticket `id` under the definition it is pinned to.
    @discardableResult
    public func apply(
        _ input: Input, to id: String, definitions: DefinitionSet, now: Instant, commandID: String? = nil
    ) throws(Diagnostic) -> CommandOutcome {
        try execute(commandID: commandID, request: "\(id) \(Self.describe(input))", now: now) { db in
            guard let before = try Self.load(id, db) else { throw Refused(diagnostic: .unknownTicket(id)) }
            let definition = try Self.definition(for: before, in: definitions)
            var state: TicketState? = before
            let events = try Self.run(definition, &state, input, now: now)
            return (definition, before, state, events)
        }
    }

    /// The definition a command on `ticket` runs under: the one it is pinned to.
    static func definition(for ticket: TicketState, in definitions: DefinitionSet) throws -> Definition {
        if let pinned = definitions.pinned(ticket.definition) { return pinned }
        // Not loaded any more: let the engine explain the mismatch against the workflow of that name.
        guard let current = definitions.named(ticket.workflow) ?? definitions.all.first else {
            throw Refused(diagnostic: .unknownTicket(ticket.id))
        }
        return current
    }

    /// `Engine.run`, throwing its diagnostic to roll the transaction back.
    static func run(_ definition: Definition, _ state: inout TicketState?, _ input: Input, now: Instant) throws
        -> [Event]
    {
        switch Engine.run(definition, &state, input, now: now) {
        case .success(let events): return events
        case .failure(let diagnostic): throw Refused(diagnostic: diagnostic)
        }
    }

    /// A command as recorded with its id.
    static func describe(_ input: Input) -> String {
        switch input {
        case .open(let facts, let actor): "open \(facts.category) as \(actor.role)"
        case .transition(let event, let actor, let unit):
            "transition \(event) as \(actor.role)\(unit.map { " to \($0)" } ?? "")"
        case .assign(let unit, let actor): "assign \(unit) as \(actor.role)"
        case .note(let text, let actor): "note (\(text.count) chars) as \(actor.role)"
        case .reporterReply(let text, let actor): "reply (\(text.count) chars) as \(actor.role)"
        case .reopen(let actor): "reopen as \(actor.role)"
        case .migrate(let migration, let actor): "migrate \(migration.name) as \(actor.role)"
        case .timer(let timer): "timer \(timer.description)"
        }
    }

    /// Runs `body` (which reads the ticket and runs the engine) and journals what it produced, in one
    /// transaction; a command id seen before returns the first outcome and writes nothing.
    func execute(
        commandID: String?, request: String, now: Instant,
        _ body: (Database) throws -> (Definition, TicketState?, TicketState?, [Event])
    ) throws(Diagnostic) -> CommandOutcome {
        let recordedAt = now.description
        return try write { db in
            if let commandID, let recorded = try CommandRow.fetchOne(db, key: commandID) {
                guard recorded.request == request else {
                    throw Refused(
                        diagnostic: .commandIDReused(commandID, store: path, recorded: recorded.request, given: request)
                    )
                }
                return try Self.outcome(of: recorded, db)
            }
            let (definition, before, after, events) = try body(db)
            guard let after, let first = events.first else {
                throw Refused(diagnostic: .invalidCommand(before?.id ?? "", "the command produced no events"))
            }
            let positions = try Self.journal(
                events, definition: definition, before: before, after: after, commandID: commandID,
                recordedAt: recordedAt, db)
            if let commandID {
                try CommandRow(
                    id: commandID, request: request, ticket: first.ticket, firstPosition: positions.first,
                    lastPosition: positions.last, recordedAt: recordedAt
                ).insert(db)
            }
            let stored = zip(positions, events).map { position, event in
                StoredEvent(
                    position: position, event: event, definition: definition.hash, commandID: commandID,
                    recordedAt: recordedAt)
            }
            return CommandOutcome(ticket: after, events: stored, repeated: false)
        }
    }

    /// Appends `events` and brings the projections and the outbox up to date; returns the positions.
    static func journal(
        _ events: [Event], definition: Definition, before: TicketState?, after: TicketState, commandID: String?,
        recordedAt: String, _ db: Database
    ) throws -> [Int64] {
        // The definition is written once; the full text is bound only when it is missing.
        let known = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM definitions WHERE hash = ?"), arguments: [definition.hash])
        if known == nil {
            try db.cachedStatement(
                sql: "INSERT INTO definitions (hash, workflow, version, normalized, recorded_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [
                definition.hash, definition.name, definition.version, definition.normalized, recordedAt,
            ])
        }
        var positions: [Int64] = []
        var folded = before
        for event in events {
            let row = EventRow(event, definition: definition.hash, commandID: commandID, recordedAt: recordedAt)
            let position = try row.append(db)
            positions.append(position)
            folded = try TicketState.apply(event, to: folded)
            for message in OutboxMessage.messages(for: event, ticket: folded, calendar: definition.calendar) {
                var message = message
                message.eventPosition = position
                try message.insert(db)
            }
        }
        let row = TicketRow(after)
        let timers = TimerRow.rows(after)
        if let before {
            // Updating the row in place touches only the indexes whose columns changed.
            guard try row.update(from: before.eventCount, before: IndexedColumns(before), db) else {
                throw Refused(
                    diagnostic: .corruptJournal(
                        ticket: before.id, sequence: before.eventCount,
                        "the tickets row is not at version \(before.eventCount); run `lapor store verify`"))
            }
            // The timers rows were written with the row at `before`: rewrite them only if they change.
            guard timers != TimerRow.rows(before) else { return positions }
        } else {
            try row.append(db)
        }
        try db.cachedStatement(sql: "DELETE FROM timers WHERE ticket = ?").execute(arguments: [after.id])
        for timer in timers { try timer.append(db) }
        return positions
    }

    /// The outcome recorded for a command id applied before.
    static func outcome(of command: CommandRow, _ db: Database) throws -> CommandOutcome {
        guard let ticket = try load(command.ticket, db) else {
            throw Refused(diagnostic: .unknownTicket(command.ticket))
        }
        let rows = try EventRow.fetchAll(
            db, sql: "SELECT * FROM events WHERE position BETWEEN ? AND ? ORDER BY position",
            arguments: [command.firstPosition ?? 0, command.lastPosition ?? -1])
        return CommandOutcome(ticket: ticket, events: try rows.map { try $0.stored() }, repeated: true)
    }

    /// The ticket `id`: its snapshot when the snapshot is at the journal's last event, else the fold of
    /// its events; `nil` if it has none.
    static func load(_ id: String, _ db: Database) throws -> TicketState? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT snapshot, version, (SELECT max(sequence) FROM events WHERE ticket = tickets.id)
                FROM tickets WHERE id = ?
                """)
        if let row = try Row.fetchOne(statement, arguments: [id]), let last: Int = row[2], last == row[1],
            let snapshot = try? JSON.ticket(row[0]), snapshot.eventCount == last, snapshot.id == id
        {
            return snapshot
        }
        return try replay(id, db)
    }

    /// The ticket `id` folded from its events, or `nil` if it has none.
    static func replay(_ id: String, _ db: Database) throws -> TicketState? {
        let rows = try String.fetchCursor(
            db.cachedStatement(sql: "SELECT json FROM events WHERE ticket = ? ORDER BY sequence"), arguments: [id])
        var state: TicketState?
        while let json = try rows.next() {
            do {
                state = try TicketState.apply(try JSON.event(json), to: state)
            } catch let diagnostic as Diagnostic {
                throw Refused(diagnostic: diagnostic)
            }
        }
        return state
    }

    /// The next id for a ticket opened under `definition` at `now` (see `TicketCounters`).
    static func nextTicketID(_ definition: Definition, now: Instant, _ db: Database) throws -> String {
        let prefix = TicketID.prefix(definition, at: now)
        let next =
            try Int64.fetchOne(
                db,
                sql: """
                    INSERT INTO counters (prefix, next) VALUES (?, 1)
                    ON CONFLICT(prefix) DO UPDATE SET next = next + 1
                    RETURNING next
                    """, arguments: [prefix]) ?? 1
        return TicketID.make(prefix: prefix, number: next)
    }
}
