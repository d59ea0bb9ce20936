import Foundation
import GRDB
import Lapor

/// A filter for `TicketStore.list`; every given condition must hold.
public struct TicketFilter: Hashable, Sendable {
    /// Current state.
    public var state: String?
    /// Unit in charge.
    public var unit: String?
    /// Only tickets that breached an SLA (`true`) or that never did (`false`).
    public var breached: Bool?
    /// Only tickets with a pending timer due before this instant.
    public var dueBefore: Instant?
    /// Only open (`true`) or closed (`false`) tickets.
    public var open: Bool?
    /// At most this many tickets, in id order.
    public var limit: Int

    /// Creates a filter.
    public init(
        state: String? = nil, unit: String? = nil, breached: Bool? = nil, dueBefore: Instant? = nil,
        open: Bool? = nil, limit: Int = 100
    ) {
        self.state = state
        self.unit = unit
        self.breached = breached
        self.dueBefore = dueBefore
        self.open = open
        self.limit = limit
    }
}

/// A line of `ticket list`.
public struct TicketSummary: Hashable, Sendable {
    /// Ticket id.
    public var id: String
    /// Workflow name.
    public var workflow: String
    /// Current state.
    public var state: String
    /// Whether the state is terminal.
    public var isClosed: Bool
    /// Unit in charge.
    public var unit: String?
    /// Category.
    public var category: String
    /// Labels.
    public var labels: [String]
    /// Reporter reference (personal data).
    public var reporter: String?
    /// When it was opened.
    public var openedAt: Instant
    /// Whether an SLA was breached.
    public var breached: Bool
    /// The earliest pending timer, if any.
    public var nextDue: Instant?
}

extension TicketStore {
    /// The ticket `id` with its journal, folded from the events.
    public func ticket(_ id: String) throws(Diagnostic) -> (state: TicketState, events: [StoredEvent]) {
        let found: (TicketState, [StoredEvent])? = try read { db in
            let rows = try EventRow.fetchAll(
                db, sql: "SELECT * FROM events WHERE ticket = ? ORDER BY sequence", arguments: [id])
            guard !rows.isEmpty else { return nil }
            let events = try rows.map { try $0.stored() }
            do {
                guard let state = try TicketState.replay(events.map(\.event)) else { return nil }
                return (state, events)
            } catch let diagnostic as Diagnostic {
                throw Refused(diagnostic: diagnostic)
            }
        }
        guard let found else { throw .unknownTicket(id) }
        return found
    }

    /// Tickets matching `filter`, by id; answered from the `tickets` projection and its indexes.
    public func list(_ filter: TicketFilter) throws(Diagnostic) -> [TicketSummary] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let state = filter.state {
            conditions.append("state = ?")
            arguments += [state]
        }
        if let unit = filter.unit {
            conditions.append("unit = ?")
            arguments += [unit]
        }
        if let breached = filter.breached {
            conditions.append("breached = ?")
            arguments += [breached]
        }
        if let due = filter.dueBefore {
            conditions.append("next_due < ?")
            arguments += [due.secondsSinceEpoch]
        }
        if let open = filter.open {
            conditions.append("is_closed = ?")
            arguments += [!open]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [filter.limit]
        let sql = "SELECT * FROM tickets \(whereClause) ORDER BY id LIMIT ?"
        return try read { db in
            try TicketRow.fetchAll(db, sql: sql, arguments: arguments).map { row in
                TicketSummary(
                    id: row.id, workflow: row.workflow, state: row.state, isClosed: row.isClosed, unit: row.unit,
                    category: row.category, labels: (try? JSON.decode([String].self, row.labels)) ?? [],
                    reporter: row.reporter, openedAt: Instant(secondsSinceEpoch: row.openedAt),
                    breached: row.breached, nextDue: row.nextDue.map(Instant.init(secondsSinceEpoch:)))
            }
        }
    }

    /// Counts of events, tickets, pending timers and unacknowledged outbox messages.
    public func counts() throws(Diagnostic) -> (events: Int, tickets: Int, timers: Int, outbox: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM timers") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE acked_at IS NULL") ?? 0
            )
        }
    }
}
