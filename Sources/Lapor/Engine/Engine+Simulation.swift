extension Engine {
    /// Runs `input` against `state` like `run`, for a host that stops at the first refusal (the simulator).
    ///
    /// `run` keeps a copy of the ticket to put back when the input is refused; while that copy shares the
    /// ticket's storage, every change the step makes (a clock started, stopped or fired) copies the array
    /// it changes, and the copy's references are counted up and down. This entry point keeps no copy: the
    /// step changes the ticket in place. On success it is the same as `run`. On a diagnostic, `state` holds
    /// the ticket with whatever the refused input had already folded into it: use it for nothing but
    /// reporting the refusal.
    public static func runWithoutRollback(
        _ definition: Definition, _ state: inout TicketState?, _ input: Input, now: Instant
    ) -> Result<[Event], Diagnostic> {
        guard let ticket = state.take() else { return run(definition, &state, input, now: now) }
        var session = Session(definition: definition, ticket: consume ticket, opened: true, now: now)
        let result = session.perform(input)
        state = session.finish()
        return result
    }
}
