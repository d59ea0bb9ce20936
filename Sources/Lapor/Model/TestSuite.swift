/// `kind: TestSuite`: expectations an administrator states about a workflow's routing, SLAs and
/// escalations, checked by `lapor test`.
public struct TestSuite: Hashable, Sendable {
    /// Name, version, description.
    public var metadata: Metadata
    /// The workflow the cases run (its routing table routes them).
    public var workflow: Located<String>
    /// The cases, in order.
    public var cases: [TestCase]
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a suite.
    public init(metadata: Metadata, workflow: Located<String>, cases: [TestCase], location: SourceLocation) {
        self.metadata = metadata
        self.workflow = workflow
        self.cases = cases
        self.location = location
    }
}

/// One case: a ticket, optionally run through the workflow, and what must hold afterwards.
///
/// Without `opened` the case only routes the ticket; with it, the ticket is opened at that instant,
/// the steps are taken and the timers due up to `until` fire before the expectations are checked.
public struct TestCase: Hashable, Sendable {
    /// What the case states, in the administrator's words.
    public var name: Located<String>
    /// The ticket's category, labels, channel and region.
    public var ticket: TestTicket
    /// When the ticket is opened; nil for a routing-only case.
    public var opened: Located<Instant>?
    /// The role that opens the ticket; the workflow's first role if nil.
    public var openedBy: Located<String>?
    /// Transitions taken after opening, in order.
    public var steps: [TestStep]
    /// Timers due up to this instant fire after the steps.
    public var until: Located<Instant>?
    /// What must hold.
    public var expect: TestExpectation
    /// Where the case starts.
    public var location: SourceLocation

    /// Creates a case.
    public init(
        name: Located<String>, ticket: TestTicket, opened: Located<Instant>? = nil,
        openedBy: Located<String>? = nil, steps: [TestStep] = [],
        until: Located<Instant>? = nil, expect: TestExpectation, location: SourceLocation
    ) {
        self.name = name
        self.ticket = ticket
        self.opened = opened
        self.openedBy = openedBy
        self.steps = steps
        self.until = until
        self.expect = expect
        self.location = location
    }
}

/// The facts of a test ticket that routing looks at.
public struct TestTicket: Hashable, Sendable {
    /// The category.
    public var category: Located<String>
    /// Labels.
    public var labels: [Located<String>]
    /// The channel it came in on.
    public var channel: Located<String>?
    /// The region it is from.
    public var region: Located<String>?
    /// Where the ticket is written.
    public var location: SourceLocation

    /// Creates a ticket.
    public init(
        category: Located<String>, labels: [Located<String>] = [], channel: Located<String>? = nil,
        region: Located<String>? = nil, location: SourceLocation
    ) {
        self.category = category
        self.labels = labels
        self.channel = channel
        self.region = region
        self.location = location
    }

    /// The router's view of the ticket.
    public var routingInput: RoutingInput {
        RoutingInput(
            category: category.value, labels: labels.map(\.value), channel: channel?.value, region: region?.value)
    }
}

/// A transition taken in a test case.
public struct TestStep: Hashable, Sendable {
    /// The event.
    public var event: Located<String>
    /// The acting role.
    public var role: Located<String>
    /// When; nil means at the previous step (or the opening).
    public var at: Located<Instant>?
    /// Where the step is written.
    public var location: SourceLocation

    /// Creates a step.
    public init(event: Located<String>, role: Located<String>, at: Located<Instant>? = nil, location: SourceLocation) {
        self.event = event
        self.role = role
        self.at = at
        self.location = location
    }
}

/// What an SLA clock must look like at the end of a case.
public enum SLAOutcome: String, Sendable, Hashable, CaseIterable {
    /// Stopped before its target passed.
    case met
    /// Its target passed (whether it is still running or stopped since).
    case breached
    /// Still counting, target not passed.
    case running
    /// Started, paused now, target not passed.
    case paused
    /// Never started.
    case notStarted = "not_started"
}

/// The expectations of a case; every one given must hold.
public struct TestExpectation: Hashable, Sendable {
    /// The unit the ticket is routed or assigned to.
    public var unit: Located<String>?
    /// The routing rule that decided.
    public var rule: Located<String>?
    /// The routing disposition.
    public var disposition: Located<Disposition>?
    /// The ticket's state.
    public var state: Located<String>?
    /// SLA outcomes by SLA id.
    public var slas: [(sla: Located<String>, outcome: Located<SLAOutcome>)]
    /// The daily-report texts issued by escalation (himbauan, rekomendasi), in order; nil if not checked.
    public var report: Located<[String]>?
    /// Where the expectations are written.
    public var location: SourceLocation

    /// Creates expectations.
    public init(
        unit: Located<String>? = nil, rule: Located<String>? = nil, disposition: Located<Disposition>? = nil,
        state: Located<String>? = nil, slas: [(sla: Located<String>, outcome: Located<SLAOutcome>)] = [],
        report: Located<[String]>? = nil, location: SourceLocation
    ) {
        self.unit = unit
        self.rule = rule
        self.disposition = disposition
        self.state = state
        self.slas = slas
        self.report = report
        self.location = location
    }

    /// Whether nothing is expected.
    public var isEmpty: Bool {
        unit == nil && rule == nil && disposition == nil && state == nil && slas.isEmpty && report == nil
    }

    /// Whether anything needs the ticket run through the workflow (not just routed).
    public var needsRun: Bool { state != nil || !slas.isEmpty || report != nil }

    public static func == (lhs: TestExpectation, rhs: TestExpectation) -> Bool {
        lhs.unit == rhs.unit && lhs.rule == rhs.rule && lhs.disposition == rhs.disposition && lhs.state == rhs.state
            && lhs.slas.map(\.sla) == rhs.slas.map(\.sla) && lhs.slas.map(\.outcome) == rhs.slas.map(\.outcome)
            && lhs.report == rhs.report && lhs.location == rhs.location
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(unit)
        hasher.combine(rule)
        hasher.combine(state)
        hasher.combine(location)
    }
}
