/// A `kind: Scenario` document: a what-if run of one or more workflows under a load and a staffing.
///
/// The simulator runs the same interpreter, router, calendar and timers as the store, on a virtual
/// clock. A scenario names the period, the workflows whose tickets arrive (each with its arrival
/// process and the work rules that say who takes which transition after how much effort), the
/// capacity of every unit that works, an optional cut-over from one workflow to another, the SLA
/// the key figures are measured on, the seed and the number of replications.
public struct Scenario: Hashable, Sendable {
    /// Name, version and description.
    public var metadata: Metadata
    /// First day of arrivals (local date of the first workflow's calendar).
    public var from: Located<LocalDate>
    /// Last day of arrivals; the run ends at the end of this day.
    public var until: Located<LocalDate>
    /// Seed of the random streams; replication `k` uses a stream derived from it.
    public var seed: UInt64
    /// Independent replications (each with its own random streams).
    public var replications: Int
    /// `calendar`: units work in the working hours of their workflow's calendar. `continuous`: units work
    /// around the clock (for queueing checks); SLA clocks still follow their workflow.
    public var clock: SimulationClock
    /// The SLA whose clock defines "answered" and "breached" in the key figures.
    public var kpiSLA: Located<String>
    /// Staffing of the units that do work.
    public var units: [UnitCapacity]
    /// The workflows whose tickets arrive, with their load and work rules.
    public var workflows: [WorkflowLoad]
    /// A switch from one workflow to another during the period.
    public var cutover: Cutover?
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a scenario.
    public init(
        metadata: Metadata, from: Located<LocalDate>, until: Located<LocalDate>, seed: UInt64, replications: Int,
        clock: SimulationClock, kpiSLA: Located<String>, units: [UnitCapacity], workflows: [WorkflowLoad],
        cutover: Cutover?, location: SourceLocation
    ) {
        self.metadata = metadata
        self.from = from
        self.until = until
        self.seed = seed
        self.replications = replications
        self.clock = clock
        self.kpiSLA = kpiSLA
        self.units = units
        self.workflows = workflows
        self.cutover = cutover
        self.location = location
    }
}

/// How the staff of a simulated unit spend time.
public enum SimulationClock: String, Hashable, Sendable, Codable, CaseIterable {
    /// Work happens in the working hours of the workflow's calendar.
    case calendar
    /// Work happens around the clock.
    case continuous
}

/// Order in which a unit takes waiting work.
public enum QueueDiscipline: String, Hashable, Sendable, Codable, CaseIterable {
    /// First come, first served.
    case fifo
    /// Earliest SLA due instant first (the KPI SLA's breach instant; tickets without one last).
    case earliestDue = "earliest_due"
}

/// A random duration: `{fixed: 2 hours}`, `{exponential: {mean: 1 hour}}`,
/// `{lognormal: {median: 2 hours, p90: 2 working_days}}` or `{uniform: {min: 1 hour, max: 3 hours}}`.
///
/// Values are seconds. As handling effort, `working_days` count 7.5 hours (450 minutes) of work each; as a
/// delay (reporter replies, automatic steps) `isWorkingTime` says whether the seconds are counted in the
/// calendar's working time or elapsed.
public struct Distribution: Hashable, Sendable {
    /// The family and its parameters, in seconds.
    public enum Family: Hashable, Sendable {
        /// Always the same value.
        case fixed(Double)
        /// Exponential with the given mean.
        case exponential(mean: Double)
        /// Lognormal with the given median and 90th percentile.
        case lognormal(median: Double, p90: Double)
        /// Uniform between two values.
        case uniform(min: Double, max: Double)
    }

    /// The family.
    public var family: Family
    /// Whether the durations were written in working time (`working_hours`, `working_days`).
    public var isWorkingTime: Bool
    /// Where it is written.
    public var location: SourceLocation

    /// Creates a distribution.
    public init(_ family: Family, isWorkingTime: Bool, location: SourceLocation) {
        self.family = family
        self.isWorkingTime = isWorkingTime
        self.location = location
    }
}

/// Staffing of one unit.
public struct UnitCapacity: Hashable, Sendable {
    /// The unit id (as in the unit catalog, e.g. `BINWASNAKER_K3` or `external/DISNAKER`).
    public var unit: Located<String>
    /// Staff members working in parallel; `nil` for unlimited (no queue, e.g. an external body).
    public var staff: Int?
    /// Queue order.
    public var discipline: QueueDiscipline
    /// Effort per task, unless a work rule or a category says otherwise.
    public var handling: Distribution?
    /// Effort per task for tickets of given categories.
    public var handlingByCategory: [String: Distribution]
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a unit capacity.
    public init(
        unit: Located<String>, staff: Int?, discipline: QueueDiscipline, handling: Distribution?,
        handlingByCategory: [String: Distribution], location: SourceLocation
    ) {
        self.unit = unit
        self.staff = staff
        self.discipline = discipline
        self.handling = handling
        self.handlingByCategory = handlingByCategory
        self.location = location
    }
}

