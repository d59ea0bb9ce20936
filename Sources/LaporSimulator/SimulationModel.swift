import Lapor

/// A scenario compiled against its workspace: definitions, calendars, arrival rates per day and stream,
/// samplers and work rules, ready to run any number of replications.
///
/// Compiling runs the validator first: a scenario with errors never runs.
public struct SimulationModel: Sendable {
    /// The scenario.
    public let scenario: Scenario
    let loads: [LoadModel]
    let units: [UnitModel]
    let unitIndex: [String: Int]
    /// The categories of the arrival streams, each once.
    let categories: [String]
    /// Per load and arrival stream: the index of its category in `categories`.
    let streamCategories: [[Int]]
    /// Per unit and category: the handling-time sampler of the unit's staff (the category's or the unit's).
    let unitHandling: [[Sampler?]]
    let migration: Migration?
    let cutoverAt: Instant?
    let cutoverActor: Actor
    /// First instant of the period (00:00 of `from` in the first workflow's calendar).
    public let start: Instant
    /// End of the run (00:00 after `until`).
    public let end: Instant
    /// Local midnights from `start` to `end`, for backlog samples.
    let days: [LocalDate]
    /// Working seconds per staff member over the period (elapsed seconds for a continuous clock).
    let availableSeconds: Double

    /// The expected number of arrivals over the period, every workflow together: the mean of the
    /// arrival process (the sum of the daily rates, with weekdays, days off, trend and seasons applied).
    public var expectedArrivals: Double {
        loads.reduce(0.0) { total, load in total + load.dayRates.reduce(0.0) { $0 + ($1.last ?? 0) } }
    }

    /// Compiles `scenario` (by name) from `workspace`; every problem of the workspace is reported.
    public static func make(scenario name: String, in workspace: Workspace) -> Result<SimulationModel, Diagnostics> {
        guard let scenario = workspace.scenario(named: name) else {
            return .failure(
                Diagnostics([
                    .unknownDocument(
                        .scenario, name: name, known: workspace.scenarios.map(\.metadata.name.value),
                        at: .file(name))
                ]))
        }
        let problems = Validator().validate(workspace).filter { $0.severity == .error }
        guard problems.isEmpty else { return .failure(Diagnostics(problems)) }
        do throws(Diagnostics) {
            return .success(try SimulationModel(scenario: scenario, workspace: workspace))
        } catch {
            return .failure(error)
        }
    }

    private init(scenario: Scenario, workspace: Workspace) throws(Diagnostics) {
        self.scenario = scenario
        var units: [UnitModel] = []
        var unitIndex: [String: Int] = [:]
        for capacity in scenario.units {
            unitIndex[capacity.unit.value] = units.count
            units.append(UnitModel(capacity))
        }
        self.units = units
        self.unitIndex = unitIndex
        var loads: [LoadModel] = []
        for (index, load) in scenario.workflows.enumerated() {
            loads.append(
                try LoadModel(index: index, load: load, scenario: scenario, workspace: workspace, units: unitIndex))
        }
        self.loads = loads
        var categories: [String] = []
        var categoryIndex: [String: Int] = [:]
        streamCategories = loads.map { load in
            load.streams.map { stream in
                if let known = categoryIndex[stream.category] { return known }
                categoryIndex[stream.category] = categories.count
                categories.append(stream.category)
                return categories.count - 1
            }
        }
        self.categories = categories
        unitHandling = units.map { unit in categories.map { unit.byCategory[$0] ?? unit.handling } }
        guard let first = loads.first else {
            throw Diagnostics([.missingKey("workflows", in: "Scenario", at: scenario.location)])
        }
        let offset = first.calendar.offset
        start = Instant(date: scenario.from.value, secondOfDay: 0, offset: offset)
        end = Instant(date: scenario.until.value.adding(days: 1), secondOfDay: 0, offset: offset)
        var days: [LocalDate] = []
        var day = scenario.from.value
        while day <= scenario.until.value {
            days.append(day)
            day = day.adding(days: 1)
        }
        self.days = days
        switch scenario.clock {
        case .continuous: availableSeconds = Double(end.secondsSinceEpoch - start.secondsSinceEpoch)
        case .calendar:
            do throws(Diagnostic) {
                availableSeconds = Double(try first.calendar.workingSeconds(from: start, to: end))
            } catch {
                throw Diagnostics([error])
            }
        }
        cutoverActor = Actor(role: scenario.cutover?.by?.value ?? Cutover.defaultRole)
        if let cutover = scenario.cutover {
            cutoverAt = Instant(date: cutover.on.value, secondOfDay: 0, offset: offset)
            if cutover.mode == .migrate, let name = cutover.plan?.value, let plan = workspace.migrationPlan(named: name)
            {
                switch Migration.make(plan: plan, in: workspace) {
                case .success(let made): migration = made
                case .failure(let errors): throw errors
                }
            } else {
                migration = nil
            }
        } else {
            cutoverAt = nil
            migration = nil
        }
    }

