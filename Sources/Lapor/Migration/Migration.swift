/// A validated migration plan with both definitions compiled, ready to apply to tickets.
///
/// Applying it (`Input.migrate`) to an open ticket pinned to `source` emits `migrated` (the ticket is
/// pinned to `target` from then on, in the mapped state) and a `clock_started` for every SLA of the
/// target whose mapping keeps it running. How time is carried per clock:
///
/// - `keep_elapsed`: the new clock has consumed what the old one had.
/// - `keep_remaining`: the new clock has what the old one had left (target − remaining; overdue stays
///   overdue).
/// - `restart`: from zero at the migration instant.
/// - `from_opening`: the new clock's measure from the ticket's opening to the migration instant.
/// - `none`: the clock does not run.
///
/// A clock starts only in a state where it can be counting (reachable from one of its start states
/// without passing a stop or terminal state), and for `keep_*` only if the old clock was running or
/// paused. Reminder points the carried time has passed are not sent again. When the
/// old clock was breached and the new one is overdue too, the breach is carried (no second `breached`)
/// and the new escalation ladder continues after as many steps as were taken under the old one; an
/// overdue clock that was not breached breaches at the migration instant.
public struct Migration: Sendable {
    /// The plan.
    public let plan: MigrationPlan
    /// The definition tickets leave.
    public let source: Definition
    /// The definition tickets enter.
    public let target: Definition
    let stateMap: [String: String]
    let clocks: [String: ClockMapping]

    /// Validates `plan` in `workspace` and compiles the two definitions it names.
    public static func make(plan: MigrationPlan, in workspace: Workspace) -> Result<Migration, Diagnostics> {
        let errors = MigrationChecks(plan: plan, workspace: workspace).run().filter { $0.severity == .error }
        guard errors.isEmpty else { return .failure(Diagnostics(errors)) }
        let source: Definition
        let target: Definition
        switch (
            Definition.make(workflow: plan.from.workflow.value, in: workspace),
            Definition.make(workflow: plan.to.workflow.value, in: workspace)
        ) {
        case (.success(let from), .success(let to)):
            source = from
            target = to
        case (.failure(let errors), _), (_, .failure(let errors)):
            return .failure(errors)
        }
        var stateMap: [String: String] = [:]
        for mapping in plan.states {
            for from in mapping.from { stateMap[from.value] = mapping.to.value }
        }
        var clocks: [String: ClockMapping] = [:]
        for mapping in plan.clocks { clocks[mapping.sla.value] = mapping }
        return .success(Migration(plan: plan, source: source, target: target, stateMap: stateMap, clocks: clocks))
    }

    /// The plan's name.
    public var name: String { plan.metadata.name.value }

    /// The state a ticket in `state` of the source enters, if mapped.
    public func mappedState(_ state: String) -> String? { stateMap[state] }
}

extension Session {
    mutating func migrate(_ migration: Migration, by actor: Actor) throws(Diagnostic) {
        let ticket = try current
        try checkRole(actor, ticket: ticket.id)
        guard migration.source.hash == definition.hash else {
            throw .migrationNotApplicable(
                ticket.id, plan: migration.name,
                reason:
                    "it migrates from \(migration.source.name) \(migration.source.version), the ticket runs \(definition.name) \(definition.version)"
            )
        }
        guard !ticket.isClosed else {
            throw .migrationNotApplicable(
                ticket.id, plan: migration.name, reason: "closed tickets stay under the definition they closed in")
        }
        guard let state = migration.mappedState(ticket.state) else {
            throw .migrationNotApplicable(
                ticket.id, plan: migration.name, reason: "state '\(ticket.state)' is not mapped")
        }
        let old = definition
        var consumedBefore: [String: Int64] = [:]
        for clock in ticket.clocks where clock.status != .stopped {
            consumedBefore[clock.sla] = try old.consumed(clock, at: now)
        }
        try emit(
            .migrated(
                .init(
                    plan: migration.name, fromDefinition: old.hash, toDefinition: migration.target.hash,
                    workflow: migration.target.name, version: migration.target.version, fromState: ticket.state,
                    toState: state)), at: now, by: actor)
        definition = migration.target
        guard let index = definition.stateIndex[state] else { return }
        for plan in definition.slaPlans where plan.live[index] {
            guard let mapping = migration.clocks[plan.id] else { continue }
            let paused = plan.pauses[index]
            switch mapping.mode.value {
            case .none:
                continue
            case .restart:
                try emit(.clockStarted(try started(plan, at: now, consumed: 0, paused: paused)), at: now, by: nil)
            case .fromOpening:
                let consumed = try definition.measure(plan.measure, from: ticket.openedAt, to: now)
                try emit(
                    .clockStarted(try started(plan, at: now, consumed: consumed, paused: paused)), at: now, by: nil)
            case .keepElapsed, .keepRemaining:
                guard let from = mapping.from?.value, let oldClock = ticket.clock(from),
                    let oldConsumed = consumedBefore[from]
                else { continue }
                let target = try target(plan, at: now)
                let consumed =
                    mapping.mode.value == .keepElapsed
                    ? oldConsumed : max(0, target - (oldClock.target - oldConsumed))
                let carriesBreach = oldClock.breachedAt != nil && consumed >= target
                try emit(
                    .clockStarted(
                        try started(
                            plan, at: now, consumed: consumed, paused: paused,
                            breachedAt: carriesBreach ? oldClock.breachedAt : nil,
                            escalationsTaken: carriesBreach ? oldClock.escalationsTaken : 0)), at: now, by: nil)
            }
        }
    }
}
