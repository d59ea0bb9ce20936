/// The interpreter: a pure step function from a ticket's state and an input to new events.
///
/// `step` never reads the clock and never performs I/O; `now` is an input. The events it returns,
/// folded with `TicketState.apply`, give the new state. A command that is not allowed returns a
/// diagnostic and no events.
///
/// Before a command runs, every timer of the ticket that is due by `now` fires, in order, with the
/// timer's due instant as its event time: a late host cannot make a ticket skip a breach. After the
/// command, marks it made due (a clock carried over overdue by a migration) fire at `now`.
public enum Engine {
    /// Runs `input` against `state` (nil only for `open`) under `definition` at `now`.
    public static func step(_ definition: Definition, _ state: TicketState?, _ input: Input, now: Instant)
        -> Result<[Event], Diagnostic>
    {
        var folded = state
        return run(definition, &folded, input, now: now)
    }

    /// Runs `input` like `step` and, on success, replaces `state` with the events folded into it.
    ///
    /// The same as folding the returned events with `TicketState.apply`, without folding them twice;
    /// on a diagnostic `state` is unchanged.
    public static func run(_ definition: Definition, _ state: inout TicketState?, _ input: Input, now: Instant)
        -> Result<[Event], Diagnostic>
    {
        // A refusal that comes before the first event leaves the ticket as it was: no copy to restore.
        if refusesBeforeEffects(definition, state?.clocks, input, now: now) {
            return runWithoutRollback(definition, &state, input, now: now)
        }
        // The ticket moves out of `state` into the session and back without passing through an optional
        // value: copies and destroys of `TicketState?` go through the runtime's generic value witnesses.
        // `original` shares the ticket's storage (reference counts, no copies); copy-on-write keeps it
        // intact for a refusal to restore.
        return withUnsafeMutablePointer(to: &state) { slot in
            guard let ticket = slot.move() else {
                let (result, opened) = Session.begin(definition, input, now: now)
                slot.initialize(to: opened)
                return result
            }
            let original = ticket
            var session = Session(definition: definition, ticket: ticket, opened: true, now: now)
            let result = session.perform(input)
            if case .success = result {
                slot.initialize(to: session.finish())
            } else {
                slot.initialize(to: original)
            }
            return result
        }
    }

    /// Whether every refusal of `input` on `ticket` at `now` comes before the step folds its first
    /// event, so that `run` needs no copy of the ticket to restore.
    ///
    /// The checks of `checkPreconditions` and of each command come before their events, and nothing
    /// after the first event fails but calendar arithmetic (a due instant in a year without a
    /// calendar) and journal inconsistencies the definition's hash check rules out. So: `now` inside
    /// `Definition.calendarSafe`, and, for a command, no timer due (timers fire before the command's
    /// checks). `reopen` and `migrate` compute other spans and always keep the copy.
    ///
    /// `clocks` are the ticket's clocks, `nil` when there is no ticket yet.
    static func refusesBeforeEffects(_ definition: Definition, _ clocks: [SLAClock]?, _ input: Input, now: Instant)
        -> Bool
    {
        guard let clocks, let safe = definition.calendarSafe, safe.contains(now) else { return false }
        switch input {
        case .timer: return true
        case .transition, .assign, .note, .reporterReply:
            guard let (_, due) = nextTimerPosition(clocks) else { return true }
            return due > now
        case .open, .reopen, .migrate: return false
        }
    }

    /// The next timer of every running clock of `state`, earliest first.
    public static func pendingTimers(_ state: TicketState) -> [TicketTimer] {
        var timers: [TicketTimer] = []
        for clock in state.clocks where clock.status == .running {
            guard let mark = clock.marks.first, let due = mark.due else { continue }
            timers.append(TicketTimer(ticket: state.id, sla: clock.sla, kind: mark.kind, index: mark.index, due: due))
        }
        return timers.sorted { $0.due < $1.due }
    }

