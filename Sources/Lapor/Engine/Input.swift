/// The facts given when a ticket is opened.
public struct OpenTicket: Hashable, Sendable {
    /// The ticket's id, chosen by the host (the store numbers tickets).
    public var id: String
    /// Complaint category, e.g. `upah`.
    public var category: String
    /// Labels (multi-label), e.g. `thr`.
    public var labels: [String]
    /// Intake channel, e.g. `web`.
    public var channel: String?
    /// Reporter's region (province code).
    public var region: String?
    /// Reference to the reporter (personal data).
    public var reporter: String?

    /// Creates the facts of a new ticket.
    public init(
        id: String, category: String, labels: [String] = [], channel: String? = nil, region: String? = nil,
        reporter: String? = nil
    ) {
        self.id = id
        self.category = category
        self.labels = labels
        self.channel = channel
        self.region = region
        self.reporter = reporter
    }

    /// What the router is told.
    public var routingInput: RoutingInput {
        RoutingInput(category: category, labels: labels, channel: channel, region: region)
    }
}

/// What the interpreter is asked to do with a ticket: a command, or a timer the host fires.
public enum Input: Sendable {
    /// Open a new ticket (routes it and starts its clocks).
    indirect case open(OpenTicket, by: Actor)
    /// Take the transition of the workflow named by `event`. For a transition declared `route: true`,
    /// `unit` overrides the router's choice.
    case transition(_ event: String, by: Actor, unit: String? = nil)
    /// Assign the ticket to a unit by hand.
    case assign(unit: String, by: Actor)
    /// Add a note.
    case note(String, by: Actor)
    /// Attach the reporter's reply; in a state with a `reporter_replied` transition, it is taken too.
    case reporterReply(String, by: Actor)
    /// Reopen a closed ticket under the workflow's reopen policy.
    case reopen(by: Actor)
    /// Move the ticket to another definition under a migration plan.
    indirect case migrate(Migration, by: Actor)
    /// Fire a due timer (and every other timer of the ticket due by `now`, in order).
    case timer(TicketTimer)

    /// The command's name in messages, e.g. `transition verify`.
    public var name: String {
        switch self {
        case .open: "open"
        case .transition(let event, _, _): event
        case .assign: "assign"
        case .note: "note"
        case .reporterReply: "reporter reply"
        case .reopen: "reopen"
        case .migrate: "migrate"
        case .timer: "timer"
        }
    }
}

/// A point in time at which the host must fire a ticket's timer (`Input.timer`).
public struct TicketTimer: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The ticket.
    public var ticket: String
    /// The SLA whose clock set it.
    public var sla: String
    /// Reminder, breach or escalation.
    public var kind: ClockMark.Kind
    /// Index of the reminder point or escalation step.
    public var index: Int
    /// When it is due.
    public var due: Instant

    /// Creates a timer.
    public init(ticket: String, sla: String, kind: ClockMark.Kind, index: Int, due: Instant) {
        self.ticket = ticket
        self.sla = sla
        self.kind = kind
        self.index = index
        self.due = due
    }

    /// `respon/reminder#1`.
    public var description: String { kind == .breach ? "\(sla)/breach" : "\(sla)/\(kind.rawValue)#\(index)" }
}
