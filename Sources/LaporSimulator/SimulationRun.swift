import DequeModule
import HeapModule
import Lapor

/// One row of the event log of a run (XES-like: case, activity, timestamp, resource).
public struct EventLogRow: Sendable, Hashable {
    /// The ticket (case id).
    public var ticket: String
    /// What happened, e.g. `verify`, `reminder respon`, `breach respon`.
    public var activity: String
    /// When.
    public var at: Instant
    /// Who: the unit whose staff did the work, or the acting role, or `sistem` for timers.
    public var resource: String
}

/// What is known about a ticket at its close or at the end of the run.
public struct TicketRecord: Sendable, Hashable {
    /// Ticket id.
    public var id: String
    /// The workflow it ended in.
    public var workflow: String
    /// Category.
    public var category: String
    /// Labels.
    public var labels: [String]
    /// Intake channel, if any.
    public var channel: String? = nil
    /// Reporter's region, if any.
    public var region: String? = nil
    /// The unit it was routed or assigned to last (`-` if none).
    public var unit: String
    /// Arrival.
    public var opened: Instant
    /// When the KPI SLA's clock stopped (answered), if it did.
    public var answered: Instant?
    /// When it closed, if it did.
    public var closed: Instant?
    /// When the KPI SLA breached, if it did.
    public var breached: Instant?
    /// State at its close or at the end.
    public var state: String
    /// Seconds spent waiting in unit queues.
    public var waited: Int64
    /// Seconds of staff effort spent on it.
    public var worked: Int64
    /// Working seconds from arrival to close (nil while open).
    public var cycleWorkingSeconds: Int64?
}

/// The outcome of one replication.
public struct ReplicationResult: Sendable {
    /// Replication number, from 0.
    public var replication: Int
    /// Every ticket that arrived.
    public var tickets: [TicketRecord]
    /// Report units in order of first appearance.
    public var units: [String]
    /// Open tickets per unit at each local midnight after a day of the period (index = day).
    public var backlog: [[Int]]
    /// Staff effort seconds per capacity unit.
    public var busySeconds: [String: Double]
    /// Interpreter steps taken.
    public var steps: Int
    /// Scheduled events processed.
    public var scheduled: Int
    /// Tickets left in a state without a work rule.
    public var stuck: Int
    /// Per ticket, when the run filled it in: the index in `units` of its unit (-1 for none), so that
    /// key figures need not look the name up.
    var unitIndices: [Int32] = []
    /// Per ticket, when the run filled it in: the index of its category in the model's `categories`.
    var categoryIndices: [Int32] = []
}

/// A scheduled happening on the virtual clock.
struct Scheduled: Comparable {
    enum Kind: UInt8 {
        case arrival, workDone, automatic, reply, timer, cutover, midnight
    }

    var time: Int64
    var order: UInt64
    var kind: Kind
    /// Load (arrival), unit (workDone) or day (midnight).
    var slot: Int32
    var ticket: Int32
    var token: UInt32

    static func < (lhs: Scheduled, rhs: Scheduled) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.order < rhs.order
    }

    static func == (lhs: Scheduled, rhs: Scheduled) -> Bool { lhs.time == rhs.time && lhs.order == rhs.order }
}

/// A waiting task in a unit's queue.
struct QueueItem: Comparable {
    var key: Int64
    var order: UInt64
    var ticket: Int32
    var token: UInt32

    static func < (lhs: QueueItem, rhs: QueueItem) -> Bool {
        lhs.key != rhs.key ? lhs.key < rhs.key : lhs.order < rhs.order
    }

    static func == (lhs: QueueItem, rhs: QueueItem) -> Bool { lhs.key == rhs.key && lhs.order == rhs.order }
}

/// A unit's waiting tasks, first by key, then by order of arrival.
///
/// Under `fifo` the key is the enqueueing time, which never decreases, so the tasks arrive in the
/// order they leave: a deque, with no sifting. Under `earliest_due` the key is a due instant, and
/// the tasks wait in a heap.
struct UnitQueue {
    private let fifo: Bool
    private var arrived = Deque<QueueItem>()
    private var byKey = Heap<QueueItem>()

