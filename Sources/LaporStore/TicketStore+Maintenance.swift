import Foundation
import GRDB
import Lapor

/// What `verify` found.
public struct VerifyReport: Sendable {
    /// Tickets replayed.
    public var tickets: Int
    /// Events read.
    public var events: Int
    /// Every difference between the projections and the replay, and every journal inconsistency.
    public var problems: [Diagnostic]
}

extension TicketStore {
    /// Replays every ticket's events, one ticket at a time, and compares the result with the
    /// `tickets` and `timers` rows; checks that no ticket counter is below a number the journal uses
    /// (`LAP714`). Reads the journal through a cursor: memory does not grow with it.
    public func verify(maxProblems: Int = 100) throws(Diagnostic) -> VerifyReport {
        let path = path
        return try read { db in
            var report = VerifyReport(tickets: 0, events: 0, problems: [])
            func problem(_ diagnostic: Diagnostic) {
                if report.problems.count < maxProblems { report.problems.append(diagnostic) }
            }
            var seen = 0
            try Self.foldTickets(db) { state in
                seen += 1
                report.events += state.eventCount
                let expected = TicketRow(state)
                guard let stored = try TicketRow.fetchOne(db, key: state.id) else {
                    problem(.projectionMismatch(state.id, table: "tickets", store: path, detail: "the row is missing"))
                    return
                }
                if stored != expected {
                    problem(
                        .projectionMismatch(
                            state.id, table: "tickets", store: path, detail: Self.difference(stored, expected)))
                }
                let timers = try TimerRow.fetchAll(
                    db, sql: "SELECT * FROM timers WHERE ticket = ? ORDER BY sla", arguments: [state.id])
                let expectedTimers = TimerRow.rows(state).sorted { $0.sla < $1.sla }
                if timers != expectedTimers {
                    problem(
                        .projectionMismatch(
                            state.id, table: "timers", store: path,
                            detail: "\(timers.count) rows, the events give \(expectedTimers.count)"))
                }
            } onCorrupt: { diagnostic in
                problem(diagnostic)
            }
            report.tickets = seen
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets") ?? 0
            if rows != seen {
                problem(
                    .projectionMismatch(
                        "*", table: "tickets", store: path, detail: "\(rows) rows for \(seen) tickets with events"))
            }
            let orphans =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM timers WHERE ticket NOT IN (SELECT id FROM tickets)") ?? 0
            if orphans > 0 {
                problem(
                    .projectionMismatch("*", table: "timers", store: path, detail: "\(orphans) rows without a ticket"))
            }
            try TicketCounters.journal(db) { counters in
                for (prefix, counter, id) in try counters.behind(db) {
                    problem(.counterBehind(prefix, counter: counter, taken: id, store: path))
                }
            }
            return report
        }
    }

    /// Empties the projections and recomputes them from the events, and raises every ticket counter
    /// below a number the journal uses to that number, in one transaction.
    @discardableResult
    public func rebuild() throws(Diagnostic) -> Int {
        try write { db in try Self.reproject(db) }
    }

    /// Empties the projections and refills them from the events; a corrupt journal rolls back.
    static func reproject(_ db: Database) throws -> Int {
        for table in Schema.projections { try db.execute(sql: "DELETE FROM \(table)") }
        var tickets = 0
        try foldTickets(db) { state in
            tickets += 1
            try TicketRow(state).append(db)
            for timer in TimerRow.rows(state) { try timer.append(db) }
        } onCorrupt: { diagnostic in
            throw Refused(diagnostic: diagnostic)
        }
        try TicketCounters.journal(db) { try $0.raise(db) }
        return tickets
    }

    /// Folds the journal ticket by ticket (in id order), calling `body` with each ticket's final state.
    ///
    /// With `until`, only events before that instant are folded (the journal as it stood then);
    /// `onEvent` sees each event with the ticket's state just after it.
    static func foldTickets(
        _ db: Database, until: Instant? = nil, onEvent: (Event, TicketState) throws -> Void = { _, _ in },
        _ body: (TicketState) throws -> Void, onCorrupt: (Diagnostic) throws -> Void
    ) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT ticket, json FROM events WHERE at < ? ORDER BY ticket, sequence",
            arguments: [until?.secondsSinceEpoch ?? Int64.max])
        var current: TicketState?
        var broken: String?
        while let row = try rows.next() {
            let ticket: String = row[0]
            if let state = current, state.id != ticket {
                try body(state)
                current = nil
            }
            if broken == ticket { continue }
            broken = nil
            do {
                let event = try JSON.event(row[1])
                let state = try TicketState.apply(event, to: current)
                current = state
                try onEvent(event, state)
            } catch let diagnostic as Diagnostic {
                broken = ticket
                current = nil
                try onCorrupt(diagnostic)
            } catch let refused as Refused {
                throw refused
            } catch {
                broken = ticket
                current = nil
                try onCorrupt(.corruptJournal(ticket: ticket, sequence: 0, "an event does not decode: \(error)"))
            }
        }
        if let state = current { try body(state) }
    }

    /// The columns in which two ticket rows differ.
    static func difference(_ stored: TicketRow, _ expected: TicketRow) -> String {
        let mirrorA = Mirror(reflecting: stored).children
        let mirrorB = Mirror(reflecting: expected).children
        let columns = zip(mirrorA, mirrorB).compactMap { a, b in
            "\(a.value)" == "\(b.value)" ? nil : "\(a.label ?? "?") is \(a.value), the events give \(b.value)"
        }
        return columns.joined(separator: "; ")
    }
}
