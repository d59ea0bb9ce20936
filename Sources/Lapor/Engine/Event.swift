/// Who issued a command: a role of the workflow and, optionally, the person acting in it.
public struct Actor: Hashable, Sendable, Codable {
    /// A role declared by the workflow, e.g. `humas`.
    public var role: String
    /// The person (user name, employee number) acting in the role, if known.
    public var id: String?

    /// Creates an actor.
    public init(role: String, id: String? = nil) {
        self.role = role
        self.id = id
    }
}

/// One fact in a ticket's journal. Ticket state is the fold of its events (`TicketState.apply`).
///
/// Events carry every value that was computed when they were produced (due instants, routing
/// decisions), so replaying a journal needs neither the calendar nor the routing table.
public struct Event: Hashable, Sendable {
    /// The ticket the event belongs to.
    public var ticket: String
    /// 1-based position in the ticket's journal.
    public var sequence: Int
    /// When it happened. Timer events carry their due instant, not the instant they were processed.
    public var at: Instant
    /// Who caused it; `nil` for events produced by timers and clocks.
    public var actor: Actor?
    /// What happened.
    public var payload: EventPayload

    /// Creates an event.
    public init(ticket: String, sequence: Int, at: Instant, actor: Actor?, payload: EventPayload) {
        self.ticket = ticket
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.payload = payload
    }

    /// The event type as stored, e.g. `transitioned`.
    public var type: String { payload.type }
}

/// What happened, with the data needed to fold it.
public enum EventPayload: Hashable, Sendable {
    /// A ticket was opened under a definition.
    indirect case opened(Opened)
    /// The router (or a person) chose the ticket's unit.
    case routed(Routed)
    /// A workflow transition was taken.
    case transitioned(Transitioned)
    /// The ticket was assigned to a unit by hand.
    case assigned(Assigned)
    /// A note was added.
    case noted(Noted)
    /// The reporter replied.
    case reporterReplied(ReporterReplied)
    /// A closed ticket was reopened.
    case reopened(Reopened)
    /// An SLA clock started.
    case clockStarted(ClockStarted)
    /// An SLA clock paused.
    case clockPaused(ClockPaused)
    /// An SLA clock resumed.
    case clockResumed(ClockResumed)
    /// An SLA clock stopped.
    case clockStopped(ClockStopped)
    /// A reminder point of an SLA was reached.
    ///
    /// Stored in the enum, not boxed: it fits the space of the largest unboxed case (`clockStarted`),
    /// and the simulator fires one or two per ticket.
    case reminded(Reminded)
    /// An SLA's target passed while its clock ran.
    case breached(Breached)
    /// An escalation step was taken.
    indirect case escalated(Escalated)
    /// The ticket moved to another definition under a migration plan.
    indirect case migrated(Migrated)

    /// The stored type name.
    public var type: String {
        switch self {
        case .opened: "opened"
        case .routed: "routed"
        case .transitioned: "transitioned"
        case .assigned: "assigned"
        case .noted: "noted"
        case .reporterReplied: "reporter_replied"
        case .reopened: "reopened"
        case .clockStarted: "clock_started"
        case .clockPaused: "clock_paused"
        case .clockResumed: "clock_resumed"
        case .clockStopped: "clock_stopped"
        case .reminded: "reminded"
        case .breached: "breached"
        case .escalated: "escalated"
        case .migrated: "migrated"
        }
    }

    /// Payload of `opened`.
    public struct Opened: Hashable, Sendable, Codable {
        /// Content hash of the definition the ticket is pinned to.
        public var definition: String
        /// Workflow name and version, for readers of the journal.
        public var workflow: String
        /// The workflow's version.
        public var version: String
        /// The initial state.
        public var state: String
        /// What the router is told about the ticket.
        public var category: String
        /// Labels (multi-label).
        public var labels: [String]
        /// Intake channel.
        public var channel: String?
        /// Reporter's region (province code).
        public var region: String?
        /// Reference to the reporter (personal data; outputs redact it).
        public var reporter: String?
    }

    /// Payload of `routed`.
    public struct Routed: Hashable, Sendable, Codable {
        /// The unit (internal or `external/...`).
        public var unit: String
        /// What the unit does with it: `dispose`, `faq` or `forward`.
        public var disposition: String
        /// The rule that matched; `nil` when a person chose the unit.
        public var rule: String?
        /// Whether the table's default rule matched.
        public var isDefault: Bool
    }

    /// Payload of `transitioned`.
    public struct Transitioned: Hashable, Sendable, Codable {
        /// The event name, e.g. `verify`.
        public var event: String
        /// State left.
        public var from: String
        /// State entered.
        public var to: String
        /// Whether that state is terminal (the ticket is closed).
        public var closes: Bool
    }

    /// Payload of `assigned`.
    public struct Assigned: Hashable, Sendable, Codable {
        /// The new unit.
        public var unit: String
        /// The unit before, if any.
        public var previous: String?
    }

    /// Payload of `noted`.
    public struct Noted: Hashable, Sendable, Codable {
        /// The note's text.
        public var text: String
    }