    init(_ discipline: QueueDiscipline) { fifo = discipline == .fifo }

    mutating func insert(_ item: QueueItem) {
        guard fifo else {
            byKey.insert(item)
            return
        }
        precondition(arrived.last.map { !(item < $0) } ?? true, "a first-in, first-out queue taking an earlier task")
        arrived.append(item)
    }

    /// Removes and returns the task with the smallest key, the earliest to arrive among equal keys.
    mutating func popMin() -> QueueItem? { fifo ? arrived.popFirst() : byKey.popMin() }
}

/// A unit's servers and queue during a run.
struct UnitRuntime {
    var busy = 0
    var queue: UnitQueue
    var busySeconds = 0.0
}

/// The event loop of one replication.
///
/// A noncopyable struct rather than a class: its fields are reached through `inout self`, which the
/// compiler checks for exclusive access once, where every access to a class's field is checked at run
/// time. Tickets live in a `SimTicketTable` and are read in place; the interpreter gets each ticket's
/// state moved in and out, never a copy.
struct SimulationRun: ~Copyable {
    let model: SimulationModel
    let replication: Int
    let log: ((EventLogRow) -> Void)?
    let progress: ((Double) -> Void)?
    private var agenda: Agenda
    private var order: UInt64 = 0
    private var tickets: SimTicketTable
    /// One record per ticket, by arrival: a placeholder until the ticket is finished.
    private var records: [TicketRecord] = []
    private var units: [UnitRuntime]
    private var arrivalRandom: [SimulationRandom]
    private var arrivalCount: [Int]
    /// Seconds since the period's start of each workflow's last arrival (exact, not rounded).
    private var arrivalClock: [Double]
    /// Per load, the id prefix of the year of its last arrival and the index of its counter in
    /// `ticketNumbers`.
    private var idPrefixes: [(year: Int, prefix: String, counter: Int)]
    /// The last number given per id prefix (loads whose workflows share initials share a counter).
    private var ticketNumbers: [Int64] = []
    /// The index in `ticketNumbers` of each id prefix.
    private var counterIndex: [String: Int] = [:]
    private var reportUnits: [String] = []
    private var reportUnitIndex: [String: Int] = [:]
    /// Per report unit: its index in `model.units`, -1 when the scenario gives it no staff.
    private var reportCapacity: [Int] = []
    private var openByUnit: [Int] = []
    private var backlog: [[Int]] = []
    private var steps = 0
    private var processed = 0
    private var stuck = 0
    private var failure: Diagnostic?
    /// `failure != nil`, cheaper to test in the loop than an optional diagnostic.
    private var failed = false
    private let kpi: String
    private let continuous: Bool

    init(
        model: SimulationModel, replication: Int, log: ((EventLogRow) -> Void)? = nil,
        progress: ((Double) -> Void)? = nil
    ) {
        self.model = model
        self.replication = replication
        self.log = log
        self.progress = progress
        units = model.units.map { UnitRuntime(queue: UnitQueue($0.discipline)) }
        arrivalRandom = model.loads.map {
            SimulationRandom(model.scenario.seed, UInt64(replication), UInt64($0.index), 0xA221_7A1)
        }
        arrivalCount = Array(repeating: 0, count: model.loads.count)
        arrivalClock = Array(repeating: 0, count: model.loads.count)
        idPrefixes = Array(repeating: (Int.min, "", 0), count: model.loads.count)
        agenda = Agenda(origin: model.start.secondsSinceEpoch, end: model.end.secondsSinceEpoch)
        kpi = model.scenario.kpiSLA.value
        continuous = model.scenario.clock == .continuous
        // Room for the expected arrivals (Poisson: mean plus four standard deviations), so that the ticket
        // table and the records are not copied into twice their size near the end of a long run.
        let expected = model.expectedArrivals
        let room = Int(min(expected + 4 * expected.squareRoot(), 1e8)) + 64
        tickets = SimTicketTable(capacity: room)
        records.reserveCapacity(room)
    }

