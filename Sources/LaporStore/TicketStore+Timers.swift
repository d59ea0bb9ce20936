import Foundation
import GRDB
import Lapor

/// What `fireTimers` did.
public struct TimerRun: Sendable {
    /// Marks fired (reminders, breaches, escalation steps), ticket by ticket in due order.
    public var fired: [TicketTimer]
    /// Events appended (reminders, breaches, escalations and what they caused).
    public var events: Int
    /// Timers skipped because another runner fired them first.
    public var skipped: Int
}

extension TicketStore {
    /// Fires every timer due by `until`, earliest first, each exactly once.
    ///
    /// Timers are fired in batches of `batchSize`, one transaction per batch. Each firing re-reads its
    /// ticket inside the transaction, so two runners on the same store never fire a timer twice (the
    /// second finds it gone and skips it), and a runner killed midway leaves every committed batch
    /// journaled and every other timer pending. `until` must not be after `now`.
    @discardableResult
    public func fireTimers(until: Instant, definitions: DefinitionSet, now: Instant, batchSize: Int = 200)
        throws(Diagnostic) -> TimerRun
    {
        guard until <= now else {
            let offset = definitions.all.first?.calendar.offset ?? .utc
            throw .timersInFuture(until: until.formatted(at: offset), now: now.formatted(at: offset))
        }
        var run = TimerRun(fired: [], events: 0, skipped: 0)
        while true {
            let batch: (fired: [TicketTimer], events: Int, skipped: Int, more: Bool) = try write { db in
                let rows = try TimerRow.fetchAll(
                    db, sql: "SELECT * FROM timers WHERE due <= ? ORDER BY due, ticket, sla LIMIT ?",
                    arguments: [until.secondsSinceEpoch, batchSize])
                var fired: [TicketTimer] = []
                var events = 0
                var skipped = 0
                var done: Set<String> = []
                for row in rows {
                    // Firing one timer of a ticket fires all its marks due by `until`.
                    guard done.insert(row.ticket).inserted else { continue }
                    guard let timer = row.timer, let before = try Self.load(row.ticket, db) else {
                        skipped += 1
                        continue
                    }
                    // Another runner may have fired it since the row was read.
                    guard Engine.pendingTimers(before).contains(timer) else {
                        skipped += 1
                        continue
                    }
                    let definition = try Self.definition(for: before, in: definitions)
                    var state: TicketState? = before
                    let new = try Self.run(definition, &state, .timer(timer), now: max(until, before.updatedAt))
                    guard let after = state, !new.isEmpty else { continue }
                    _ = try Self.journal(
                        new, definition: definition, before: before, after: after, commandID: nil,
                        recordedAt: now.description, db)
                    fired += new.compactMap(Self.firedTimer)
                    events += new.count
                }
                return (fired, events, skipped, rows.count == batchSize)
            }
            run.fired += batch.fired
            run.events += batch.events
            run.skipped += batch.skipped
            if !batch.more { return run }
        }
    }

    /// The timer an event of a fired mark stands for.
    static func firedTimer(_ event: Event) -> TicketTimer? {
        switch event.payload {
        case .reminded(let reminded):
            TicketTimer(ticket: event.ticket, sla: reminded.sla, kind: .reminder, index: reminded.index, due: event.at)
        case .breached(let breached):
            TicketTimer(ticket: event.ticket, sla: breached.sla, kind: .breach, index: 0, due: event.at)
        case .escalated(let escalated):
            TicketTimer(
                ticket: event.ticket, sla: escalated.sla, kind: .escalation, index: escalated.step, due: event.at)
        default: nil
        }
    }
}
