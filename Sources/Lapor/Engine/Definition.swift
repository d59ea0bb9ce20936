import Foundation

/// A workflow compiled for the interpreter, with the calendar its SLAs count in and the router of
/// its routing table, identified by a content hash.
///
/// The hash is the SHA-256 of ``normalized``: the workflow's behaviour (states, transitions, roles,
/// reopen policy, SLAs, reminders, escalations, calendar and routing names, name and version) as
/// canonical JSON, without comments, layout, key order, descriptions or source locations. Editing a
/// description keeps the hash; changing a target or a transition changes it, and tickets opened under
/// the old hash keep running under the old definition until a migration plan moves them.
///
/// A class, so that the interpreter passes one reference per step rather than copying the tables.
public final class Definition: Sendable {
    /// The workflow compiled.
    public let workflow: Workflow
    /// Canonical JSON of the workflow's behaviour.
    public let normalized: String
    /// Lowercase hex SHA-256 of `normalized`.
    public let hash: String
    /// The calendar the SLAs count in.
    public let calendar: WorkingCalendar
    /// The router of the workflow's routing table, if it names one.
    public let router: Router?
    /// Units a ticket may be assigned to (from the routing table's unit catalog), if known.
    public let units: Set<String>?

    /// State id → position in `states` (the first declaration of an id).
    let stateIndex: NameIndex
    let states: [StateDefinition]
    /// Per state: event name → transition index.
    let transitionsFrom: [[String: Int]]
    let eventNames: [String]
    /// Declared roles (few: a list compares faster than a set hashes).
    let roles: [String]
    /// Per state: indexes of the transitions leaving it, first declared first (one per event).
    let movesFrom: [[Int]]
    let slaPlans: [SLAPlan]
    let reopenWindow: Duration?
    /// The workflow's transitions (kept apart so a step does not copy the whole workflow).
    let transitions: [TransitionDefinition]
    /// What a step needs of each transition, without the source locations.
    let moves: [Move]
    /// Per state, whether it is terminal.
    let terminalStates: [Bool]
    /// The instants at which no calendar computation of one step can fail (see `calendarSafeRange`).
    let calendarSafe: ClosedRange<Instant>?
    /// Per (state × SLA): `SLAEffect` bits of entering the state on the SLA's clock.
    let slaEffects: [UInt8]

    /// Bits of `slaEffects`.
    enum SLAEffect {
        static let starts: UInt8 = 1
        static let stops: UInt8 = 2
        static let pauses: UInt8 = 4
    }

    /// A transition as the interpreter takes it.
    struct Move {
        var event: String
        var to: String
        var toIndex: Int?
        var roles: [String]
        var invokesRouter: Bool
        var closes: Bool
    }

    /// The workflow's name.
    public let name: String
    /// The workflow's version, or an empty string.
    public let version: String
    /// The initial state's id.
    public let initialState: String

    /// The `SLAEffect` bits of entering state `state` on SLA number `sla`.
    func effect(state: Int, sla: Int) -> UInt8 { slaEffects[state * slaPlans.count + sla] }

    /// What the interpreter needs of one SLA, with state sets as flags per state index.
    ///
    /// A class: a step passes plans around by reference instead of copying their tables.
    final class SLAPlan: Sendable {
        let id: String
        let measure: ClockMeasure
        let target: Duration
        let starts: [Bool]
        let stops: [Bool]
        let pauses: [Bool]
        /// States in which the clock can be counting: reachable from a start state without passing a
        /// stop state or a terminal state. A migration starts the clock only in these.
        let live: [Bool]
        /// Reminder points with the wording `reminded` events give them (`50%`, `2 working_days`).
        let reminders: [(point: ReminderPoint, text: String, notify: String)]
        let escalations: [EscalationStep]

        init(
            id: String, measure: ClockMeasure, target: Duration, starts: [Bool], stops: [Bool], pauses: [Bool],
            live: [Bool], reminders: [(point: ReminderPoint, text: String, notify: String)],
            escalations: [EscalationStep]
        ) {
            self.id = id
            self.measure = measure
            self.target = target
            self.starts = starts
            self.stops = stops
            self.pauses = pauses
            self.live = live
            self.reminders = reminders
            self.escalations = escalations
        }
    }

    /// Compiles the workflow `name` of `workspace`.
    ///
    /// Fails with the workflow's validation errors (a definition is compiled only from a valid
    /// workflow), an unknown calendar, or an unknown routing table.
    public static func make(workflow name: String, in workspace: Workspace) -> Result<Definition, Diagnostics> {
        guard let workflow = workspace.workflow(named: name) else {
            let known = workspace.workflows.map(\.metadata.name.value).sorted()
            return .failure(
                Diagnostics([
                    .unknownDocument(.workflow, name: name, known: known, at: .file(workspace.files.first ?? "."))
                ]))
        }
        let errors = WorkflowChecks(workflow: workflow, workspace: workspace).run().filter { $0.severity == .error }
        guard errors.isEmpty else { return .failure(Diagnostics(errors)) }
        let calendar: WorkingCalendar
        switch WorkingCalendar.make(named: workflow.calendar.value, in: workspace) {
        case .success(let made): calendar = made
        case .failure(let diagnostic): return .failure(Diagnostics([diagnostic]))
        }
        var router: Router?
        var units: Set<String>?
        if let routing = workflow.routing {
            guard let table = workspace.routingTable(named: routing.value) else {
                let known = workspace.routingTables.map(\.metadata.name.value).sorted()
                return .failure(
                    Diagnostics([
                        .unknownDocument(.routingTable, name: routing.value, known: known, at: routing.location)
                    ]))
            }
            router = Router(table: table, catalog: workspace.categoryCatalog(named: table.categories.value))
            units = workspace.unitCatalog(named: table.units.value).map { catalog in
                Set(catalog.units.filter { !$0.isRetired }.map(\.id.value))
            }
        }
        return .success(Definition(workflow: workflow, calendar: calendar, router: router, units: units))
    }