    /// Runs the replication to the end of the period.
    mutating func run() throws(Diagnostic) -> ReplicationResult {
        for load in model.loads { scheduleArrival(load.index) }
        if let cutover = model.cutoverAt, model.migration != nil {
            schedule(Scheduled(time: cutover.secondsSinceEpoch, order: 0, kind: .cutover, slot: 0, ticket: 0, token: 0))
        }
        for (index, day) in model.days.enumerated() {
            let midnight = Instant(date: day.adding(days: 1), secondOfDay: 0, offset: model.loads[0].calendar.offset)
            schedule(
                Scheduled(
                    time: midnight.secondsSinceEpoch, order: 0, kind: .midnight, slot: Int32(index), ticket: 0, token: 0
                ))
        }
        let end = model.end.secondsSinceEpoch
        let span = Double(end - model.start.secondsSinceEpoch)
        while let next = agenda.popMin() {
            guard next.time <= end else { break }
            processed += 1
            if let progress, processed & 0xFFFF == 0 {
                progress(Double(next.time - model.start.secondsSinceEpoch) / span)
            }
            handle(next)
            if failed, let failure { throw failure }
        }
        for index in tickets.indices where !tickets[index].finished { finish(index) }
        var busy: [String: Double] = [:]
        for (index, unit) in model.units.enumerated() { busy[unit.id] = units[index].busySeconds }
        var unitIndices: [Int32] = []
        var categoryIndices: [Int32] = []
        unitIndices.reserveCapacity(tickets.count)
        categoryIndices.reserveCapacity(tickets.count)
        for index in tickets.indices {
            unitIndices.append(tickets[index].reportUnit)
            categoryIndices.append(tickets[index].category)
        }
        // The records are all that is left of the tickets: free their states before the result is built.
        tickets.removeAll()
        let result = ReplicationResult(
            replication: replication, tickets: records, units: reportUnits, backlog: backlog,
            busySeconds: busy, steps: steps, scheduled: processed, stuck: stuck, unitIndices: unitIndices,
            categoryIndices: categoryIndices)
        records = []
        return result
    }

    private mutating func fail(_ diagnostic: Diagnostic) {
        failure = diagnostic
        failed = true
    }

    // MARK: Scheduling

    private mutating func schedule(_ item: Scheduled) {
        var item = item
        order &+= 1
        item.order = order
        agenda.insert(item)
    }

    private mutating func handle(_ item: Scheduled) {
        let now = Instant(secondsSinceEpoch: item.time)
        switch item.kind {
        case .arrival: arrive(load: Int(item.slot), at: now)
        case .workDone: workDone(unit: Int(item.slot), ticket: Int(item.ticket), token: item.token, at: now)
        case .automatic, .reply:
            let index = Int(item.ticket)
            guard tickets[index].token == item.token, !tickets[index].finished else { return }
            takeStep(index, reply: item.kind == .reply, at: now)
        case .timer: fireTimer(Int(item.ticket), at: now)
        case .cutover: cutover(at: now)
        case .midnight: backlog.append(openByUnit)
        }
    }

    // MARK: Arrivals

    /// Schedules the next arrival of `load` (a Poisson process whose rate is constant within each hour).
    private mutating func scheduleArrival(_ loadIndex: Int) {
        let load = model.loads[loadIndex]
        let start = model.start.secondsSinceEpoch
        var clock = arrivalClock[loadIndex]
        var random = arrivalRandom[loadIndex]
        defer { arrivalRandom[loadIndex] = random }
        while true {
            let day = Int(clock / 86_400)
            guard day < load.dayRates.count else { return }
            let hour = min(23, Int((clock - Double(day) * 86_400) / 3_600))
            let segmentEnd = Double(day) * 86_400 + Double(hour + 1) * 3_600
            let rate = (load.dayRates[day].last ?? 0) * load.hourWeights[hour] / 3_600
            if rate > 0 {
                let gap = random.exponential() / rate
                if clock + gap < segmentEnd {
                    clock += gap
                    arrivalClock[loadIndex] = clock
                    schedule(
                        Scheduled(
                            time: start + Int64(clock.rounded(.down)), order: 0, kind: .arrival, slot: Int32(loadIndex),
                            ticket: 0, token: 0))
                    return
                }
            }
            clock = segmentEnd
        }
    }