    /// Whether `pendingTimers(state)` contains `timer`, without building the list.
    static func isPending(_ timer: TicketTimer, in state: TicketState) -> Bool {
        guard timer.ticket == state.id else { return false }
        // One clock per SLA; read by position, so that no clock is copied.
        for index in state.clocks.indices where state.clocks[index].sla == timer.sla {
            guard state.clocks[index].status == .running, let mark = state.clocks[index].marks.first else {
                return false
            }
            return mark.kind == timer.kind && mark.index == timer.index && mark.due == timer.due
        }
        return false
    }

    /// The first of `pendingTimers(state)` without building and sorting the list: the earliest next timer
    /// of the running clocks, the first clock winning a tie.
    public static func nextTimer(_ state: TicketState) -> TicketTimer? {
        guard let (clock, due) = nextTimerPosition(state.clocks), let mark = state.clocks[clock].marks.first else {
            return nil
        }
        return TicketTimer(ticket: state.id, sla: state.clocks[clock].sla, kind: mark.kind, index: mark.index, due: due)
    }

    /// Where `nextTimer` comes from, given a ticket's `clocks`: the position of its clock and its due
    /// instant, found without copying a clock or building the timer (a host that only schedules it needs
    /// no more).
    public static func nextTimerPosition(_ clocks: [SLAClock]) -> (clock: Int, due: Instant)? {
        clocks.withUnsafeBufferPointer { clocks in
            var next: (clock: Int, due: Instant)?
            for clock in clocks.indices where clocks[clock].status == .running {
                guard let due = clocks[clock].firstDue, due < (next?.due ?? Instant(secondsSinceEpoch: .max))
                else { continue }
                next = (clock, due)
            }
            return next
        }
    }

    /// Seconds (in the clock's measure) left on `sla` at `now`; negative when overdue. `nil` if not started.
    public static func remaining(_ definition: Definition, _ state: TicketState, sla: String, now: Instant)
        throws(Diagnostic) -> Int64?
    {
        guard let clock = state.clock(sla) else { return nil }
        return clock.target - (try definition.consumed(clock, at: now))
    }
}

extension Definition {
    /// Seconds between two instants in a clock's measure.
    func measure(_ measure: ClockMeasure, from start: Instant, to end: Instant) throws(Diagnostic) -> Int64 {
        switch measure {
        case .working: try calendar.workingSeconds(from: start, to: end)
        case .elapsed: max(0, end.secondsSinceEpoch - start.secondsSinceEpoch)
        }
    }

    /// The instant at which `seconds` more of a clock's measure have passed after `start`; `start` if none.
    func instant(_ measure: ClockMeasure, after seconds: Int64, from start: Instant) throws(Diagnostic) -> Instant {
        guard seconds > 0 else { return start }
        switch measure {
        case .working: return try calendar.addingWorkingSeconds(seconds, to: start)
        case .elapsed: return Instant(secondsSinceEpoch: start.secondsSinceEpoch + seconds)
        }
    }

    /// Seconds `clock` has consumed by `instant`.
    func consumed(_ clock: SLAClock, at instant: Instant) throws(Diagnostic) -> Int64 {
        try consumed(clock.status, since: clock.since, before: clock.consumed, measure: clock.measure, at: instant)
    }

    /// `consumed(_:at:)` of the clock at `position` in `clocks`, read field by field: an element read
    /// whole is a copy, with its id and marks counted up and down.
    func consumed(_ clocks: [SLAClock], at position: Int, _ instant: Instant) throws(Diagnostic) -> Int64 {
        try consumed(
            clocks[position].status, since: clocks[position].since, before: clocks[position].consumed,
            measure: clocks[position].measure, at: instant)
    }

    /// Seconds consumed by `instant` by a clock with these fields: `before`, plus the measure since
    /// `since` while it runs.
    private func consumed(
        _ status: SLAClock.Status, since: Instant?, before: Int64, measure clockMeasure: ClockMeasure,
        at instant: Instant
    ) throws(Diagnostic) -> Int64 {
        guard status == .running, let since else { return before }
        return before + (try measure(clockMeasure, from: since, to: instant))
    }

