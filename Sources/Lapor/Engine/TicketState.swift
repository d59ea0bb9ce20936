/// The running state of one SLA clock of a ticket.
public struct SLAClock: Hashable, Sendable, Codable {
    /// Whether the clock counts.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Counting.
        case running
        /// Started but not counting (a paused state).
        case paused
        /// Finished; it never counts again unless a start state is entered anew.
        case stopped
    }

    /// The SLA's id.
    public var sla: String
    /// Running, paused or stopped.
    public var status: Status
    /// What the clock counts.
    public var measure: ClockMeasure
    /// The target in seconds of `measure`.
    public var target: Int64
    /// Seconds consumed before `since` (all of them unless running).
    public var consumed: Int64
    /// When the current run began; set only while running.
    public var since: Instant?
    /// When the clock started.
    public var startedAt: Instant
    /// When it stopped, if it did.
    public var stoppedAt: Instant?
    /// When the target passed, if it did.
    public var breachedAt: Instant?
    /// Escalation steps taken so far.
    public var escalationsTaken: Int
    /// Marks still ahead, ascending by threshold.
    public var marks: ClockMarks {
        get { storedMarks }
        _modify {
            yield &storedMarks
            firstDue = storedMarks.first?.due
        }
        set {
            storedMarks = newValue
            firstDue = newValue.first?.due
        }
    }
    private var storedMarks: ClockMarks
    /// `marks.first?.due`, kept beside the clock's status: finding a ticket's next timer reads these two
    /// fields of each clock and none of its marks.
    private(set) var firstDue: Instant?

    /// A clock with these fields.
    init(
        sla: String, status: Status, measure: ClockMeasure, target: Int64, consumed: Int64, since: Instant?,
        startedAt: Instant, stoppedAt: Instant?, breachedAt: Instant?, escalationsTaken: Int, marks: [ClockMark]
    ) {
        self.sla = sla
        self.status = status
        self.measure = measure
        self.target = target
        self.consumed = consumed
        self.since = since
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
        self.breachedAt = breachedAt
        self.escalationsTaken = escalationsTaken
        self.storedMarks = ClockMarks(marks)
        self.firstDue = marks.first?.due
    }

    private enum CodingKeys: String, CodingKey {
        case sla, status, measure, target, consumed, since, startedAt, stoppedAt, breachedAt, escalationsTaken, marks
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sla: try container.decode(String.self, forKey: .sla),
            status: try container.decode(Status.self, forKey: .status),
            measure: try container.decode(ClockMeasure.self, forKey: .measure),
            target: try container.decode(Int64.self, forKey: .target),
            consumed: try container.decode(Int64.self, forKey: .consumed),
            since: try container.decodeIfPresent(Instant.self, forKey: .since),
            startedAt: try container.decode(Instant.self, forKey: .startedAt),
            stoppedAt: try container.decodeIfPresent(Instant.self, forKey: .stoppedAt),
            breachedAt: try container.decodeIfPresent(Instant.self, forKey: .breachedAt),
            escalationsTaken: try container.decode(Int.self, forKey: .escalationsTaken),
            marks: try container.decode([ClockMark].self, forKey: .marks))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sla, forKey: .sla)
        try container.encode(status, forKey: .status)
        try container.encode(measure, forKey: .measure)
        try container.encode(target, forKey: .target)
        try container.encode(consumed, forKey: .consumed)
        try container.encodeIfPresent(since, forKey: .since)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encodeIfPresent(stoppedAt, forKey: .stoppedAt)
        try container.encodeIfPresent(breachedAt, forKey: .breachedAt)
        try container.encode(escalationsTaken, forKey: .escalationsTaken)
        try container.encode(marks, forKey: .marks)
    }
}

/// A ticket as the fold of its journal.
public struct TicketState: Hashable, Sendable {
    /// What is fixed at opening (and changed only by a migration), shared between copies so that
    /// copying a ticket costs a few reference counts, not one per field.
    final class Facts: Hashable, Sendable {
        let id: String
        let definition: String
        let workflow: String
        let version: String
        let category: String
        let labels: [String]
        let channel: String?
        let region: String?
        let reporter: String?
        let openedAt: Instant

