/// Whether SLA clocks run while a ticket is in a state.
public enum ClockMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Clocks run (the default).
    case running
    /// Every SLA clock pauses, e.g. while waiting on the reporter.
    case paused
}

/// A ticket state of a workflow.
public struct StateDefinition: Hashable, Sendable {
    /// The state's id, e.g. `diterima`.
    public var id: Located<String>
    /// Whether a new ticket starts here.
    public var isInitial: Bool
    /// Whether the ticket is closed here.
    public var isTerminal: Bool
    /// Whether SLA clocks run here.
    public var clocks: ClockMode
    /// Human description.
    public var description: String?
    /// Where the state is declared.
    public var location: SourceLocation

    /// Creates a state.
    public init(
        id: Located<String>, isInitial: Bool = false, isTerminal: Bool = false,
        clocks: ClockMode = .running, description: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.isInitial = isInitial
        self.isTerminal = isTerminal
        self.clocks = clocks
        self.description = description
        self.location = location
    }
}

/// A permitted move between states, taken by a named event by one of the listed roles.
public struct TransitionDefinition: Hashable, Sendable {
    /// The states the transition leaves from.
    public var from: [Located<String>]
    /// The state it enters.
    public var to: Located<String>
    /// The event name that triggers it, e.g. `verify`.
    public var event: Located<String>
    /// Roles allowed to take it.
    public var roles: [Located<String>]
    /// Whether taking it asks the router for the ticket's unit.
    public var invokesRouter: Bool
    /// Human description.
    public var description: String?
    /// Where the transition is declared.
    public var location: SourceLocation

    /// Creates a transition.
    public init(
        from: [Located<String>], to: Located<String>, event: Located<String>, roles: [Located<String>],
        invokesRouter: Bool = false, description: String? = nil, location: SourceLocation
    ) {
        self.from = from
        self.to = to
        self.event = event
        self.roles = roles
        self.invokesRouter = invokesRouter
        self.description = description
        self.location = location
    }
}

/// How a closed ticket may be reopened: the one way out of a terminal state.
public struct ReopenPolicy: Hashable, Sendable {
    /// The state a reopened ticket enters.
    public var to: Located<String>
    /// Roles allowed to reopen.
    public var roles: [Located<String>]
    /// How long after closing reopening is allowed; unlimited if `nil`.
    public var within: Located<Duration>?
    /// SLAs that start afresh, with their whole target, when a ticket is reopened.
    public var restarts: [Located<String>]
    /// Where the policy is declared.
    public var location: SourceLocation

    /// Creates a reopen policy.
    public init(
        to: Located<String>, roles: [Located<String>], within: Located<Duration>?, restarts: [Located<String>] = [],
        location: SourceLocation
    ) {
        self.to = to
        self.roles = roles
        self.within = within
        self.restarts = restarts
        self.location = location
    }
}

/// Which roles may give the commands that are not transitions. A command without a list here may
/// be given by every declared role.
public struct CommandPermissions: Hashable, Sendable {
    /// Roles that may assign a ticket to a unit by hand.
    public var assign: [Located<String>]?
    /// Roles that may add a note.
    public var note: [Located<String>]?
    /// Roles that may attach a reply for the reporter.
    public var reply: [Located<String>]?
    /// Where the permissions are declared.
    public var location: SourceLocation

    /// Creates permissions.
    public init(
        assign: [Located<String>]? = nil, note: [Located<String>]? = nil, reply: [Located<String>]? = nil,
        location: SourceLocation
    ) {
        self.assign = assign
        self.note = note
        self.reply = reply
        self.location = location
    }

    /// Every role listed, for the validator.
    public var allRoles: [Located<String>] { (assign ?? []) + (note ?? []) + (reply ?? []) }
}

/// A service-level clock: when it starts, pauses and stops, and its target.
public struct SLADefinition: Hashable, Sendable {
    /// The SLA's id, e.g. `respon`.
    public var id: Located<String>
    /// Human name.
    public var name: String?
    /// Entering one of these states starts the clock.
    public var starts: [Located<String>]
    /// Entering one of these states stops the clock.
    public var stops: [Located<String>]
    /// States that pause this clock, besides states whose clocks are paused.
    public var pauses: [Located<String>]
    /// The time allowed.
    public var target: Located<Duration>
    /// Where the SLA is declared.
    public var location: SourceLocation

    /// Creates an SLA.
    public init(
        id: Located<String>, name: String? = nil, starts: [Located<String>], stops: [Located<String>],
        pauses: [Located<String>] = [], target: Located<Duration>, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.starts = starts
        self.stops = stops
        self.pauses = pauses
        self.target = target
        self.location = location
    }
}

/// A point at which a reminder fires: a share of the SLA target or an offset from its start.
public enum ReminderPoint: Hashable, Sendable, CustomStringConvertible {
    /// Percent of the target, 1–100.
    case percent(Int)
    /// Time after the clock started.
    case offset(Duration)