    func plan(_ sla: String) -> SLAPlan? { slaPlans.first { $0.id == sla } }
}

/// One run of `Engine.step`: a working copy of the ticket and the events emitted so far.
///
/// Not copyable: the ticket moves in and out of it without being copied.
struct Session: ~Copyable {
    var definition: Definition
    /// The ticket; `TicketState.empty` until `opened`.
    ///
    /// Not optional: reading a field of an optional struct copies the whole struct first.
    var ticket: TicketState
    /// Whether `ticket` exists.
    var opened: Bool
    let now: Instant
    /// The events emitted so far (in `perform`'s stack space while it runs).
    var events = EventBuffer()
    /// Whether emitted events are kept for the caller (a host that does not read them skips building them).
    let keepsEvents: Bool
    /// Whether a clock started or resumed since the due timers last fired: only then can a mark be due
    /// by `now` again (one carried over overdue by a migration, or reached while the clock was paused).
    private var clockMayBeDue = false

    init(definition: Definition, ticket: TicketState, opened: Bool, now: Instant, keepsEvents: Bool = true) {
        self.definition = definition
        self.ticket = ticket
        self.opened = opened
        self.now = now
        self.keepsEvents = keepsEvents
    }

    /// The ticket, moved out of the session.
    consuming func finish() -> TicketState { ticket }

    /// Runs `input` when there is no ticket yet (only `open` succeeds): the result and the new ticket.
    static func begin(_ definition: Definition, _ input: Input, now: Instant, keepsEvents: Bool = true) -> (
        Result<[Event], Diagnostic>, TicketState?
    ) {
        var session = Session(definition: definition, ticket: .empty, opened: false, now: now, keepsEvents: keepsEvents)
        let result = session.perform(input)
        guard case .success = result, session.opened else { return (result, nil) }
        return (result, session.finish())
    }

    var id: String { opened ? ticket.id : "" }

    /// The current ticket; present after `open` and after the check in `run`.
    var current: TicketState {
        get throws(Diagnostic) {
            guard opened else { throw .unknownTicket(id) }
            return ticket
        }
    }

    /// Builds the next event from `payload`, folds it into the ticket and appends it to `events`.
    ///
    /// The payload is folded before the event is built, and the event is built where it is stored
    /// (`EventBuffer`): neither is copied.
    mutating func emit(_ payload: consuming EventPayload, at instant: Instant, by actor: Actor?) throws(Diagnostic) {
        if opened {
            switch payload {
            case .clockStarted, .clockResumed: clockMayBeDue = true
            default: break
            }
            try ticket.fold(payload, at: instant)
            guard keepsEvents else { return }
            events.append(ticket: ticket.id, sequence: ticket.eventCount, at: instant, actor: actor, payload: payload)
        } else {
            let event = Event(ticket: pendingID, sequence: 1, at: instant, actor: actor, payload: payload)
            ticket = try TicketState.apply(event, to: nil)
            opened = true
            if keepsEvents { events.append(consume event) }
        }
    }

    private var pendingID = ""

    /// Runs `input`: the events it emitted, or the diagnostic that refused it.
    mutating func perform(_ input: Input) -> Result<[Event], Diagnostic> {
        guard keepsEvents else { return result(input) }
        // Most steps emit a handful of events: they are built in stack space and moved into the result.
        // Seven events of 144 bytes: Swift puts a temporary allocation of at most 1 KiB on the stack.
        return withUnsafeTemporaryAllocation(of: Event.self, capacity: 7) { space in
            events = EventBuffer(lending: space)
            defer { events = EventBuffer() }
            return result(input)
        }
    }

    /// Runs `input` for a session that keeps no events: the diagnostic that refused it, if any.
    mutating func performWithoutEvents(_ input: Input) -> Diagnostic? {
        do throws(Diagnostic) {
            try run(input)
            return nil
        } catch {
            return error
        }
    }

