// Messages of the diagnostics about the ticket store (LAP7xx). They are located at the store file
// (or, for imports, at the line of the imported file); the database's own words go in a note.

extension Diagnostic {
    /// A store path whose file is not an SQLite database, or a database Lapor did not create.
    public static func storeNotADatabase(_ path: String, detail: String) -> Diagnostic {
        Diagnostic(
            .error, .storeNotADatabase, "'\(path)' is not a Lapor store", at: .file(path),
            notes: [Note(detail), Note("the file was not changed")])
    }

    /// A store whose schema has migrations this build does not know.
    public static func storeNewerSchema(_ path: String, unknown: [String]) -> Diagnostic {
        Diagnostic(
            .error, .storeNewerSchema, "store '\(path)' has a newer schema than this lapor understands",
            at: .file(path),
            notes: [
                Note("unknown schema steps: \(unknown.joined(separator: ", "))"),
                Note("use the lapor that wrote it; the file was not changed"),
            ])
    }

    /// A store that cannot be written (read-only file or directory).
    public static func storeReadOnly(_ path: String, detail: String) -> Diagnostic {
        Diagnostic(
            .error, .storeReadOnly, "store '\(path)' cannot be written", at: .file(path),
            notes: [Note(detail), Note("nothing was written")])
    }

    /// A store locked by another process for longer than the busy timeout.
    public static func storeBusy(_ path: String, seconds: Double) -> Diagnostic {
        Diagnostic(
            .error, .storeBusy,
            "store '\(path)' stayed locked by another process for more than \(seconds.formatted()) s",
            at: .file(path), notes: [Note("nothing was written; retry the command (with the same --command-id)")])
    }

    /// Any other error the database reports.
    public static func storeFailure(_ path: String, detail: String) -> Diagnostic {
        Diagnostic(
            .error, .storeFailure, "the store '\(path)' failed: \(detail)", at: .file(path),
            notes: [Note("the transaction was rolled back; nothing was written")])
    }

    /// A store file that does not exist, for a command that only reads.
    public static func storeMissing(_ path: String) -> Diagnostic {
        Diagnostic(
            .error, .storeMissing, "no store at '\(path)'", at: .file(path),
            notes: [Note("open a ticket to create it, or give --store / LAPOR_STORE")])
    }

    /// A command id already recorded for a different command.
    public static func commandIDReused(_ id: String, store path: String, recorded: String, given: String)
        -> Diagnostic
    {
        Diagnostic(
            .error, .commandIDReused, "command id '\(id)' was used for a different command", at: .file(path),
            notes: [Note("recorded: \(recorded)"), Note("given: \(given)")])
    }

    /// A projection row that differs from the replay of the ticket's events.
    public static func projectionMismatch(_ ticket: String, table: String, store path: String, detail: String)
        -> Diagnostic
    {
        Diagnostic(
            .error, .projectionMismatch, "\(table) row of ticket '\(ticket)' differs from its events: \(detail)",
            at: .file(path), notes: [Note("`lapor store rebuild` recomputes the projections from the events")])
    }

    /// A line of an import that is not a journal event, or that does not continue its ticket.
    public static func invalidImport(_ file: String, line: Int, _ problem: String) -> Diagnostic {
        Diagnostic(
            .error, .invalidImport, "line \(line) is not a journal event: \(problem)",
            at: SourceLocation(file: file, line: line, column: 1), notes: [Note("nothing was imported")])
    }

    /// An import into a store that already has events.
    public static func importIntoNonEmptyStore(_ path: String, events: Int) -> Diagnostic {
        Diagnostic(
            .error, .importIntoNonEmptyStore, "store '\(path)' already holds \(events) events", at: .file(path),
            notes: [Note("import into a new store file; nothing was imported")])
    }

    /// No workflow, or several, in effect on the date of an `open`.
    public static func noWorkflowInEffect(date: String, inEffect: [String], known: [String]) -> Diagnostic {
        let message =
            inEffect.isEmpty
            ? "no workflow is in effect on \(date)"
            : "several workflows are in effect on \(date): \(inEffect.joined(separator: ", "))"
        return Diagnostic(
            .error, .noWorkflowInEffect, message, at: .file("command line"),
            notes: [Note("choose one with --workflow (known: \(known.joined(separator: ", ")))")])
    }

    /// Timers asked to run up to an instant after the current time.
    public static func timersInFuture(until: String, now: String) -> Diagnostic {
        Diagnostic(
            .error, .timersInFuture, "cannot run timers until \(until): it is only \(now)",
            at: .file("command line"), notes: [Note("timers fire when they are due; give an earlier --until")])
    }

    /// An outbox message id that does not exist.
    public static func unknownOutboxMessage(_ id: Int64, store path: String) -> Diagnostic {
        Diagnostic(.error, .unknownOutboxMessage, "no outbox message \(id)", at: .file(path))
    }

    /// A ticket counter below the number of a ticket in the journal: the next `ticket open` under
    /// its prefix would give an id that is taken.
    public static func counterBehind(_ prefix: String, counter: Int64, taken id: String, store path: String)
        -> Diagnostic
    {
        Diagnostic(
            .error, .counterBehind,
            "ticket counter '\(prefix)' is at \(counter), below ticket '\(id)' of the journal",
            at: .file(path),
            notes: [
                Note("`lapor ticket open` would number a ticket that exists"),
                Note("`lapor store rebuild` raises the counters to the journal's tickets"),
            ])
    }
}