    /// The load (workflow) index whose definition has `hash`.
    func loadIndex(definition hash: String) -> Int? { loads.firstIndex { $0.definition.hash == hash } }
}

/// A unit's staffing, ready to run.
final class UnitModel: Sendable {
    let id: String
    /// Servers; `Int.max` for unlimited.
    let staff: Int
    let discipline: QueueDiscipline
    let handling: Sampler?
    let byCategory: [String: Sampler]

    init(_ capacity: UnitCapacity) {
        id = capacity.unit.value
        staff = capacity.staff ?? Int.max
        discipline = capacity.discipline
        handling = capacity.handling.map(Sampler.init)
        byCategory = capacity.handlingByCategory.mapValues(Sampler.init)
    }
}

/// One arrival stream: a category with one label combination.
struct ArrivalStream: Sendable {
    let category: String
    let labels: [String]
    /// Expected tickets on an ordinary working day.
    let rate: Double
}

/// A transition a work rule takes, prepared as an interpreter input.
///
/// A class, so that handing out a choice costs one reference count; its conditions are short lists
/// compared in order (a set would hash the ticket's disposition and category at every step).
final class PreparedChoice: Sendable {
    let event: String
    let input: Input
    let dispositions: [String]
    let categories: [String]
    /// Upper end of the choice's slice of [0, 1) among unconditional choices.
    let cumulative: Double

    /// `Engine.advance` of `ticket` with this choice's input, passed from where the choice keeps it: read
    /// out of the class by the caller, the input would be copied.
    func advance(_ definition: Definition, _ ticket: inout TicketState, now: Instant) -> Diagnostic? {
        Engine.advance(definition, &ticket, input, now: now)
    }

    init(event: String, input: Input, dispositions: [String], categories: [String], cumulative: Double) {
        self.event = event
        self.input = input
        self.dispositions = dispositions
        self.categories = categories
        self.cumulative = cumulative
    }
}

/// A work rule, ready to run.
final class RuleModel: Sendable {
    enum Worker: Sendable {
        /// Staff of a unit (`nil`: the ticket's current unit).
        case unit(Int?)
        /// Nobody: the step happens after `after`.
        case automatic
        /// The reporter, then (if no reply) the automatic path.
        case reporter
    }

    let state: String
    /// `state.utf8.count`.
    let stateLength: Int
    let worker: Worker
    let handling: Sampler?
    let after: Sampler?
    let replies: Double
    let replyDelay: Sampler?
    /// The reporter's reply, as the transition it takes.
    let reply: PreparedChoice?
    let conditional: [PreparedChoice]
    let unconditional: [PreparedChoice]
    let location: SourceLocation

    init(_ rule: WorkRule, units: [String: Int]) {
        state = rule.state.value
        stateLength = state.utf8.count
        if let unit = rule.unit {
            worker = .unit(unit.value == WorkRule.assignedUnit ? nil : units[unit.value])
        } else if rule.reporter != nil {
            worker = .reporter
        } else {
            worker = .automatic
        }
        handling = rule.handling.map(Sampler.init)
        after = rule.after.map(Sampler.init)
        replies = rule.reporter?.replies ?? 0
        replyDelay = rule.reporter.map { Sampler($0.delay) }
        reply = rule.reporter.map { reporter in
            PreparedChoice(
                event: reporter.event.value,
                input: .transition(reporter.event.value, by: Actor(role: reporter.role.value)), dispositions: [],
                categories: [], cumulative: 1)
        }
        conditional = rule.choices.filter(\.isConditional).map { choice in
            PreparedChoice(
                event: choice.event.value, input: .transition(choice.event.value, by: Actor(role: choice.role.value)),
                dispositions: Self.distinct(choice.whenDisposition.map(\.value)),
                categories: Self.distinct(choice.whenCategory.map(\.value)),
                cumulative: 1)
        }
        var total = 0.0
        var prepared: [PreparedChoice] = []
        let plain = rule.choices.filter { !$0.isConditional }
        let rest = max(0, 1 - plain.compactMap(\.share).reduce(0, +))
        for choice in plain {
            total += choice.share ?? rest
            prepared.append(
                PreparedChoice(
                    event: choice.event.value,
                    input: .transition(choice.event.value, by: Actor(role: choice.role.value)),
                    dispositions: [], categories: [], cumulative: total))
        }
        unconditional = prepared
        location = rule.location
    }