/// The load and work rules of one workflow in a scenario.
public struct WorkflowLoad: Hashable, Sendable {
    /// The workflow's `metadata.name`.
    public var workflow: Located<String>
    /// First day of arrivals for this workflow (default: the scenario's `from`).
    public var from: Located<LocalDate>?
    /// Last day of arrivals for this workflow (default: the scenario's `until`).
    public var until: Located<LocalDate>?
    /// The role that opens tickets (default `pelapor`, the reporter).
    public var openedBy: Located<String>?
    /// The arrival process.
    public var arrivals: Arrivals
    /// Who takes which transition in each state.
    public var work: [WorkRule]
    /// Where it is declared.
    public var location: SourceLocation

    /// The role that opens tickets when `opened_by` is not given.
    public static let defaultOpener = "pelapor"

    /// Creates a workflow load.
    public init(
        workflow: Located<String>, from: Located<LocalDate>?, until: Located<LocalDate>?, openedBy: Located<String>?,
        arrivals: Arrivals, work: [WorkRule], location: SourceLocation
    ) {
        self.workflow = workflow
        self.from = from
        self.until = until
        self.openedBy = openedBy
        self.arrivals = arrivals
        self.work = work
        self.location = location
    }
}

/// A non-homogeneous Poisson arrival process: per category a rate per working day, shaped by a weekday
/// and hour profile, seasonal multipliers and a linear trend.
public struct Arrivals: Hashable, Sendable {
    /// Multipliers for Monday … Sunday (default 1 each).
    public var weekdays: [Double]
    /// Multiplier for weekdays that are holidays or cuti bersama (default 1).
    public var nonWorkingDays: Double
    /// Relative weights of the 24 local hours (default flat).
    public var hours: [Double]
    /// Seasonal multipliers.
    public var seasons: [Season]
    /// Relative change of every rate per 365 days from the scenario's start (0.1 = +10 % a year).
    public var trend: Double
    /// Per category: rate and label mix.
    public var categories: [CategoryArrival]
    /// Shares of channels; the rest of the tickets carry no channel.
    public var channels: [Share]
    /// Shares of regions (province codes); the rest carry no region.
    public var regions: [Share]
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates an arrival process.
    public init(
        weekdays: [Double], nonWorkingDays: Double, hours: [Double], seasons: [Season], trend: Double,
        categories: [CategoryArrival], channels: [Share], regions: [Share], location: SourceLocation
    ) {
        self.weekdays = weekdays
        self.nonWorkingDays = nonWorkingDays
        self.hours = hours
        self.seasons = seasons
        self.trend = trend
        self.categories = categories
        self.channels = channels
        self.regions = regions
        self.location = location
    }
}

/// An id with a probability.
public struct Share: Hashable, Sendable {
    /// The id.
    public var id: Located<String>
    /// Probability in [0, 1].
    public var share: Double

    /// Creates a share.
    public init(id: Located<String>, share: Double) {
        self.id = id
        self.share = share
    }
}

/// Arrivals of one category.
public struct CategoryArrival: Hashable, Sendable {
    /// The category id.
    public var category: Located<String>
    /// Expected tickets on an ordinary working day (Monday multiplier 1, no season).
    public var rate: Double
    /// Label combinations with their shares; the rest of the category's tickets carry no label.
    public var labels: [LabelMix]
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a category arrival.
    public init(category: Located<String>, rate: Double, labels: [LabelMix], location: SourceLocation) {
        self.category = category
        self.rate = rate
        self.labels = labels
        self.location = location
    }
}

/// A combination of labels and the share of a category's tickets that carry it.
public struct LabelMix: Hashable, Sendable {
    /// The labels (multi-label).
    public var labels: [Located<String>]
    /// Share in [0, 1].
    public var share: Double
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a label mix.
    public init(labels: [Located<String>], share: Double, location: SourceLocation) {
        self.labels = labels
        self.share = share
        self.location = location
    }
}