    private mutating func result(_ input: Input) -> Result<[Event], Diagnostic> {
        do throws(Diagnostic) {
            try run(input)
            return .success(events.take())
        } catch {
            return .failure(error)
        }
    }

    mutating func run(_ input: Input) throws(Diagnostic) {
        if case .open(let facts, let actor) = input { return try open(facts, by: actor) }
        try checkPreconditions(input)
        try fireDueTimers()
        clockMayBeDue = false
        switch input {
        case .open, .timer: break
        case .transition(let event, let actor, let unit): try transition(event, by: actor, unit: unit)
        case .assign(let unit, let actor): try assign(unit, by: actor)
        case .note(let text, let actor): try note(text, by: actor)
        case .reporterReply(let text, let actor): try reporterReply(text, by: actor)
        case .reopen(let actor): try reopen(by: actor)
        case .migrate(let migration, let actor): try migrate(migration, by: actor)
        }
        // A clock resumed or carried over by the command may already be past a mark; no other change a
        // command makes gives a mark a due instant.
        if clockMayBeDue { try fireDueTimers() }
    }

    private func checkPreconditions(_ input: Input) throws(Diagnostic) {
        guard opened else { throw .unknownTicket(input.name == "timer" ? timerTicket(input) : "") }
        guard ticket.definition == definition.hash else {
            throw .definitionMismatch(
                ticket.id, pinned: ticket.definition, pinnedName: "\(ticket.workflow) \(ticket.version)",
                given: definition.hash, givenName: "\(definition.name) \(definition.version)")
        }
        guard now >= ticket.updatedAt else {
            let offset = definition.calendar.offset
            throw .timeWentBackwards(
                ticket.id, now: now.formatted(at: offset), last: ticket.updatedAt.formatted(at: offset))
        }
        if case .timer(let timer) = input {
            guard Engine.isPending(timer, in: ticket) else {
                throw .timerNotPending(id, timer: timer.description)
            }
            guard timer.due <= now else {
                let offset = definition.calendar.offset
                throw .timerNotDue(
                    id, timer: timer.description, due: timer.due.formatted(at: offset),
                    now: now.formatted(at: offset))
            }
        }
    }

    private func timerTicket(_ input: Input) -> String {
        if case .timer(let timer) = input { return timer.ticket }
        return ""
    }

    // MARK: Commands

    private mutating func open(_ facts: OpenTicket, by actor: Actor) throws(Diagnostic) {
        guard !opened else { throw .ticketExists(facts.id) }
        guard !facts.id.isEmpty else { throw .invalidCommand(facts.id, "a ticket needs an id") }
        try checkRole(actor, ticket: facts.id)
        guard !facts.category.isEmpty else { throw .invalidCommand(facts.id, "a ticket needs a category") }
        pendingID = facts.id
        try emit(
            .opened(
                .init(
                    definition: definition.hash, workflow: definition.name, version: definition.version,
                    state: definition.initialState, category: facts.category, labels: facts.labels,
                    channel: facts.channel, region: facts.region, reporter: facts.reporter)), at: now, by: actor)
        ticket.clocks.reserveCapacity(definition.slaPlans.count)
        if let router = definition.router {
            let decision = try router.route(facts.routingInput).get()
            try emit(.routed(.init(decision)), at: now, by: nil)
        }
        try enter(definition.initialState, at: now)
    }

    /// The ticket's id, state and unit after checking that it is open and that `actor`'s role is declared.
    ///
    /// Returns fields, not the ticket, so that no copy of it is alive while events are folded in place.
    private func openTicket(for command: String, by actor: Actor) throws(Diagnostic) -> (
        id: String, state: String, unit: String?
    ) {
        guard opened else { throw .unknownTicket(id) }
        guard !ticket.isClosed else { throw .ticketClosed(ticket.id, state: ticket.state, command: command) }
        try checkRole(actor, ticket: ticket.id)
        return (ticket.id, ticket.state, ticket.unit)
    }