    private mutating func arrive(load loadIndex: Int, at now: Instant) {
        let load = model.loads[loadIndex]
        let clock = arrivalClock[loadIndex]
        let day = min(Int(clock / 86_400), load.dayRates.count - 1)
        let rates = load.dayRates[day]
        var random = arrivalRandom[loadIndex]
        let draw = random.uniform() * (rates.last ?? 0)
        arrivalRandom[loadIndex] = random
        var streamIndex = rates.count - 1
        var low = 0
        while low < streamIndex {
            let middle = (low + streamIndex) / 2
            if draw < rates[middle] { streamIndex = middle } else { low = middle + 1 }
        }
        let stream = load.streams[streamIndex]
        let ordinal = arrivalCount[loadIndex]
        arrivalCount[loadIndex] += 1
        var ticketRandom = SimulationRandom(
            keys: model.scenario.seed, UInt64(replication), UInt64(loadIndex), UInt64(ordinal))
        let channel = Self.pick(load.channels, &ticketRandom)
        let region = Self.pick(load.regions, &ticketRandom)
        let facts = OpenTicket(
            id: ticketID(loadIndex, at: now), category: stream.category, labels: stream.labels, channel: channel,
            region: region)
        let input = Input.open(facts, by: load.opener)
        var ticket = SimTicket(load: loadIndex, stream: streamIndex, random: ticketRandom)
        ticket.category = Int32(model.streamCategories[loadIndex][streamIndex])
        steps += 1
        var state: TicketState?
        switch Engine.runWithoutRollback(load.definition, &state, input, now: now, keepingEvents: log != nil) {
        case .success(let events):
            guard let opened = state.take() else { return }
            let index = tickets.count
            tickets.append(ticket, state: consume opened)
            records.append(Self.placeholder)
            if let log { Self.record(events, resource: load.opener.role, log) }
            settle(index)
            plan(index, at: now)
        case .failure(let diagnostic):
            fail(
                .simulationStepFailed(
                    scenario: model.scenario.metadata.name.value, ticket: "(new)", at: now, step: input.name,
                    cause: diagnostic, location: load.location))
        }
        scheduleArrival(loadIndex)
    }

    /// The id of the next ticket `load` opens at `now`, numbered as `lapor ticket open` numbers them
    /// (`LM-2026-000042`, see `TicketID`): per prefix and year, whichever load opens it.
    private mutating func ticketID(_ load: Int, at now: Instant) -> String {
        let definition = model.loads[load].definition
        let year = now.localDate(at: definition.calendar.offset).year
        if idPrefixes[load].year != year {
            let prefix = TicketID.prefix(definition, at: now)
            let counter = counterIndex[prefix] ?? ticketNumbers.count
            if counter == ticketNumbers.count {
                counterIndex[prefix] = counter
                ticketNumbers.append(0)
            }
            idPrefixes[load] = (year, prefix, counter)
        }
        let counter = idPrefixes[load].counter
        ticketNumbers[counter] += 1
        return TicketID.make(prefix: idPrefixes[load].prefix, number: ticketNumbers[counter])
    }

    /// The record of a ticket that is not finished yet.
    private static let placeholder = TicketRecord(
        id: "", workflow: "", category: "", labels: [], unit: "", opened: Instant(secondsSinceEpoch: 0), answered: nil,
        closed: nil, breached: nil, state: "", waited: 0, worked: 0, cycleWorkingSeconds: nil)