    /// Payload of `reporter_replied`.
    public struct ReporterReplied: Hashable, Sendable, Codable {
        /// The reply's text.
        public var text: String
    }

    /// Payload of `reopened`.
    public struct Reopened: Hashable, Sendable, Codable {
        /// The terminal state left.
        public var from: String
        /// The state entered.
        public var to: String
    }

    /// Payload of `clock_started`.
    public struct ClockStarted: Hashable, Sendable, Codable {
        /// The SLA.
        public var sla: String
        /// What the clock counts.
        public var measure: ClockMeasure
        /// The target in seconds of `measure`.
        public var target: Int64
        /// Seconds already consumed (non-zero only when a migration carries time over).
        public var consumed: Int64
        /// Whether it starts paused (the state pauses it).
        public var paused: Bool
        /// When an earlier definition's clock was breached (migration only).
        public var breachedAt: Instant?
        /// Escalation steps already taken under the earlier definition (migration only).
        public var escalationsTaken: Int
        /// Marks still ahead, ascending, with due instants when running.
        public var marks: [ClockMark]
    }

    /// Payload of `clock_paused`.
    public struct ClockPaused: Hashable, Sendable, Codable {
        /// The SLA.
        public var sla: String
        /// Seconds consumed in total at the pause.
        public var consumed: Int64
    }

    /// Payload of `clock_resumed`.
    public struct ClockResumed: Hashable, Sendable, Codable {
        /// The SLA.
        public var sla: String
        /// Marks still ahead with their new due instants.
        public var marks: [ClockMark]
    }

    /// Payload of `clock_stopped`.
    public struct ClockStopped: Hashable, Sendable, Codable {
        /// The SLA.
        public var sla: String
        /// Seconds consumed in total.
        public var consumed: Int64
        /// Whether the target was missed.
        public var breached: Bool
    }

    /// Payload of `reminded`.
    public struct Reminded: Hashable, Sendable, Codable {
        /// The SLA.
        public var sla: String
        /// Index of the point among the SLA's reminder points.
        public var index: Int
        /// The point as configured, e.g. `80%`.
        public var point: String
        /// Who is reminded, e.g. `assigned_unit`.
        public var notify: String
        /// The ticket's unit at that moment.
        public var unit: String?
    }

    /// Payload of `breached`.
    public struct Breached: Hashable, Sendable, Codable {
        /// The SLA.
        public var sla: String
        /// The ticket's unit at that moment.
        public var unit: String?
        /// The escalation steps now ahead, with due instants.
        public var escalations: [ClockMark]
    }

    /// Payload of `escalated`.
    public struct Escalated: Hashable, Sendable, Codable {
        /// The SLA.
        public var sla: String
        /// Index of the step in the ladder.
        public var step: Int
        /// `notify`, `daily_report` or `reassign`.
        public var action: String
        /// Daily-report wording (`himbauan`, `rekomendasi`).
        public var text: String?
        /// Recipient of `notify`.
        public var notify: String?
        /// The ticket's unit when the step was taken (before a re-assignment).
        public var unit: String?
        /// The unit a `reassign` step moves the ticket to.
        public var reassignTo: String?
    }

    /// Payload of `migrated`.
    public struct Migrated: Hashable, Sendable, Codable {
        /// The plan's name.
        public var plan: String
        /// Hash of the definition left.
        public var fromDefinition: String
        /// Hash of the definition entered.
        public var toDefinition: String
        /// The new workflow's name.
        public var workflow: String
        /// The new workflow's version.
        public var version: String
        /// State under the old definition.
        public var fromState: String
        /// State under the new definition.
        public var toState: String
    }
}

/// What an SLA clock counts: working time of the calendar, or plain elapsed time.
public enum ClockMeasure: String, Hashable, Sendable, Codable {
    /// Seconds inside working hours (targets in `working_days` / `working_hours`).
    case working
    /// Wall-clock seconds (targets in `days` / `hours`).
    case elapsed
}

/// A point on an SLA clock at which something happens: a reminder, the breach, or an escalation step.
public struct ClockMark: Hashable, Sendable, Codable {
    /// What happens at the mark.
    public enum Kind: String, Hashable, Sendable, Codable, Comparable {
        /// A reminder point.
        case reminder
        /// The target.
        case breach
        /// An escalation step after the breach.
        case escalation

        private var rank: Int {
            switch self {
            case .reminder: 0
            case .breach: 1
            case .escalation: 2
            }
        }

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }
    }

    /// What happens.
    public var kind: Kind
    /// Index of the reminder point or escalation step; 0 for the breach.
    public var index: Int
    /// Consumed seconds (in the clock's measure) at which the mark is reached.
    public var threshold: Int64
    /// When the mark is reached if the clock keeps running; `nil` while paused.
    public var due: Instant?

    /// Creates a mark.
    public init(kind: Kind, index: Int, threshold: Int64, due: Instant? = nil) {
        self.kind = kind
        self.index = index
        self.threshold = threshold
        self.due = due
    }
}
