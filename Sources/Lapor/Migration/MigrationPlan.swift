/// How a migration carries an SLA clock from the old definition to the new one.
public enum ClockCarry: String, Sendable, Hashable, Codable, CaseIterable {
    /// The new clock has consumed what the old one had (same measure required).
    case keepElapsed = "keep_elapsed"
    /// The new clock has as much left as the old one had (same measure required); overdue stays overdue.
    case keepRemaining = "keep_remaining"
    /// The new clock starts from zero at the migration.
    case restart
    /// The new clock has consumed its measure from the ticket's opening to the migration.
    case fromOpening = "from_opening"
    /// The new clock does not run for migrated tickets.
    case none

    /// Whether the mode reads an old clock (`from` required).
    public var needsSource: Bool { self == .keepElapsed || self == .keepRemaining }
}

/// A workflow named by a migration plan, with the version the plan was written for.
public struct WorkflowReference: Hashable, Sendable {
    /// The workflow's `metadata.name`.
    public var workflow: Located<String>
    /// The `metadata.version` the plan expects, if pinned.
    public var version: Located<String>?

    /// Creates a reference.
    public init(workflow: Located<String>, version: Located<String>?) {
        self.workflow = workflow
        self.version = version
    }
}

/// Old states that map to one new state.
public struct StateMapping: Hashable, Sendable {
    /// States of the old workflow.
    public var from: [Located<String>]
    /// The state of the new workflow they become.
    public var to: Located<String>
    /// Where the mapping is declared.
    public var location: SourceLocation

    /// Creates a mapping.
    public init(from: [Located<String>], to: Located<String>, location: SourceLocation) {
        self.from = from
        self.to = to
        self.location = location
    }
}

/// How one SLA of the new workflow is set for a migrated ticket.
public struct ClockMapping: Hashable, Sendable {
    /// The SLA of the new workflow.
    public var sla: Located<String>
    /// The SLA of the old workflow whose time is carried (`keep_elapsed`, `keep_remaining`).
    public var from: Located<String>?
    /// How time is carried.
    public var mode: Located<ClockCarry>
    /// Where the mapping is declared.
    public var location: SourceLocation

    /// Creates a mapping.
    public init(sla: Located<String>, from: Located<String>?, mode: Located<ClockCarry>, location: SourceLocation) {
        self.sla = sla
        self.from = from
        self.mode = mode
        self.location = location
    }
}

/// A `kind: MigrationPlan` document: moves open tickets from one workflow definition to another.
public struct MigrationPlan: Hashable, Sendable {
    /// Name and version of the plan.
    public var metadata: Metadata
    /// The workflow tickets leave.
    public var from: WorkflowReference
    /// The workflow they enter.
    public var to: WorkflowReference
    /// State mappings.
    public var states: [StateMapping]
    /// Clock mappings, one per SLA of the new workflow.
    public var clocks: [ClockMapping]
    /// Where the `states` key is (unmapped states are reported there).
    public var statesLocation: SourceLocation
    /// Where the `clocks` key is.
    public var clocksLocation: SourceLocation
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a plan.
    public init(
        metadata: Metadata, from: WorkflowReference, to: WorkflowReference, states: [StateMapping],
        clocks: [ClockMapping], statesLocation: SourceLocation, clocksLocation: SourceLocation,
        location: SourceLocation
    ) {
        self.metadata = metadata
        self.from = from
        self.to = to
        self.states = states
        self.clocks = clocks
        self.statesLocation = statesLocation
        self.clocksLocation = clocksLocation
        self.location = location
    }
}