    private static func pick(_ shares: [(id: String, cumulative: Double)], _ random: inout SimulationRandom) -> String?
    {
        guard !shares.isEmpty else { return nil }
        let draw = random.uniform()
        return shares.first { draw < $0.cumulative }?.id
    }

    // MARK: Interpreter

    /// Runs `input` on ticket `index`; on a refusal records the failure (the run stops).
    ///
    /// The run stops at a refusal, so the interpreter keeps no copy of the ticket to restore
    /// (`Engine.runWithoutRollback`). `resource` is used only for the event log.
    @discardableResult
    private mutating func execute(_ index: Int, _ input: Input, at now: Instant, resource: String) -> Bool {
        let load = model.loads[Int(tickets[index].load)]
        steps += 1
        let failure: Diagnostic?
        if let log {
            var state: TicketState? = tickets.takeState(index)
            let result = Engine.runWithoutRollback(load.definition, &state, input, now: now)
            guard let moved = state.take() else { preconditionFailure("the interpreter dropped a ticket's state") }
            tickets.putState(index, consume moved)
            switch result {
            case .success(let events):
                Self.record(events, resource: resource, log)
                failure = nil
            case .failure(let diagnostic): failure = diagnostic
            }
        } else {
            failure = tickets.withState(index) { Engine.advance(load.definition, &$0, input, now: now) }
        }
        return conclude(index, failure, step: input.name, at: now)
    }

    /// Runs the input of a work rule's `choice` on ticket `index`, like `execute(_:_:at:resource:)`.
    ///
    /// Without an event log the choice hands its input to the interpreter itself
    /// (`PreparedChoice.advance`): an `Input` read out of the choice into an argument is copied, every
    /// string of it counted up and down again (3 % of a run's instructions).
    private mutating func execute(_ index: Int, _ choice: PreparedChoice, at now: Instant, resource: String) -> Bool {
        guard log == nil else { return execute(index, choice.input, at: now, resource: resource) }
        let definition = model.loads[Int(tickets[index].load)].definition
        steps += 1
        let failure = tickets.withState(index) { choice.advance(definition, &$0, now: now) }
        return conclude(index, failure, step: choice.input.name, at: now)
    }

    /// Settles ticket `index` after a step that `failure` did not refuse, else records the failure of the
    /// step named `step` (the run stops); whether the step was taken.
    private mutating func conclude(
        _ index: Int, _ failure: Diagnostic?, step: @autoclosure () -> String, at now: Instant
    ) -> Bool {
        guard let diagnostic = failure else {
            settle(index)
            return true
        }
        let load = model.loads[Int(tickets[index].load)]
        fail(
            .simulationStepFailed(
                scenario: model.scenario.metadata.name.value, ticket: tickets[state: index].id, at: now,
                step: step(), cause: diagnostic, location: load.location))
        return false
    }

    /// After a step: the report unit, and either the record of a closed ticket or the open ticket's work
    /// rule and next timer.
    private mutating func settle(_ index: Int) {
        let old = Int(tickets[index].reportUnit)
        let unchanged =
            old >= 0 ? tickets[state: index].unit == reportUnits[old] : tickets[state: index].unit == nil
        if !unchanged { moveReportUnit(index, to: tickets[state: index].unit) }
        if tickets[state: index].isClosed {
            finish(index)
        } else {
            tickets[index].rule = model.loads[Int(tickets[index].load)].ruleIndex(of: tickets[state: index].state)
            scheduleTimer(index)
        }
    }

    private static func record(_ events: [Event], resource: String, _ log: (EventLogRow) -> Void) {
        for event in events {
            let activity: String
            var who = resource
            switch event.payload {
            case .opened: activity = "open"
            case .transitioned(let moved): activity = moved.event
            case .reminded(let reminded): (activity, who) = ("reminder \(reminded.sla)", "sistem")
            case .breached(let breached): (activity, who) = ("breach \(breached.sla)", "sistem")
            case .escalated(let escalated):
                (activity, who) = ("escalation \(escalated.sla) \(escalated.text ?? escalated.action)", "sistem")
            case .migrated(let migrated): (activity, who) = ("migrate to \(migrated.workflow)", "sistem")
            case .reporterReplied: activity = "reporter reply"
            case .assigned(let assigned): (activity, who) = ("assign \(assigned.unit)", "sistem")
            default: continue
            }
            log(EventLogRow(ticket: event.ticket, activity: activity, at: event.at, resource: who))
        }
    }

