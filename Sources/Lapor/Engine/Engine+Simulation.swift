extension Engine {
    /// Runs `input` against `state` like `run`, for a host that stops at the first refusal (the simulator).
    ///
    /// `run` keeps a copy of the ticket to put back when the input is refused; while that copy shares the
    /// ticket's storage, every change the step makes (a clock started, stopped or fired) copies the array
    /// it changes, and the copy's references are counted up and down. This entry point keeps no copy: the
    /// step changes the ticket in place. On success it is the same as `run`. On a diagnostic, `state` holds
    /// the ticket with whatever the refused input had already folded into it: use it for nothing but
    /// reporting the refusal.
    ///
    /// With `keepingEvents: false` the events are folded into the ticket but not returned (the list is
    /// empty): a host that does not read them (the simulator without an event log) saves building and
    /// freeing them. The ticket is the same either way.
    public static func runWithoutRollback(
        _ definition: Definition, _ state: inout TicketState?, _ input: Input, now: Instant,
        keepingEvents: Bool = true
    ) -> Result<[Event], Diagnostic> {
        guard let ticket = state.take() else {
            let result: Result<[Event], Diagnostic>
            (result, state) = Session.begin(definition, input, now: now, keepsEvents: keepingEvents)
            return result
        }
        var session = Session(
            definition: definition, ticket: consume ticket, opened: true, now: now, keepsEvents: keepingEvents)
        let result = session.perform(input)
        state = session.finish()
        return result
    }

    /// Runs `input` against an open `ticket` like `runWithoutRollback(_:_:_:now:keepingEvents:)` with
    /// `keepingEvents: false`, for a host that reads no events: `nil` when it succeeds, else the
    /// diagnostic (and `ticket` holds what the refused input had folded, as there).
    ///
    /// The ticket is changed where it is stored, not moved through an optional, and no result list is
    /// built and freed: the simulator's step when it writes no event log.
    public static func advance(_ definition: Definition, _ ticket: inout TicketState, _ input: Input, now: Instant)
        -> Diagnostic?
    {
        withUnsafeMutablePointer(to: &ticket) { slot in
            var session = Session(
                definition: definition, ticket: slot.move(), opened: true, now: now, keepsEvents: false)
            let failure = session.performWithoutEvents(input)
            slot.initialize(to: session.finish())
            return failure
        }
    }
}
