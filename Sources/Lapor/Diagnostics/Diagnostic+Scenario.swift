// Messages of the diagnostics about simulation scenarios and runs (LAP8xx).

extension Diagnostic {
    /// A distribution whose parameters cannot describe durations.
    public static func impossibleDistribution(_ what: String, reason: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(.error, .impossibleDistribution, "impossible \(what) distribution: \(reason)", at: location)
    }

    /// Shares that add up to more than the whole.
    public static func sharesExceedWhole(_ what: String, total: Double, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .sharesExceedWhole, "the shares of \(what) add up to \(percent(total)), more than 100%",
            at: location)
    }

    /// A work rule whose keys do not fit together.
    public static func workRuleShape(_ state: String, problem: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .workRuleShape, "work rule for '\(state)' \(problem)", at: location)
    }

    /// A work rule takes an event the workflow does not allow from the rule's state.
    public static func workEventNotFromState(
        _ event: String, state: String, workflow: String, allowed: [String], at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .workEventNotFromState,
            "workflow '\(workflow)' has no transition '\(event)' from state '\(state)'", at: location,
            notes: [
                Note(
                    allowed.isEmpty ? "no transition leaves '\(state)'" : "allowed: \(allowed.joined(separator: ", "))")
            ])
    }

    /// A work rule takes a transition with a role the transition does not allow.
    public static func workRoleNotAllowed(_ role: String, event: String, allowed: [String], at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .workRoleNotAllowed, "role '\(role)' may not take '\(event)'", at: location,
            notes: [Note("allowed: \(allowed.joined(separator: ", "))")])
    }

    /// Tickets reach a unit the scenario gives no capacity.
    public static func unitWithoutCapacity(_ unit: String, reason: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unitWithoutCapacity, "unit '\(unit)' gets work but the scenario declares no capacity for it",
            at: location, notes: [Note(reason), Note("add it under 'units' (staff: unlimited for an outside body)")])
    }

    /// A reachable open state without a work rule.
    public static func stateWithoutWork(_ state: String, workflow: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .warning, .stateWithoutWork,
            "tickets of '\(workflow)' can reach state '\(state)', which has no work rule; they would stay there",
            at: location)
    }

    /// A period outside a calendar.
    public static func scenarioNotCovered(
        _ date: LocalDate, calendar: String, detail: String? = nil, at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .scenarioNotCovered, "\(date) lies outside calendar '\(calendar)'", at: location,
            notes: (detail.map { [Note($0)] } ?? [])
                + [Note("the run needs every day of the period, and the SLA deadlines after it, to be covered")])
    }

    /// Choices that can leave a ticket without a transition.
    public static func choicesIncomplete(_ state: String, reason: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .choicesIncomplete, "the choices for '\(state)' can leave a ticket without a transition",
            at: location, notes: [Note(reason)])
    }

    /// A cut-over that does not fit the scenario.
    public static func cutoverMismatch(_ problem: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .cutoverMismatch, "cut-over \(problem)", at: location)
    }

    /// Two work rules for one state.
    public static func duplicateWorkRule(_ state: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .duplicateWorkRule, "state '\(state)' has a second work rule", at: location,
            notes: [Note("first rule here", at: first)])
    }

    /// The interpreter refused a step of a run.
    public static func simulationStepFailed(
        scenario: String, ticket: String, at instant: Instant, step: String, cause: Diagnostic, location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .simulationStepFailed,
            "scenario '\(scenario)': ticket \(ticket) could not take '\(step)' at \(instant)", at: location,
            notes: [Note("\(cause.code.rawValue): \(cause.message)")])
    }

    private static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1_000).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }
}