    private mutating func moveReportUnit(_ index: Int, to unit: String?) {
        let old = Int(tickets[index].reportUnit)
        if old >= 0 { openByUnit[old] -= 1 }
        guard let unit else {
            tickets[index].reportUnit = -1
            return
        }
        let new: Int
        if let known = reportUnitIndex[unit] {
            new = known
        } else {
            new = reportUnits.count
            reportUnits.append(unit)
            reportUnitIndex[unit] = new
            reportCapacity.append(model.unitIndex[unit] ?? -1)
            openByUnit.append(0)
        }
        openByUnit[new] += 1
        tickets[index].reportUnit = Int32(new)
    }

    private mutating func scheduleTimer(_ index: Int) {
        let due = nextTimer(index).due
        guard due != tickets[index].timerDue else { return }
        tickets[index].timerDue = due
        if due != .max {
            schedule(Scheduled(time: due, order: 0, kind: .timer, slot: 0, ticket: Int32(index), token: 0))
        }
    }

    /// `Engine.nextTimerPosition` of ticket `index`, its due instant in seconds since the epoch (`(-1, .max)`
    /// for none).
    ///
    /// Mutating only so that `self` is passed by reference: a borrowed noncopyable `self` is copied.
    private mutating func nextTimer(_ index: Int) -> (clock: Int, due: Int64) {
        guard let next = Engine.nextTimerPosition(tickets[state: index].clocks) else { return (-1, .max) }
        return (next.clock, next.due.secondsSinceEpoch)
    }

    private mutating func fireTimer(_ index: Int, at now: Instant) {
        guard !tickets[index].finished, tickets[index].timerDue == now.secondsSinceEpoch else { return }
        let next = nextTimer(index)
        guard next.clock >= 0, let mark = tickets[state: index].clocks[next.clock].marks.first else { return }
        let timer = TicketTimer(
            ticket: tickets[state: index].id, sla: tickets[state: index].clocks[next.clock].sla, kind: mark.kind,
            index: mark.index, due: Instant(secondsSinceEpoch: next.due))
        tickets[index].timerDue = .max
        let unit = tickets[index].reportUnit
        guard execute(index, .timer(timer), at: now, resource: "sistem") else { return }
        // An escalation that re-assigns the ticket moves waiting work to the new unit.
        if tickets[index].reportUnit != unit, !tickets[index].inService, !tickets[index].finished,
            let rule = currentRule(index), case .unit(nil) = rule.worker
        {
            plan(index, at: now)
        }
    }

    private mutating func cutover(at now: Instant) {
        guard let migration = model.migration, let target = model.loadIndex(definition: migration.target.hash)
        else { return }
        for index in tickets.indices where !tickets[index].finished {
            guard tickets[state: index].definition == migration.source.hash else { continue }
            tickets[index].token &+= 1
            tickets[index].inService = false
            guard execute(index, .migrate(migration, by: model.cutoverActor), at: now, resource: "sistem") else {
                return
            }
            tickets[index].load = Int32(target)
            tickets[index].timerDue = .max
            guard !tickets[index].finished else { continue }
            tickets[index].rule = model.loads[target].ruleIndex(of: tickets[state: index].state)
            scheduleTimer(index)
            plan(index, at: now)
        }
    }

    // MARK: Work

    /// The work rule of ticket `index`'s current state, if any.
    ///
    /// Mutating only so that `self` is passed by reference: a borrowed noncopyable `self` is copied.
    private mutating func currentRule(_ index: Int) -> RuleModel? {
        let rule = Int(tickets[index].rule)
        return rule >= 0 ? model.loads[Int(tickets[index].load)].ruleList[rule] : nil
    }