/// A multiplier on the arrival rate between two dates, for all or some categories and labels.
public struct Season: Hashable, Sendable {
    /// First day.
    public var from: Located<LocalDate>
    /// Last day.
    public var until: Located<LocalDate>
    /// The multiplier (2 = twice the usual rate).
    public var factor: Double
    /// Categories it applies to (empty: all).
    public var categories: [Located<String>]
    /// Labels it applies to (empty: every label mix; otherwise only mixes carrying one of them).
    public var labels: [Located<String>]
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a season.
    public init(
        from: Located<LocalDate>, until: Located<LocalDate>, factor: Double, categories: [Located<String>],
        labels: [Located<String>], location: SourceLocation
    ) {
        self.from = from
        self.until = until
        self.factor = factor
        self.categories = categories
        self.labels = labels
        self.location = location
    }
}

/// What happens to a ticket in one state: staff of a unit work on it, the reporter is waited for, or a
/// step happens by itself after a delay; then one of the choices is taken.
public struct WorkRule: Hashable, Sendable {
    /// The state of the workflow.
    public var state: Located<String>
    /// The unit whose staff do the work: a unit id, or `assigned` for the ticket's current unit.
    public var unit: Located<String>?
    /// Effort of the work (overrides the unit's handling).
    public var handling: Distribution?
    /// For a waiting state: how the reporter behaves.
    public var reporter: ReporterBehaviour?
    /// For a step without staff (or when the reporter does not reply): the delay before a choice is taken.
    public var after: Distribution?
    /// The transitions taken when the work is done.
    public var choices: [WorkChoice]
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a work rule.
    public init(
        state: Located<String>, unit: Located<String>?, handling: Distribution?, reporter: ReporterBehaviour?,
        after: Distribution?, choices: [WorkChoice], location: SourceLocation
    ) {
        self.state = state
        self.unit = unit
        self.handling = handling
        self.reporter = reporter
        self.after = after
        self.choices = choices
        self.location = location
    }

    /// The unit spelling that means "the ticket's current unit".
    public static let assignedUnit = "assigned"
}

/// One transition a work rule may take.
///
/// Choices with `when` are tried first, in order; the first that matches is taken. Otherwise one of the
/// choices without `when` is drawn by `share` (a choice without a share takes what the others leave).
public struct WorkChoice: Hashable, Sendable {
    /// The workflow event to take.
    public var event: Located<String>
    /// The role that takes it.
    public var role: Located<String>
    /// Probability among the choices without `when`.
    public var share: Double?
    /// Condition on the routing disposition (e.g. `faq`, `forward`).
    public var whenDisposition: [Located<String>]
    /// Condition on the category.
    public var whenCategory: [Located<String>]
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a choice.
    public init(
        event: Located<String>, role: Located<String>, share: Double?, whenDisposition: [Located<String>],
        whenCategory: [Located<String>], location: SourceLocation
    ) {
        self.event = event
        self.role = role
        self.share = share
        self.whenDisposition = whenDisposition
        self.whenCategory = whenCategory
        self.location = location
    }

    /// Whether the choice has a condition.
    public var isConditional: Bool { !whenDisposition.isEmpty || !whenCategory.isEmpty }
}

/// How reporters answer a request for information.
public struct ReporterBehaviour: Hashable, Sendable {
    /// Probability that the reporter replies at all.
    public var replies: Double
    /// Delay of a reply.
    public var delay: Distribution
    /// The event a reply takes (e.g. `reporter_replied`).
    public var event: Located<String>
    /// The role that takes it (e.g. `pelapor`).
    public var role: Located<String>
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a reporter behaviour.
    public init(
        replies: Double, delay: Distribution, event: Located<String>, role: Located<String>, location: SourceLocation
    ) {
        self.replies = replies
        self.delay = delay
        self.event = event
        self.role = role
        self.location = location
    }
}

/// A cut-over from one workflow to another at an instant.
public struct Cutover: Hashable, Sendable {
    /// What happens to the old workflow's open tickets.
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        /// They move to the new workflow with the migration plan.
        case migrate
        /// They finish under the old workflow (the old desk drains).
        case drain
    }

    /// The first day of the new workflow (at 00:00 local time).
    public var on: Located<LocalDate>
    /// The migration plan (required for `migrate`).
    public var plan: Located<String>?
    /// What happens to open tickets.
    public var mode: Mode
    /// The role that migrates tickets (default `sistem`).
    public var by: Located<String>?
    /// Where it is declared.
    public var location: SourceLocation

    /// The role that migrates tickets when `by` is not given.
    public static let defaultRole = "sistem"

    /// Creates a cut-over.
    public init(
        on: Located<LocalDate>, plan: Located<String>?, mode: Mode, by: Located<String>?, location: SourceLocation
    ) {
        self.on = on
        self.plan = plan
        self.mode = mode
        self.by = by
        self.location = location
    }
}
