import GRDB

/// The store's tables, created and upgraded by GRDB's `DatabaseMigrator`.
///
/// - `events`: the append-only journal, one row per event; `json` is the event's canonical JSON
///   (`Event.encoder`), the other columns index it. `position` orders the whole journal.
/// - `definitions`: every definition a ticket was pinned to (hash → normalised JSON).
/// - `commands`: command ids already applied (idempotency), with the request they carried.
/// - `tickets`, `timers`: projections of the events, rebuilt by `lapor store rebuild`; a ticket row
///   keeps a snapshot of the ticket's state, used when its version is the journal's last sequence.
/// - `outbox`: notifications written with the event that caused them, acknowledged by integrators.
/// - `counters`: the last ticket number given per id prefix (see `TicketCounters`).
enum Schema {
    /// The migrator of the current schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE definitions (
                        hash TEXT PRIMARY KEY NOT NULL,
                        workflow TEXT NOT NULL,
                        version TEXT NOT NULL,
                        normalized TEXT NOT NULL,
                        recorded_at TEXT NOT NULL
                    );
                    CREATE TABLE events (
                        position INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        definition TEXT NOT NULL REFERENCES definitions(hash),
                        actor_role TEXT,
                        actor_id TEXT,
                        command_id TEXT,
                        recorded_at TEXT NOT NULL,
                        json TEXT NOT NULL,
                        UNIQUE (ticket, sequence)
                    );
                    CREATE TABLE commands (
                        id TEXT PRIMARY KEY NOT NULL,
                        request TEXT NOT NULL,
                        ticket TEXT NOT NULL,
                        first_position INTEGER,
                        last_position INTEGER,
                        recorded_at TEXT NOT NULL
                    );
                    CREATE TABLE tickets (
                        id TEXT PRIMARY KEY NOT NULL,
                        definition TEXT NOT NULL,
                        workflow TEXT NOT NULL,
                        workflow_version TEXT NOT NULL,
                        state TEXT NOT NULL,
                        is_closed INTEGER NOT NULL,
                        unit TEXT,
                        disposition TEXT,
                        category TEXT NOT NULL,
                        labels TEXT NOT NULL,
                        channel TEXT,
                        region TEXT,
                        reporter TEXT,
                        opened_at INTEGER NOT NULL,
                        closed_at INTEGER,
                        updated_at INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        breached INTEGER NOT NULL,
                        next_due INTEGER,
                        report_texts TEXT NOT NULL,
                        snapshot TEXT NOT NULL
                    );
                    CREATE INDEX tickets_state ON tickets(state, id);
                    CREATE INDEX tickets_unit ON tickets(unit, id);
                    CREATE INDEX tickets_breached ON tickets(breached, id);
                    CREATE INDEX tickets_next_due ON tickets(next_due);
                    CREATE INDEX tickets_opened ON tickets(opened_at);
                    CREATE TABLE timers (
                        ticket TEXT NOT NULL,
                        sla TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        step INTEGER NOT NULL,
                        due INTEGER NOT NULL,
                        PRIMARY KEY (ticket, sla)
                    );
                    CREATE INDEX timers_due ON timers(due, ticket, sla);
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_position INTEGER NOT NULL REFERENCES events(position),
                        ticket TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        recipient TEXT NOT NULL,
                        unit TEXT,
                        channel TEXT NOT NULL,
                        text TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        acked_at TEXT
                    );
                    CREATE INDEX outbox_pending ON outbox(acked_at, id);
                    CREATE TABLE counters (
                        prefix TEXT PRIMARY KEY NOT NULL,
                        next INTEGER NOT NULL
                    );
                    """)
        }
        return migrator
    }

    /// The projection tables, which `rebuild` empties and refills from the events.
    static let projections = ["tickets", "timers"]
}