    /// `values` without repeats, in their first order.
    private static func distinct(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// The choice for a ticket with `disposition` and `category`, drawing from `random` when needed.
    func choose(disposition: String?, category: String, random: inout SimulationRandom) -> PreparedChoice? {
        for choice in conditional {
            if !choice.dispositions.isEmpty, !choice.dispositions.contains(disposition ?? "") { continue }
            if !choice.categories.isEmpty, !choice.categories.contains(category) { continue }
            return choice
        }
        guard unconditional.count > 1 else { return unconditional.first }
        let draw = random.uniform() * (unconditional.last?.cumulative ?? 1)
        return unconditional.first { draw < $0.cumulative } ?? unconditional.last
    }
}

/// One workflow of a scenario, ready to run.
final class LoadModel: Sendable {
    let index: Int
    let definition: Definition
    let calendar: WorkingCalendar
    /// The work rules, in the scenario's order (the last of two rules for one state wins).
    let ruleList: [RuleModel]
    let streams: [ArrivalStream]
    /// Per day of the period: the expected tickets of each stream (cumulative) — empty outside the load's dates.
    let dayRates: [[Double]]
    /// The hour profile, normalized to sum 1.
    let hourWeights: [Double]
    let channels: [(id: String, cumulative: Double)]
    let regions: [(id: String, cumulative: Double)]
    let location: SourceLocation
    /// Who opens the tickets.
    let opener: Actor

    init(index: Int, load: WorkflowLoad, scenario: Scenario, workspace: Workspace, units: [String: Int])
        throws(Diagnostics)
    {
        self.index = index
        switch Definition.make(workflow: load.workflow.value, in: workspace) {
        case .success(let made): definition = made
        case .failure(let errors): throw errors
        }
        calendar = definition.calendar
        var rules: [RuleModel] = []
        for rule in load.work {
            let made = RuleModel(rule, units: units)
            if let earlier = rules.firstIndex(where: { $0.state == made.state }) {
                rules[earlier] = made
            } else {
                rules.append(made)
            }
        }
        ruleList = rules
        var streams: [ArrivalStream] = []
        for entry in load.arrivals.categories {
            var rest = 1.0
            for mix in entry.labels {
                streams.append(
                    ArrivalStream(
                        category: entry.category.value, labels: mix.labels.map(\.value), rate: entry.rate * mix.share))
                rest -= mix.share
            }
            if rest > 1e-9 {
                streams.append(ArrivalStream(category: entry.category.value, labels: [], rate: entry.rate * rest))
            }
        }
        self.streams = streams
        let total = load.arrivals.hours.reduce(0, +)
        hourWeights = load.arrivals.hours.map { $0 / total }
        func cumulative(_ shares: [Share]) -> [(id: String, cumulative: Double)] {
            var sum = 0.0
            return shares.map { share in
                sum += share.share
                return (share.id.value, sum)
            }
        }
        channels = cumulative(load.arrivals.channels)
        regions = cumulative(load.arrivals.regions)
        location = load.location
        opener = Actor(role: load.openedBy?.value ?? WorkflowLoad.defaultOpener)
        let first = load.from?.value ?? scenario.from.value
        let last = load.until?.value ?? scenario.until.value
        var dayRates: [[Double]] = []
        var day = scenario.from.value
        let arrivals = load.arrivals
        while day <= scenario.until.value {
            guard day >= first, day <= last else {
                dayRates.append([])
                day = day.adding(days: 1)
                continue
            }
            var factor = arrivals.weekdays[day.weekday.index]
            let kind: DayKind
            do throws(Diagnostic) {
                kind = try definition.calendar.dayKind(day)
            } catch {
                throw Diagnostics([error])
            }
            if !kind.isWorking, day.weekday.index < 5 { factor *= arrivals.nonWorkingDays }
            factor *= max(0, 1 + arrivals.trend * Double(day.daysSinceEpoch - scenario.from.value.daysSinceEpoch) / 365)
            var sum = 0.0
            var rates: [Double] = []
            for stream in streams {
                var rate = stream.rate * factor
                for season in arrivals.seasons where season.from.value <= day && day <= season.until.value {
                    if !season.categories.isEmpty, !season.categories.contains(where: { $0.value == stream.category }) {
                        continue
                    }
                    if !season.labels.isEmpty, !season.labels.contains(where: { stream.labels.contains($0.value) }) {
                        continue
                    }
                    rate *= season.factor
                }
                sum += rate
                rates.append(sum)
            }
            dayRates.append(rates)
            day = day.adding(days: 1)
        }
        self.dayRates = dayRates
    }

    /// The index in `ruleList` of the rule for `state`, -1 if none.
    ///
    /// A scan of a few rules that compares lengths before text: cheaper than hashing the state's name.
    func ruleIndex(of state: String) -> Int32 {
        let length = state.utf8.count
        for (index, rule) in ruleList.enumerated() where rule.stateLength == length && rule.state == state {
            return Int32(index)
        }
        return -1
    }
}