    /// Compiles a workflow that has passed validation.
    public init(workflow: Workflow, calendar: WorkingCalendar, router: Router? = nil, units: Set<String>? = nil) {
        self.workflow = workflow
        self.calendar = calendar
        self.router = router
        self.units = units
        self.normalized = NormalizedWorkflow(workflow).json
        self.hash = SHA256.hexDigest(normalized)
        let stateIndex = NameIndex(workflow.states.map(\.id.value))
        self.stateIndex = stateIndex
        self.states = workflow.states
        var transitionsFrom = [[String: Int]](repeating: [:], count: workflow.states.count)
        for (index, transition) in workflow.transitions.enumerated() {
            for from in transition.from {
                guard let state = stateIndex[from.value] else { continue }
                if transitionsFrom[state][transition.event.value] == nil {
                    transitionsFrom[state][transition.event.value] = index
                }
            }
        }
        self.transitionsFrom = transitionsFrom
        var names: [String] = []
        for transition in workflow.transitions where !names.contains(transition.event.value) {
            names.append(transition.event.value)
        }
        self.eventNames = names
        self.roles = workflow.roles.map(\.value)
        self.movesFrom = transitionsFrom.map { $0.values.sorted() }
        func flags(_ ids: [Located<String>]) -> [Bool] {
            var flags = [Bool](repeating: false, count: workflow.states.count)
            for id in ids { if let index = stateIndex[id.value] { flags[index] = true } }
            return flags
        }
        self.slaPlans = workflow.slas.map { sla in
            var pauses = flags(sla.pauses)
            for (index, state) in workflow.states.enumerated() where state.clocks == .paused { pauses[index] = true }
            let reminders = workflow.reminders.filter { $0.sla.value == sla.id.value }.flatMap { reminder in
                reminder.points.map { (point: $0.value, text: $0.value.description, notify: reminder.notify.value) }
            }
            let escalations = workflow.escalations.filter { $0.sla.value == sla.id.value }.flatMap(\.steps)
            let stops = flags(sla.stops)
            var live = [Bool](repeating: false, count: workflow.states.count)
            var queue = sla.starts.compactMap { stateIndex[$0.value] }
            while let next = queue.popLast() {
                guard !live[next], !stops[next], !workflow.states[next].isTerminal else { continue }
                live[next] = true
                for transition in transitionsFrom[next].values {
                    if let to = stateIndex[workflow.transitions[transition].to.value] { queue.append(to) }
                }
            }
            return SLAPlan(
                id: sla.id.value, measure: sla.target.value.unit.isWorkingTime ? .working : .elapsed,
                target: sla.target.value, starts: flags(sla.starts), stops: stops, pauses: pauses, live: live,
                reminders: reminders, escalations: escalations)
        }
        self.reopenWindow = workflow.reopen?.within?.value
        self.transitions = workflow.transitions
        let terminalStates = workflow.states.map(\.isTerminal)
        self.terminalStates = terminalStates
        self.moves = workflow.transitions.map { transition in
            Move(
                event: transition.event.value, to: transition.to.value, toIndex: stateIndex[transition.to.value],
                roles: transition.roles.map(\.value), invokesRouter: transition.invokesRouter,
                closes: stateIndex[transition.to.value].map { terminalStates[$0] } ?? false)
        }
        self.name = workflow.metadata.name.value
        self.version = workflow.metadata.version ?? ""
        self.initialState = workflow.states.first(where: \.isInitial)?.id.value ?? ""
        var effects = [UInt8](repeating: 0, count: workflow.states.count * slaPlans.count)
        for state in workflow.states.indices {
            for (sla, plan) in slaPlans.enumerated() {
                var bits: UInt8 = 0
                if plan.starts[state] { bits |= SLAEffect.starts }
                if plan.stops[state] { bits |= SLAEffect.stops }
                if plan.pauses[state] { bits |= SLAEffect.pauses }
                effects[state * slaPlans.count + sla] = bits
            }
        }
        self.slaEffects = effects
        self.calendarSafe = Self.calendarSafeRange(calendar, slaPlans)
    }