    /// The transition `event` leaves `state` by, if any, after checking that `actor` may take it.
    ///
    /// Returns the transition's index; `action` describes the command for the diagnostic.
    private func declaredTransition(
        _ event: String, from state: String, by actor: Actor, action: @autoclosure () -> String
    ) throws(Diagnostic) -> Int? {
        guard let stateIndex = definition.stateIndex[state],
            let index = definition.movesFrom[stateIndex].first(where: { definition.moves[$0].event == event })
        else { return nil }
        guard definition.moves[index].roles.contains(actor.role) else {
            let declared = definition.transitions[index]
            throw .roleNotAllowed(
                actor.role, action: action(), ticket: id, allowed: declared.roles.map(\.value),
                declared: declared.location)
        }
        return index
    }

    /// Emits `transitioned` (and `routed`) for transition `index` and enters its target state.
    private mutating func take(
        _ index: Int, event: String, from state: String, by actor: Actor, routed: EventPayload.Routed? = nil
    ) throws(Diagnostic) {
        // Fields, not the move: copying it would retain its strings and roles.
        try emit(
            .transitioned(
                .init(event: event, from: state, to: definition.moves[index].to, closes: definition.moves[index].closes)
            ),
            at: now, by: actor)
        if let routed { try emit(.routed(routed), at: now, by: actor) }
        if let target = definition.moves[index].toIndex { try enter(stateAt: target, at: now) }
    }

    private mutating func transition(_ event: String, by actor: Actor, unit: String?) throws(Diagnostic) {
        let (id, state, _) = try openTicket(for: event, by: actor)
        guard
            let index = try declaredTransition(
                event, from: state, by: actor, action: "take '\(event)' from '\(state)'")
        else {
            guard definition.eventNames.contains(event) else {
                throw .unknownEvent(event, ticket: id, workflow: definition.name, known: definition.eventNames)
            }
            throw .eventNotAllowed(event, ticket: id, state: state, allowed: definition.events(from: state))
        }
        let invokesRouter = definition.moves[index].invokesRouter
        if unit != nil && !invokesRouter {
            throw .invalidCommand(id, "transition '\(event)' does not choose a unit; assign the ticket instead")
        }
        var routed: EventPayload.Routed?
        if invokesRouter {
            if let unit {
                try checkUnit(unit)
                routed = .init(
                    unit: unit, disposition: unit.hasPrefix(Unit.externalPrefix) ? "forward" : "dispose", rule: nil,
                    isDefault: false)
            } else if let router = definition.router {
                routed = .init(try router.route(try routingInput()).get())
            } else {
                throw .invalidCommand(
                    id,
                    "transition '\(event)' routes the ticket but the workflow has no routing table; give the unit")
            }
        }
        try take(index, event: event, from: state, by: actor, routed: routed)
    }

    private mutating func assign(_ unit: String, by actor: Actor) throws(Diagnostic) {
        let (id, _, current) = try openTicket(for: "assign", by: actor)
        try checkPermission(definition.workflow.permissions?.assign, actor, action: "assign a ticket")
        try checkUnit(unit)
        guard unit != current else { throw .invalidCommand(id, "ticket '\(id)' is already with \(unit)") }
        try emit(.assigned(.init(unit: unit, previous: current)), at: now, by: actor)
    }

    private mutating func note(_ text: String, by actor: Actor) throws(Diagnostic) {
        let (id, _, _) = try openTicket(for: "note", by: actor)
        try checkPermission(definition.workflow.permissions?.note, actor, action: "add a note")
        guard text.contains(where: { !$0.isWhitespace }) else { throw .invalidCommand(id, "a note needs text") }
        try emit(.noted(.init(text: text)), at: now, by: actor)
    }

    /// The event a reporter's reply takes when the current state has a transition on it.
    static let replyEvent = "reporter_replied"