        init(
            id: String, definition: String, workflow: String, version: String, category: String, labels: [String],
            channel: String?, region: String?, reporter: String?, openedAt: Instant
        ) {
            self.id = id
            self.definition = definition
            self.workflow = workflow
            self.version = version
            self.category = category
            self.labels = labels
            self.channel = channel
            self.region = region
            self.reporter = reporter
            self.openedAt = openedAt
        }

        /// These facts pinned to another definition.
        func migrated(to definition: String, workflow: String, version: String) -> Facts {
            Facts(
                id: id, definition: definition, workflow: workflow, version: version, category: category,
                labels: labels, channel: channel, region: region, reporter: reporter, openedAt: openedAt)
        }

        static func == (lhs: Facts, rhs: Facts) -> Bool {
            lhs === rhs
                || (lhs.id == rhs.id && lhs.definition == rhs.definition && lhs.workflow == rhs.workflow
                    && lhs.version == rhs.version && lhs.category == rhs.category && lhs.labels == rhs.labels
                    && lhs.channel == rhs.channel && lhs.region == rhs.region && lhs.reporter == rhs.reporter
                    && lhs.openedAt == rhs.openedAt)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(definition)
            hasher.combine(openedAt)
        }
    }

    var facts: Facts

    /// The ticket's id.
    public var id: String { facts.id }
    /// Content hash of the definition the ticket is pinned to.
    public var definition: String { facts.definition }
    /// The workflow's name under that definition.
    public var workflow: String { facts.workflow }
    /// The workflow's version.
    public var version: String { facts.version }
    /// The category given at opening.
    public var category: String { facts.category }
    /// Labels given at opening.
    public var labels: [String] { facts.labels }
    /// Intake channel.
    public var channel: String? { facts.channel }
    /// Reporter's region.
    public var region: String? { facts.region }
    /// Reporter reference (personal data).
    public var reporter: String? { facts.reporter }
    /// When the ticket was opened.
    public var openedAt: Instant { facts.openedAt }

    /// The current state.
    public var state: String
    /// Whether the current state is terminal.
    public var isClosed: Bool
    /// The unit in charge, if routed or assigned.
    public var unit: String?
    /// How the unit handles it (`dispose`, `faq`, `forward`), if routed.
    public var disposition: String?
    /// When it was last closed, if it is closed.
    public var closedAt: Instant?
    /// Time of the last event.
    public var updatedAt: Instant
    /// Number of events folded (the ticket's version for optimistic concurrency).
    public var eventCount: Int
    /// SLA clocks that have started, in the definition's SLA order.
    public var clocks: [SLAClock]
    /// Daily-report wordings issued by escalation (`himbauan`, `rekomendasi`), latest last.
    public var reportTexts: [String]

    /// An empty ticket: what the interpreter holds before `opened` is folded.
    static let empty = TicketState(
        facts: Facts(
            id: "", definition: "", workflow: "", version: "", category: "", labels: [], channel: nil, region: nil,
            reporter: nil, openedAt: Instant(secondsSinceEpoch: 0)),
        state: "", isClosed: false, unit: nil, disposition: nil, closedAt: nil,
        updatedAt: Instant(secondsSinceEpoch: 0),
        eventCount: 0, clocks: [], reportTexts: [])

    /// The clock of `sla`, if it has started.
    public func clock(_ sla: String) -> SLAClock? { clockPosition(sla).map { clocks[$0] } }

    /// The position in `clocks` of the clock of `sla`, if it has started: for reading a field or two
    /// of it without copying the clock (`clocks[position].breachedAt`).
    @inline(__always)
    public func clockPosition(_ sla: String) -> Int? { clocks.firstIndex { $0.sla == sla } }

    /// Folds a journal; `nil` if it is empty. The first event must be `opened`.
    ///
    /// Fails with `LAP546` when the journal is inconsistent.
    public static func replay(_ events: [Event]) throws(Diagnostic) -> TicketState? {
        var state: TicketState?
        for event in events { state = try TicketState.apply(event, to: state) }
        return state
    }