    /// The instants from which every due instant one step can compute stays inside the calendar,
    /// or `nil` if the calendar has a gap (a year missing between two declared ones).
    ///
    /// A step starts, resumes and fires clocks at `now`: the farthest instant it computes is a mark
    /// of a clock, at most an SLA's target plus its escalation steps after `now`. The range ends at
    /// the last midnight from which twice that span (working seconds per day differ, e.g. in
    /// Ramadan, so a target fixed at one start may take longer from another) still lands inside the
    /// calendar; calendar arithmetic is monotonic, so every earlier start lands inside too.
    static func calendarSafeRange(_ calendar: WorkingCalendar, _ plans: [SLAPlan]) -> ClosedRange<Instant>? {
        guard !calendar.days.isEmpty, !calendar.days.contains(where: { $0.kind == .uncovered }) else { return nil }
        func midnight(_ day: Int) -> Instant {
            Instant(date: LocalDate(daysSinceEpoch: calendar.firstDay + day), secondOfDay: 0, offset: calendar.offset)
        }
        let spans = plans.map { plan in
            let once = [plan.target] + plan.escalations.map(\.afterBreach.value)
            return once + once
        }
        func inside(from start: Instant) -> Bool {
            for span in spans {
                var at = start
                for duration in span {
                    guard let next = try? calendar.adding(duration, to: at) else { return false }
                    at = next
                }
            }
            return true
        }
        for day in stride(from: calendar.days.count, to: 0, by: -1) where inside(from: midnight(day)) {
            return midnight(0)...midnight(day)
        }
        return nil
    }

    /// Whether `state` is terminal.
    public func isTerminal(_ state: String) -> Bool {
        stateIndex[state].map { terminalStates[$0] } ?? false
    }

    /// Event names that may be taken from `state`, in declaration order.
    public func events(from state: String) -> [String] {
        guard let index = stateIndex[state] else { return [] }
        return eventNames.filter { transitionsFrom[index][$0] != nil }
    }
}

/// The behaviour of a workflow as canonical JSON (sorted keys, declared order within lists).
private struct NormalizedWorkflow: Encodable {
    struct State: Encodable {
        var id: String
        var initial: Bool
        var terminal: Bool
        var clocks: String
    }
    struct Transition: Encodable {
        var from: [String]
        var to: String
        var on: String
        var by: [String]
        var route: Bool
    }
    struct Reopen: Encodable {
        var to: String
        var by: [String]
        var within: String?
        /// Left out when empty, so that a policy without it keeps its hash.
        var restarts: [String]?
    }
    struct Permissions: Encodable {
        var assign: [String]?
        var note: [String]?
        var reply: [String]?
    }
    struct SLA: Encodable {
        var id: String
        var starts: [String]
        var stops: [String]
        var pauses: [String]
        var target: String
    }
    struct Reminder: Encodable {
        var sla: String
        var at: [String]
        var notify: String
    }
    struct Step: Encodable {
        var afterBreach: String
        var action: String
        var text: String?
        var notify: String?
        var reassignTo: String?
    }
    struct Escalation: Encodable {
        var sla: String
        var steps: [Step]
    }

    var apiVersion = "lapor/v1"
    var name: String
    var version: String?
    var calendar: String
    var routing: String?
    var effective: [String]?
    var roles: [String]
    var states: [State]
    var transitions: [Transition]
    var reopen: Reopen?
    var permissions: Permissions?
    var slas: [SLA]
    var reminders: [Reminder]
    var escalations: [Escalation]

    init(_ workflow: Workflow) {
        func values(_ list: [Located<String>]) -> [String] { list.map(\.value) }
        name = workflow.metadata.name.value
        version = workflow.metadata.version
        calendar = workflow.calendar.value
        routing = workflow.routing?.value
        effective = workflow.effective.map { [$0.from.value.description, $0.until.value.description] }
        roles = values(workflow.roles)
        states = workflow.states.map {
            State(id: $0.id.value, initial: $0.isInitial, terminal: $0.isTerminal, clocks: $0.clocks.rawValue)
        }
        transitions = workflow.transitions.map {
            Transition(
                from: values($0.from), to: $0.to.value, on: $0.event.value, by: values($0.roles),
                route: $0.invokesRouter)
        }
        reopen = workflow.reopen.map {
            Reopen(
                to: $0.to.value, by: values($0.roles), within: $0.within?.value.description,
                restarts: $0.restarts.isEmpty ? nil : values($0.restarts))
        }
        permissions = workflow.permissions.map {
            Permissions(assign: $0.assign.map(values), note: $0.note.map(values), reply: $0.reply.map(values))
        }
        slas = workflow.slas.map {
            SLA(
                id: $0.id.value, starts: values($0.starts), stops: values($0.stops), pauses: values($0.pauses),
                target: $0.target.value.description)
        }
        reminders = workflow.reminders.map {
            Reminder(sla: $0.sla.value, at: $0.points.map(\.value.description), notify: $0.notify.value)
        }
        escalations = workflow.escalations.map { policy in
            Escalation(
                sla: policy.sla.value,
                steps: policy.steps.map {
                    Step(
                        afterBreach: $0.afterBreach.value.description, action: $0.action.value.rawValue,
                        text: $0.text?.value, notify: $0.notify?.value, reassignTo: $0.reassignTo?.value)
                })
        }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, booleans and arrays cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