    /// As written in configs: `80%` or `10 working_days`.
    public var description: String {
        switch self {
        case .percent(let p): "\(p)%"
        case .offset(let d): d.description
        }
    }
}

/// A reminder ladder on one SLA.
public struct ReminderDefinition: Hashable, Sendable {
    /// The SLA it watches.
    public var sla: Located<String>
    /// When reminders fire, ascending.
    public var points: [Located<ReminderPoint>]
    /// Who is reminded.
    public var notify: Located<String>
    /// Where the reminder is declared.
    public var location: SourceLocation

    /// Creates a reminder ladder.
    public init(
        sla: Located<String>, points: [Located<ReminderPoint>], notify: Located<String>,
        location: SourceLocation
    ) {
        self.sla = sla
        self.points = points
        self.notify = notify
        self.location = location
    }
}

/// What an escalation step does.
public enum EscalationAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Send a notification to `notify`.
    case notify
    /// Put the ticket in Humas's daily report with `text` (himbauan, rekomendasi).
    case dailyReport = "daily_report"
    /// Re-assign the ticket to `reassign_to`.
    case reassign
}

/// One step of an escalation ladder, taken a given time after the SLA is breached.
public struct EscalationStep: Hashable, Sendable {
    /// Time after the breach.
    public var afterBreach: Located<Duration>
    /// What to do.
    public var action: Located<EscalationAction>
    /// Daily-report wording, e.g. `himbauan`.
    public var text: Located<String>?
    /// Recipient for `notify`.
    public var notify: Located<String>?
    /// Target unit for `reassign`.
    public var reassignTo: Located<String>?
    /// Where the step is declared.
    public var location: SourceLocation

    /// Creates a step.
    public init(
        afterBreach: Located<Duration>, action: Located<EscalationAction>, text: Located<String>? = nil,
        notify: Located<String>? = nil, reassignTo: Located<String>? = nil, location: SourceLocation
    ) {
        self.afterBreach = afterBreach
        self.action = action
        self.text = text
        self.notify = notify
        self.reassignTo = reassignTo
        self.location = location
    }
}

/// An escalation ladder on one SLA.
public struct EscalationPolicy: Hashable, Sendable {
    /// The SLA whose breach starts the ladder.
    public var sla: Located<String>
    /// Steps, strictly ascending by `afterBreach`.
    public var steps: [EscalationStep]
    /// Where the ladder is declared.
    public var location: SourceLocation

    /// Creates a ladder.
    public init(sla: Located<String>, steps: [EscalationStep], location: SourceLocation) {
        self.sla = sla
        self.steps = steps
        self.location = location
    }
}

/// The period in which a workflow is meant to run; its calendar must cover these years.
public struct EffectivePeriod: Hashable, Sendable {
    /// First day.
    public var from: Located<LocalDate>
    /// Last day.
    public var until: Located<LocalDate>

    /// Creates a period.
    public init(from: Located<LocalDate>, until: Located<LocalDate>) {
        self.from = from
        self.until = until
    }
}

/// A `kind: Workflow` document: states, transitions, SLAs, reminders and escalations.
public struct Workflow: Hashable, Sendable {
    /// Name and version.
    public var metadata: Metadata
    /// Name of the working calendar SLAs count in.
    public var calendar: Located<String>
    /// Name of the routing table that assigns units.
    public var routing: Located<String>?
    /// When this workflow runs.
    public var effective: EffectivePeriod?
    /// Declared roles.
    public var roles: [Located<String>]
    /// States, in declaration order.
    public var states: [StateDefinition]
    /// Transitions, in declaration order.
    public var transitions: [TransitionDefinition]
    /// How closed tickets may be reopened.
    public var reopen: ReopenPolicy?
    /// Who may assign, note and reply; every declared role when `nil`.
    public var permissions: CommandPermissions?
    /// SLA clocks.
    public var slas: [SLADefinition]
    /// Reminder ladders.
    public var reminders: [ReminderDefinition]
    /// Escalation ladders.
    public var escalations: [EscalationPolicy]
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a workflow.
    public init(
        metadata: Metadata, calendar: Located<String>, routing: Located<String>? = nil,
        effective: EffectivePeriod? = nil, roles: [Located<String>], states: [StateDefinition],
        transitions: [TransitionDefinition], reopen: ReopenPolicy? = nil, permissions: CommandPermissions? = nil,
        slas: [SLADefinition] = [], reminders: [ReminderDefinition] = [], escalations: [EscalationPolicy] = [],
        location: SourceLocation
    ) {
        self.metadata = metadata
        self.calendar = calendar
        self.routing = routing
        self.effective = effective
        self.roles = roles
        self.states = states
        self.transitions = transitions
        self.reopen = reopen
        self.permissions = permissions
        self.slas = slas
        self.reminders = reminders
        self.escalations = escalations
        self.location = location
    }
}