    /// Decides what happens next to an open ticket in its current state.
    private mutating func plan(_ index: Int, at now: Instant) {
        guard !tickets[index].finished else { return }
        guard let rule = currentRule(index) else {
            stuck += 1
            return
        }
        tickets[index].token &+= 1
        let token = tickets[index].token
        switch rule.worker {
        case .unit(let fixed):
            let report = Int(tickets[index].reportUnit)
            let assigned = report >= 0 ? reportCapacity[report] : -1
            guard let unit = fixed ?? (assigned >= 0 ? assigned : nil) else {
                fail(
                    .unitWithoutCapacity(
                        tickets[state: index].unit ?? "(none)",
                        reason: "ticket \(tickets[state: index].id) needs it in state '\(rule.state)' at \(now)",
                        at: rule.location))
                return
            }
            enqueue(index, unit: unit, token: token, at: now)
        case .automatic:
            scheduleDelay(index, rule.after, kind: .automatic, token: token, at: now)
        case .reporter:
            let replies = tickets[index].random.uniform() < rule.replies
            if replies {
                scheduleDelay(index, rule.replyDelay, kind: .reply, token: token, at: now)
            } else if rule.after != nil {
                scheduleDelay(index, rule.after, kind: .automatic, token: token, at: now)
            }
        }
    }

    private mutating func scheduleDelay(
        _ index: Int, _ sampler: Sampler?, kind: Scheduled.Kind, token: UInt32, at now: Instant
    ) {
        guard let sampler else { return }
        let seconds = sampler.draw(&tickets[index].random)
        let due: Instant
        if sampler.isWorkingTime {
            do throws(Diagnostic) {
                due = try model.loads[Int(tickets[index].load)].calendar.addingWorkingSeconds(seconds, to: now)
            } catch {
                // A delay that ends past the calendar's last year ends after the run (the scenario checks
                // that the period is covered); anything else is a failure.
                guard error.code == .calendarYearNotCovered else {
                    fail(error)
                    return
                }
                due = Instant(secondsSinceEpoch: .max)
            }
        } else {
            due = Instant(secondsSinceEpoch: now.secondsSinceEpoch + seconds)
        }
        schedule(
            Scheduled(time: due.secondsSinceEpoch, order: 0, kind: kind, slot: 0, ticket: Int32(index), token: token))
    }

    private mutating func enqueue(_ index: Int, unit: Int, token: UInt32, at now: Instant) {
        let key: Int64
        switch model.units[unit].discipline {
        case .fifo: key = now.secondsSinceEpoch
        case .earliestDue:
            let clock = tickets[state: index].clockPosition(kpi)
            key =
                clock.flatMap { clock in
                    tickets[state: index].clocks[clock].marks.first { $0.kind == .breach }?.due?.secondsSinceEpoch
                } ?? .max
        }
        tickets[index].enqueued = now.secondsSinceEpoch
        order &+= 1
        units[unit].queue.insert(QueueItem(key: key, order: order, ticket: Int32(index), token: token))
        startWork(unit: unit, at: now)
    }

    /// Gives waiting tasks to free staff of `unit`.
    private mutating func startWork(unit: Int, at now: Instant) {
        let staff = model.units[unit].staff
        while units[unit].busy < staff, let item = units[unit].queue.popMin() {
            let index = Int(item.ticket)
            guard tickets[index].token == item.token, !tickets[index].finished else { continue }
            let sampler = currentRule(index)?.handling ?? model.unitHandling[unit][Int(tickets[index].category)]
            let effort = sampler?.draw(&tickets[index].random) ?? 0
            let begin: Instant
            let done: Instant
            if continuous {
                begin = now
                done = Instant(secondsSinceEpoch: now.secondsSinceEpoch + effort)
            } else {
                let calendar = model.loads[Int(tickets[index].load)].calendar
                do throws(Diagnostic) {
                    begin = try calendar.nextWorkingStart(atOrAfter: now)
                } catch {
                    fail(error)
                    return
                }
                done = Self.afterRun(try? calendar.addingWorkingSeconds(effort, to: now))
            }
            units[unit].busy += 1
            units[unit].busySeconds += Double(effort)
            tickets[index].waited += max(0, begin.secondsSinceEpoch - tickets[index].enqueued)
            tickets[index].worked += effort
            tickets[index].inService = true
            schedule(
                Scheduled(
                    time: max(done.secondsSinceEpoch, now.secondsSinceEpoch), order: 0, kind: .workDone,
                    slot: Int32(unit), ticket: Int32(index), token: item.token))
        }
    }

