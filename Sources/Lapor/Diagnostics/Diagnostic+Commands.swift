// Messages of the diagnostics about commands on tickets (LAP53x–54x) and migration plans (LAP6xx).
// Command diagnostics are located at the ticket (`ticket ID`); notes point at the config that decided.

extension SourceLocation {
    /// The location of command diagnostics about ticket `id`.
    public static func ticket(_ id: String) -> SourceLocation { .file("ticket \(id)") }
}

extension Diagnostic {
    // MARK: Commands

    /// A command on a ticket that does not exist.
    public static func unknownTicket(_ id: String) -> Diagnostic {
        Diagnostic(.error, .unknownTicket, "no ticket '\(id)'", at: .ticket(id))
    }

    /// Opening a ticket whose id is taken.
    public static func ticketExists(_ id: String) -> Diagnostic {
        Diagnostic(.error, .ticketExists, "ticket '\(id)' already exists", at: .ticket(id))
    }

    /// A transition event the workflow does not declare.
    public static func unknownEvent(_ event: String, ticket: String, workflow: String, known: [String]) -> Diagnostic {
        Diagnostic(
            .error, .unknownEvent, "workflow '\(workflow)' has no event '\(event)'", at: .ticket(ticket),
            notes: suggestion(event, in: known) + [Note("events: \(known.joined(separator: ", "))")])
    }

    /// An event that does not leave the ticket's state.
    public static func eventNotAllowed(_ event: String, ticket: String, state: String, allowed: [String]) -> Diagnostic
    {
        let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
        return Diagnostic(
            .error, .eventNotAllowed, "event '\(event)' cannot be taken in state '\(state)'", at: .ticket(ticket),
            notes: [Note("events allowed in '\(state)': \(list)")])
    }