    private mutating func reporterReply(_ text: String, by actor: Actor) throws(Diagnostic) {
        let (id, state, _) = try openTicket(for: "reporter reply", by: actor)
        try checkPermission(definition.workflow.permissions?.reply, actor, action: "reply for the reporter")
        guard text.contains(where: { !$0.isWhitespace }) else { throw .invalidCommand(id, "a reply needs text") }
        let move = try declaredTransition(
            Session.replyEvent, from: state, by: actor, action: "reply for the reporter")
        try emit(.reporterReplied(.init(text: text)), at: now, by: actor)
        if let move { try take(move, event: Session.replyEvent, from: state, by: actor) }
    }

    private mutating func reopen(by actor: Actor) throws(Diagnostic) {
        let ticket = try current
        try checkRole(actor, ticket: ticket.id)
        guard ticket.isClosed, let closedAt = ticket.closedAt else {
            throw .reopenNotAllowed(ticket.id, reason: "it is open (state '\(ticket.state)')")
        }
        guard let policy = definition.workflow.reopen else {
            throw .reopenNotAllowed(ticket.id, reason: "workflow '\(definition.name)' declares no reopen policy")
        }
        guard policy.roles.contains(where: { $0.value == actor.role }) else {
            throw .roleNotAllowed(
                actor.role, action: "reopen", ticket: ticket.id, allowed: policy.roles.map(\.value),
                declared: policy.location)
        }
        if let within = policy.within {
            let deadline = try definition.calendar.adding(within.value, to: closedAt)
            guard now <= deadline else {
                let offset = definition.calendar.offset
                throw .reopenWindowPassed(
                    ticket.id, closedAt: closedAt.formatted(at: offset), deadline: deadline.formatted(at: offset),
                    declared: within.location)
            }
        }
        try emit(.reopened(.init(from: ticket.state, to: policy.to.value)), at: now, by: actor)
        try enter(policy.to.value, at: now)
        try restartClocks(policy.restarts.map(\.value), in: policy.to.value)
    }

    /// Starts afresh, with its whole target, each SLA of `slas` whose clock is not counting, unless
    /// `state` stops it (paused if `state` pauses it).
    private mutating func restartClocks(_ slas: [String], in state: String) throws(Diagnostic) {
        guard !slas.isEmpty, let stateIndex = definition.stateIndex[state] else { return }
        for (index, plan) in definition.slaPlans.enumerated() where slas.contains(plan.id) {
            let effect = definition.effect(state: stateIndex, sla: index)
            let active = ticket.clocks.contains { $0.sla == plan.id && $0.status != .stopped }
            guard !active, effect & Definition.SLAEffect.stops == 0 else { continue }
            let paused = effect & Definition.SLAEffect.pauses != 0
            try emit(.clockStarted(try started(plan, at: now, consumed: 0, paused: paused)), at: now, by: nil)
        }
    }

    /// Checks `actor` against the roles the workflow's `permissions` list for a command, if it lists any.
    private func checkPermission(_ roles: [Located<String>]?, _ actor: Actor, action: String) throws(Diagnostic) {
        guard let roles, !roles.contains(where: { $0.value == actor.role }) else { return }
        throw .roleNotAllowed(
            actor.role, action: action, ticket: id, allowed: roles.map(\.value),
            declared: roles.first?.location ?? definition.workflow.permissions?.location ?? definition.workflow.location
        )
    }

    // MARK: Checks

    func checkRole(_ actor: Actor, ticket id: String) throws(Diagnostic) {
        guard definition.roles.contains(actor.role) else {
            throw .unknownActorRole(
                actor.role, ticket: id, workflow: definition.name, known: definition.workflow.roles.map(\.value))
        }
    }

    func checkUnit(_ unit: String) throws(Diagnostic) {
        let known = definition.units
        guard !unit.isEmpty, known?.contains(unit) ?? true else {
            throw .unknownAssignee(unit, ticket: id, known: (known ?? []).sorted())
        }
    }

