import Foundation
import GRDB
import Lapor

/// What applying a migration plan to a store did, or would do.
public struct MigrationRun: Sendable {
    /// One ticket moved (or to be moved).
    public struct Move: Hashable, Sendable {
        /// The ticket.
        public var ticket: String
        /// Its state under the source definition.
        public var from: String
        /// Its state under the target definition.
        public var to: String
        /// Events the move appends (`migrated`, `clock_started`, and any mark already due).
        public var events: [String]
    }

    /// Tickets moved, in id order.
    public var moves: [Move]
    /// Open tickets of the source definition that the plan cannot move; any makes the run write nothing.
    public var refused: [Diagnostic]
    /// Whether nothing was written (a dry run, or a run with refusals).
    public var dryRun: Bool
}

extension TicketStore {
    /// Applies `migration` to every open ticket pinned to its source definition, in one transaction.
    ///
    /// All or nothing: if the plan refuses any ticket (LAP544), no ticket moves and the refusals are
    /// returned. With `dryRun` the moves are computed the same way and nothing is written.
    public func migrate(_ migration: Migration, by actor: Actor, now: Instant, dryRun: Bool) throws(Diagnostic)
        -> MigrationRun
    {
        let body = { (db: Database) throws -> MigrationRun in
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM tickets WHERE definition = ? AND is_closed = 0 ORDER BY id",
                arguments: [migration.source.hash])
            var run = MigrationRun(moves: [], refused: [], dryRun: dryRun)
            var pending: [(before: TicketState, after: TicketState, events: [Event])] = []
            for id in ids {
                guard let before = try Self.load(id, db) else { continue }
                var state: TicketState? = before
                switch Engine.run(migration.source, &state, .migrate(migration, by: actor), now: now) {
                case .failure(let diagnostic):
                    run.refused.append(diagnostic)
                case .success(let events):
                    guard let after = state else { continue }
                    pending.append((before, after, events))
                    run.moves.append(
                        MigrationRun.Move(ticket: id, from: before.state, to: after.state, events: events.map(\.type)))
                }
            }
            guard run.refused.isEmpty, !dryRun else {
                run.dryRun = true
                return run
            }
            for (before, after, events) in pending {
                _ = try Self.journal(
                    events, definition: migration.target, before: before, after: after, commandID: nil,
                    recordedAt: now.description, db)
            }
            return run
        }
        return dryRun ? try read(body) : try write(body)
    }
}