    /// A role that may not take a transition.
    public static func roleNotAllowed(
        _ role: String, action: String, ticket: String, allowed: [String], declared: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .roleNotAllowed, "role '\(role)' may not \(action)", at: .ticket(ticket),
            notes: [Note("allowed roles: \(allowed.joined(separator: ", "))", at: declared)])
    }

    /// A command on a closed ticket.
    public static func ticketClosed(_ ticket: String, state: String, command: String) -> Diagnostic {
        Diagnostic(
            .error, .ticketClosed, "ticket '\(ticket)' is closed (\(state)); '\(command)' is not possible",
            at: .ticket(ticket), notes: [Note("a closed ticket accepts only 'reopen'")])
    }

    /// Reopening a ticket that is open, or in a workflow without a reopen policy.
    public static func reopenNotAllowed(_ ticket: String, reason: String) -> Diagnostic {
        Diagnostic(.error, .reopenNotAllowed, "ticket '\(ticket)' cannot be reopened: \(reason)", at: .ticket(ticket))
    }

    /// Reopening after the window.
    public static func reopenWindowPassed(
        _ ticket: String, closedAt: String, deadline: String, declared: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .reopenWindowPassed,
            "ticket '\(ticket)' closed at \(closedAt) could be reopened only until \(deadline)", at: .ticket(ticket),
            notes: [Note("the reopen window is declared here", at: declared)])
    }

    /// A ticket pinned to another definition than the one given.
    public static func definitionMismatch(
        _ ticket: String, pinned: String, pinnedName: String, given: String, givenName: String
    ) -> Diagnostic {
        Diagnostic(
            .error, .definitionMismatch,
            "ticket '\(ticket)' is pinned to \(pinnedName) (\(pinned.prefix(12))), not \(givenName) (\(given.prefix(12)))",
            at: .ticket(ticket), notes: [Note("a ticket changes definition only through a migration plan")])
    }

    /// A command dated before the ticket's last event.
    public static func timeWentBackwards(_ ticket: String, now: String, last: String) -> Diagnostic {
        Diagnostic(
            .error, .timeWentBackwards, "command at \(now) is earlier than the ticket's last event at \(last)",
            at: .ticket(ticket))
    }

    /// A timer that is not (or no longer) pending.
    public static func timerNotPending(_ ticket: String, timer: String) -> Diagnostic {
        Diagnostic(
            .error, .timerNotPending, "timer \(timer) is not pending on ticket '\(ticket)'", at: .ticket(ticket),
            notes: [Note("it fired already, or its clock paused or stopped")])
    }

    /// A timer fired early.
    public static func timerNotDue(_ ticket: String, timer: String, due: String, now: String) -> Diagnostic {
        Diagnostic(
            .error, .timerNotDue, "timer \(timer) of ticket '\(ticket)' is due at \(due), not yet at \(now)",
            at: .ticket(ticket))
    }

    /// An assignment to an unknown or retired unit.
    public static func unknownAssignee(_ unit: String, ticket: String, known: [String]) -> Diagnostic {
        Diagnostic(
            .error, .unknownAssignee, "unknown or retired unit '\(unit)'", at: .ticket(ticket),
            notes: suggestion(unit, in: known))
    }

    /// A command that is incomplete or changes nothing.
    public static func invalidCommand(_ ticket: String, _ problem: String) -> Diagnostic {
        Diagnostic(.error, .invalidCommand, problem, at: .ticket(ticket))
    }

    /// A migration plan that does not fit the ticket.
    public static func migrationNotApplicable(_ ticket: String, plan: String, reason: String) -> Diagnostic {
        Diagnostic(
            .error, .migrationNotApplicable, "plan '\(plan)' does not apply to ticket '\(ticket)': \(reason)",
            at: .ticket(ticket))
    }

    /// A role the workflow does not declare.
    public static func unknownActorRole(_ role: String, ticket: String, workflow: String, known: [String])
        -> Diagnostic
    {
        Diagnostic(
            .error, .unknownActorRole, "workflow '\(workflow)' has no role '\(role)'", at: .ticket(ticket),
            notes: suggestion(role, in: known) + [Note("roles: \(known.joined(separator: ", "))")])
    }

    /// A journal that cannot be folded.
    public static func corruptJournal(ticket: String, sequence: Int, _ problem: String) -> Diagnostic {
        Diagnostic(
            .error, .corruptJournal, "journal of ticket '\(ticket)' is inconsistent at event \(sequence): \(problem)",
            at: .ticket(ticket))
    }

    // MARK: Migration plans

    /// A plan naming a workflow version that is not the loaded one.
    public static func migrationVersionMismatch(
        workflow: String, expected: String, loaded: String, at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .migrationVersionMismatch,
            "plan is written for '\(workflow)' version \(expected), but version \(loaded) is loaded", at: location)
    }

    /// A reachable open state the plan does not map.
    public static func unmappedState(_ state: String, workflow: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unmappedState,
            "state '\(state)' of '\(workflow)' is reachable and open but the plan does not map it", at: location,
            notes: [Note("tickets in '\(state)' could not be migrated")])
    }

    /// A state mapped twice.
    public static func duplicateStateMapping(_ state: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .duplicateStateMapping, "state '\(state)' is mapped twice", at: location,
            notes: [Note("first mapped here", at: first)])
    }

    /// An open state mapped to a terminal state.
    public static func migrationToTerminalState(_ state: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .migrationToTerminalState,
            "state '\(state)' is terminal; migrating an open ticket there would close it silently", at: location)
    }

    /// An SLA of the target the plan does not mention.
    public static func unmappedClock(_ sla: String, workflow: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unmappedClock, "the plan says nothing about SLA '\(sla)' of '\(workflow)'", at: location,
            notes: [Note("give it a clock mapping: keep_elapsed, keep_remaining, restart, from_opening or none")])
    }

    /// An SLA mapped twice.
    public static func duplicateClockMapping(_ sla: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .duplicateClockMapping, "SLA '\(sla)' is mapped twice", at: location,
            notes: [Note("first mapped here", at: first)])
    }

    /// A clock mapping whose mode and source disagree.
    public static func invalidClockMapping(_ problem: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .invalidClockMapping, problem, at: location)
    }

    /// Time carried between clocks of different measures.
    public static func clockMeasureMismatch(
        from: String, fromTarget: String, to: String, toTarget: String, at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .clockMeasureMismatch,
            "cannot carry time from '\(from)' (\(fromTarget)) to '\(to)' (\(toTarget)): one counts working time, the other elapsed time",
            at: location, notes: [Note("use from_opening, restart or none")])
    }
}