    /// The current ticket's routing facts.
    func routingInput() throws(Diagnostic) -> RoutingInput {
        guard opened else { throw .unknownTicket(id) }
        return RoutingInput(
            category: ticket.category, labels: ticket.labels, channel: ticket.channel, region: ticket.region)
    }
}

extension EventPayload.Routed {
    init(_ decision: RouteDecision) {
        self.init(
            unit: decision.unit, disposition: decision.disposition.rawValue, rule: decision.rule,
            isDefault: decision.isDefault)
    }
}

/// The events of one step, each built where it is stored.
///
/// `Array.append` of a freshly built `Event` copies it into the array's storage and destroys the
/// original, counting every reference of the event up and down; here each stored property is
/// initialized in place instead. The storage is the caller's stack space (`perform` lends it) until
/// more events come than it holds, then a heap block; `take()` moves the events into an array.
struct EventBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<Event>?
    private var count = 0
    private var capacity = 0
    /// Whether `base` was allocated here (rather than lent).
    private var owned = false

    /// A buffer with no storage yet.
    init() {}

    /// A buffer that stores its first events in `space`, which must outlive it.
    init(lending space: UnsafeMutableBufferPointer<Event>) {
        base = space.baseAddress
        capacity = space.count
    }

    deinit {
        guard let base else { return }
        base.deinitialize(count: count)
        if owned { base.deallocate() }
    }

    /// Stores the event with these fields after the others, initializing each stored property in place
    /// (the memory of a stored property of an `Event` is bound to the property's type, see
    /// `MemoryLayout.offset(of:)`).
    mutating func append(ticket: String, sequence: Int, at: Instant, actor: Actor?, payload: consuming EventPayload) {
        if count == capacity { grow() }
        guard let base else { preconditionFailure("an event buffer without storage") }
        let slot = UnsafeMutableRawPointer(base + count)
        let layout = Self.layout
        (slot + layout.ticket).assumingMemoryBound(to: String.self).initialize(to: ticket)
        (slot + layout.sequence).assumingMemoryBound(to: Int.self).initialize(to: sequence)
        (slot + layout.at).assumingMemoryBound(to: Instant.self).initialize(to: at)
        (slot + layout.actor).assumingMemoryBound(to: Actor?.self).initialize(to: actor)
        (slot + layout.payload).assumingMemoryBound(to: EventPayload.self).initialize(to: payload)
        count += 1
    }

    /// Stores `event` after the others.
    mutating func append(_ event: consuming Event) {
        if count == capacity { grow() }
        guard let base else { preconditionFailure("an event buffer without storage") }
        (base + count).initialize(to: event)
        count += 1
    }

    /// The offsets of `Event`'s stored properties (every one of them: `append` initializes each).
    private static let layout = (
        ticket: offset(\.ticket), sequence: offset(\.sequence), at: offset(\.at), actor: offset(\.actor),
        payload: offset(\.payload)
    )

    private static func offset(_ property: PartialKeyPath<Event>) -> Int {
        guard let offset = MemoryLayout<Event>.offset(of: property) else {
            preconditionFailure("\(property) is not a stored property of Event")
        }
        return offset
    }

    private mutating func grow() {
        let size = max(8, capacity * 2)
        let grown = UnsafeMutablePointer<Event>.allocate(capacity: size)
        if let base {
            grown.moveInitialize(from: base, count: count)
            if owned { base.deallocate() }
        }
        base = grown
        capacity = size
        owned = true
    }

    /// The events, moved into an array; the buffer is empty afterwards.
    mutating func take() -> [Event] {
        guard let base, count > 0 else { return [] }
        let moved = count
        count = 0
        // Not `Array(unsafeUninitializedCapacity:)`: it allocates through an unspecialized runtime path
        // that looks the element type's metadata up on every call.
        var events: [Event] = []
        events.reserveCapacity(moved)
        for offset in 0..<moved { events.append((base + offset).move()) }
        return events
    }
}