    /// Folds one event. Needs no definition, calendar or routing table: events carry what they decided.
    ///
    /// Fails with `LAP546` when the event does not fit (wrong ticket, sequence gap, not opened first).
    public static func apply(_ event: Event, to state: TicketState?) throws(Diagnostic) -> TicketState {
        guard var ticket = state else {
            guard case .opened(let opened) = event.payload, event.sequence == 1 else {
                throw .corruptJournal(
                    ticket: event.ticket, sequence: event.sequence, "the first event must be 'opened'")
            }
            let facts = Facts(
                id: event.ticket, definition: opened.definition, workflow: opened.workflow, version: opened.version,
                category: opened.category, labels: opened.labels, channel: opened.channel, region: opened.region,
                reporter: opened.reporter, openedAt: event.at)
            return TicketState(
                facts: facts, state: opened.state, isClosed: false, unit: nil, disposition: nil, closedAt: nil,
                updatedAt: event.at, eventCount: 1, clocks: [], reportTexts: [])
        }
        try ticket.apply(event)
        return ticket
    }

    /// Folds one event into this state in place (see `apply(_:to:)`).
    public mutating func apply(_ event: Event) throws(Diagnostic) {
        guard event.ticket == id, event.sequence == eventCount + 1 else {
            throw .corruptJournal(
                ticket: event.ticket, sequence: event.sequence, "expected event \(eventCount + 1) of ticket \(id)")
        }
        try fold(event.payload, at: event.at)
    }

    /// Folds the payload of this ticket's next event, at `instant` (the checks of `apply` done).
    ///
    /// The interpreter folds what it emits before it builds the event, so that the event is built once.
    mutating func fold(_ payload: EventPayload, at instant: Instant) throws(Diagnostic) {
        eventCount += 1
        let sequence = eventCount
        updatedAt = max(updatedAt, instant)
        switch payload {
        case .opened:
            throw .corruptJournal(ticket: id, sequence: sequence, "the ticket is already open")
        case .routed(let routed):
            unit = routed.unit
            disposition = routed.disposition
        case .transitioned(let move):
            enter(move.to, at: instant, closes: move.closes)
        case .assigned(let assigned):
            unit = assigned.unit
        case .noted, .reporterReplied:
            break
        case .reopened(let reopened):
            enter(reopened.to, at: instant, closes: false)
        case .clockStarted(let started):
            let clock = SLAClock(
                sla: started.sla, status: started.paused ? .paused : .running, measure: started.measure,
                target: started.target, consumed: started.consumed, since: started.paused ? nil : instant,
                startedAt: instant, stoppedAt: nil, breachedAt: started.breachedAt,
                escalationsTaken: started.escalationsTaken,
                marks: started.marks)
            if let index = clockPosition(started.sla) {
                clocks[index] = clock
            } else {
                clocks.append(clock)
            }
        case .clockPaused(let paused):
            try updateClock(paused.sla, sequence) { clock in
                clock.status = .paused
                clock.consumed = paused.consumed
                clock.since = nil
                for index in clock.marks.indices { clock.marks[index].due = nil }
            }
        case .clockResumed(let resumed):
            try updateClock(resumed.sla, sequence) { clock in
                clock.status = .running
                clock.since = instant
                clock.marks = ClockMarks(resumed.marks)
            }
        case .clockStopped(let stopped):
            try updateClock(stopped.sla, sequence) { clock in
                clock.status = .stopped
                clock.consumed = stopped.consumed
                clock.since = nil
                clock.stoppedAt = instant
                clock.marks = []
            }
        case .reminded(let reminded):
            try updateClock(reminded.sla, sequence) { clock in
                clock.marks.removeAll { $0.kind == .reminder && $0.index == reminded.index }
            }
        case .breached(let breached):
            try updateClock(breached.sla, sequence) { clock in
                clock.breachedAt = instant
                clock.marks.removeAll { $0.kind == .breach }
                clock.marks.append(contentsOf: breached.escalations)
                clock.marks.sortByPrecedence()
            }
        case .escalated(let escalated):
            if let position = clockPosition(escalated.sla), clocks[position].escalationsTaken == Int.max {
                throw .corruptJournal(ticket: id, sequence: sequence, "too many escalation steps taken")
            }
            try updateClock(escalated.sla, sequence) { clock in
                clock.escalationsTaken += 1
                clock.marks.removeAll { $0.kind == .escalation && $0.index == escalated.step }
            }
            if let target = escalated.reassignTo { unit = target }
            if let text = escalated.text { reportTexts.append(text) }
        case .migrated(let migrated):
            facts = facts.migrated(to: migrated.toDefinition, workflow: migrated.workflow, version: migrated.version)
            clocks = []
            enter(migrated.toState, at: instant, closes: false)
        }
    }