    /// `instant`, or the end of time when it lies past the calendar's last year (after the run).
    private static func afterRun(_ instant: Instant?) -> Instant { instant ?? Instant(secondsSinceEpoch: .max) }

    private mutating func workDone(unit: Int, ticket index: Int, token: UInt32, at now: Instant) {
        units[unit].busy -= 1
        if tickets[index].token == token, !tickets[index].finished {
            tickets[index].inService = false
            takeStep(index, reply: false, at: now, unit: unit)
        }
        startWork(unit: unit, at: now)
    }

    /// Takes the rule's choice (or the reporter's reply) for ticket `index` and plans what follows; `unit`
    /// is the unit whose staff did the work, -1 for none.
    private mutating func takeStep(_ index: Int, reply: Bool, at now: Instant, unit: Int = -1) {
        guard !tickets[index].finished, let rule = currentRule(index) else { return }
        if reply, let replyChoice = rule.reply {
            if execute(index, replyChoice, at: now, resource: "pelapor") { plan(index, at: now) }
            return
        }
        let category = model.loads[Int(tickets[index].origin)].streams[Int(tickets[index].stream)].category
        var random = tickets[index].random
        guard
            let choice = rule.choose(
                disposition: tickets[state: index].disposition, category: category, random: &random)
        else { return }
        tickets[index].random = random
        var who = ""
        if log != nil {
            if case .transition(_, let actor, _) = choice.input {
                who = unit >= 0 ? model.units[unit].id : actor.role
            } else {
                who = "sistem"
            }
        }
        if execute(index, choice, at: now, resource: who) { plan(index, at: now) }
    }

    // MARK: Results

    private mutating func finish(_ index: Int) {
        guard !tickets[index].finished, tickets[index].hasState else { return }
        tickets[index].finished = true
        tickets[index].token &+= 1
        if tickets[index].reportUnit >= 0 { openByUnit[Int(tickets[index].reportUnit)] -= 1 }
        // The record is read from the state in place: reading the state's fields through the table's
        // subscript one by one copied the whole state once.
        let kpi = self.kpi
        let (waited, worked) = (tickets[index].waited, tickets[index].worked)
        let calendar = continuous ? nil : model.loads[Int(tickets[index].load)].calendar
        let (record, closed) = tickets.withState(index) { state -> (TicketRecord, Bool) in
            var answered: Instant?
            var breached: Instant?
            if let clock = state.clockPosition(kpi) {
                if state.clocks[clock].status == .stopped { answered = state.clocks[clock].stoppedAt }
                breached = state.clocks[clock].breachedAt
            }
            let closedAt = state.isClosed ? state.closedAt : nil
            var cycle: Int64?
            if let closedAt {
                if let calendar {
                    cycle = try? calendar.workingSeconds(from: state.openedAt, to: closedAt)
                } else {
                    cycle = closedAt.secondsSinceEpoch - state.openedAt.secondsSinceEpoch
                }
            }
            let record = TicketRecord(
                id: state.id, workflow: state.workflow, category: state.category, labels: state.labels,
                channel: state.channel, region: state.region, unit: state.unit ?? "-", opened: state.openedAt,
                answered: answered, closed: closedAt, breached: breached, state: state.state, waited: waited,
                worked: worked, cycleWorkingSeconds: cycle)
            return (record, state.isClosed)
        }
        records[index] = record
        if closed { tickets.removeState(index) }
    }
}