    private mutating func enter(_ newState: String, at instant: Instant, closes: Bool) {
        state = newState
        if closes {
            if !isClosed { closedAt = instant }
        } else {
            closedAt = nil
        }
        isClosed = closes
    }

    private mutating func updateClock(_ sla: String, _ sequence: Int, _ change: (inout SLAClock) -> Void)
        throws(Diagnostic)
    {
        guard let index = clockPosition(sla) else {
            throw .corruptJournal(ticket: id, sequence: sequence, "clock '\(sla)' has not started")
        }
        change(&clocks[index])
    }
}

extension ClockMark {
    /// Order of marks on one clock: by threshold, then reminder before breach before escalation.
    static func precedes(_ lhs: ClockMark, _ rhs: ClockMark) -> Bool {
        (lhs.threshold, lhs.kind, lhs.index) < (rhs.threshold, rhs.kind, rhs.index)
    }
}

/// A ticket state as JSON, for snapshots: a host may keep the fold instead of replaying the journal.
/// The journal stays the truth; a snapshot is only as good as the event count it was taken at.
extension TicketState: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, definition, workflow, version, category, labels, channel, region, reporter, openedAt, state,
            isClosed, unit, disposition, closedAt, updatedAt, eventCount, clocks, reportTexts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        facts = Facts(
            id: try container.decode(String.self, forKey: .id),
            definition: try container.decode(String.self, forKey: .definition),
            workflow: try container.decode(String.self, forKey: .workflow),
            version: try container.decode(String.self, forKey: .version),
            category: try container.decode(String.self, forKey: .category),
            labels: try container.decode([String].self, forKey: .labels),
            channel: try container.decodeIfPresent(String.self, forKey: .channel),
            region: try container.decodeIfPresent(String.self, forKey: .region),
            reporter: try container.decodeIfPresent(String.self, forKey: .reporter),
            openedAt: try container.decode(Instant.self, forKey: .openedAt))
        state = try container.decode(String.self, forKey: .state)
        isClosed = try container.decode(Bool.self, forKey: .isClosed)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        disposition = try container.decodeIfPresent(String.self, forKey: .disposition)
        closedAt = try container.decodeIfPresent(Instant.self, forKey: .closedAt)
        updatedAt = try container.decode(Instant.self, forKey: .updatedAt)
        eventCount = try container.decode(Int.self, forKey: .eventCount)
        clocks = try container.decode([SLAClock].self, forKey: .clocks)
        reportTexts = try container.decode([String].self, forKey: .reportTexts)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(definition, forKey: .definition)
        try container.encode(workflow, forKey: .workflow)
        try container.encode(version, forKey: .version)
        try container.encode(category, forKey: .category)
        try container.encode(labels, forKey: .labels)
        try container.encodeIfPresent(channel, forKey: .channel)
        try container.encodeIfPresent(region, forKey: .region)
        try container.encodeIfPresent(reporter, forKey: .reporter)
        try container.encode(openedAt, forKey: .openedAt)
        try container.encode(state, forKey: .state)
        try container.encode(isClosed, forKey: .isClosed)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encodeIfPresent(disposition, forKey: .disposition)
        try container.encodeIfPresent(closedAt, forKey: .closedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(clocks, forKey: .clocks)
        try container.encode(reportTexts, forKey: .reportTexts)
    }
}
