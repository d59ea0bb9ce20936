import Lapor
import Yams

/// Decoding of `kind: Scenario` documents.
extension DocumentDecoder {
    func scenario(_ root: Node) -> Scenario? {
        guard let fields = reader.fields(root, what: "Scenario", schema: ConfigSchema.scenario) else { return nil }
        let metadata = metadata(fields)
        let period = reader.required(fields, "period").flatMap {
            reader.fields($0, what: "period", schema: ConfigSchema.scenarioPeriod)
        }
        let from = period.flatMap { reader.required($0, "from") }.flatMap { reader.date($0, what: "period.from") }
        let until = period.flatMap { reader.required($0, "until") }.flatMap { reader.date($0, what: "period.until") }
        if let from, let until, until.value < from.value {
            reader.report(
                .invalidValue(
                    "period.until", value: until.value.description, expected: "a date on or after \(from.value)",
                    at: until.location))
        }
        let seed = fields.node("seed").flatMap { reader.integer($0, what: "seed", range: 0...Int.max) }
        let replications = fields.node("replications").flatMap {
            reader.integer($0, what: "replications", range: 1...1_000)
        }
        let clock = fields.node("clock").flatMap { reader.choice($0, what: "clock", as: SimulationClock.self) }
        let kpiSLA = reader.required(fields, "kpi_sla").flatMap { reader.identifier($0, what: "kpi_sla") }
        let units = reader.required(fields, "units").map { reader.list($0, what: "units").compactMap(unitCapacity) }
        let workflows = reader.required(fields, "workflows").map {
            reader.list($0, what: "workflows").compactMap(workflowLoad)
        }
        let cutover = fields.node("cutover").flatMap(cutover)
        guard let metadata, let from, let until, let kpiSLA, let units, let workflows else { return nil }
        return Scenario(
            metadata: metadata, from: from, until: until, seed: UInt64(seed?.value ?? 1),
            replications: replications?.value ?? 1, clock: clock?.value ?? .calendar, kpiSLA: kpiSLA, units: units,
            workflows: workflows, cutover: cutover, location: fields.location)
    }

    // MARK: Units

    private func unitCapacity(_ node: Node) -> UnitCapacity? {
        guard let fields = reader.fields(node, what: "unit capacity", schema: ConfigSchema.unitCapacity) else {
            return nil
        }
        let unit = reader.required(fields, "unit").flatMap { reader.identifier($0, what: "unit id", allowSlash: true) }
        var staff: Int?? = nil
        if let node = reader.required(fields, "staff") {
            if node.string == "unlimited" {
                staff = .some(nil)
            } else if let count = reader.integer(node, what: "staff", range: 0...100_000) {
                staff = .some(count.value)
            }
        }
        let discipline = fields.node("discipline").flatMap {
            reader.choice($0, what: "discipline", as: QueueDiscipline.self)
        }
        let handling = fields.node("handling").flatMap { distribution($0, what: "handling") }
        var byCategory: [String: Distribution] = [:]
        if let node = fields.node("by_category") {
            if case .mapping(let mapping) = node {
                for (key, value) in mapping {
                    guard let category = reader.identifier(key, what: "category id"),
                        let handling = distribution(value, what: "handling")
                    else { continue }
                    byCategory[category.value] = handling
                }
            } else {
                reader.report(.notAMapping("by_category", found: reader.describe(node), at: reader.location(of: node)))
            }
        }
        guard let unit, let staff else { return nil }
        return UnitCapacity(
            unit: unit, staff: staff, discipline: discipline?.value ?? .fifo, handling: handling,
            handlingByCategory: byCategory, location: fields.location)
    }

    /// `{fixed: D}`, `{exponential: {mean: D}}`, `{lognormal: {median: D, p90: D}}`, `{uniform: {min: D, max: D}}`.
    func distribution(_ node: Node, what: String) -> Distribution? {
        let families = ConfigSchema.distribution.keys
        guard let fields = reader.fields(node, what: what, schema: ConfigSchema.distribution) else { return nil }
        let present = families.filter(fields.has)
        guard present.count == 1, let family = present.first, let body = fields.node(family) else {
            reader.report(
                .impossibleDistribution(
                    what, reason: "write exactly one of \(families.joined(separator: ", "))", at: fields.location))
            return nil
        }
        func parameters(_ schema: ObjectSchema) -> [(seconds: Double, isWorkingTime: Bool, location: SourceLocation)]? {
            let names = schema.keys
            guard let values = reader.fields(body, what: "\(family) parameters", schema: schema) else { return nil }
            let read = names.compactMap { name in
                reader.required(values, name).flatMap { reader.seconds($0, what: "\(family).\(name)") }
            }
            return read.count == names.count ? read : nil
        }
        let values: [(seconds: Double, isWorkingTime: Bool, location: SourceLocation)]
        switch family {
        case "fixed": values = reader.seconds(body, what: "fixed").map { [$0] } ?? []
        case "exponential": values = parameters(ConfigSchema.exponential) ?? []
        case "lognormal": values = parameters(ConfigSchema.lognormal) ?? []
        default: values = parameters(ConfigSchema.uniform) ?? []
        }
        guard let first = values.first else { return nil }
        if values.contains(where: { $0.isWorkingTime != first.isWorkingTime }) {
            reader.report(
                .impossibleDistribution(
                    what, reason: "mix of working time and elapsed time; use one kind of unit", at: fields.location))
            return nil
        }
        let shape: Distribution.Family
        switch family {
        case "fixed": shape = .fixed(first.seconds)
        case "exponential":
            guard first.seconds > 0 else {
                reader.report(.impossibleDistribution(what, reason: "the mean must be above zero", at: first.location))
                return nil
            }
            shape = .exponential(mean: first.seconds)
        case "lognormal":
            guard first.seconds > 0, values[1].seconds > first.seconds else {
                reader.report(
                    .impossibleDistribution(
                        what, reason: "a lognormal needs 0 < median < p90", at: values[1].location))
                return nil
            }
            shape = .lognormal(median: first.seconds, p90: values[1].seconds)
        default:
            guard first.seconds <= values[1].seconds else {
                reader.report(.impossibleDistribution(what, reason: "min is above max", at: values[1].location))
                return nil
            }
            shape = .uniform(min: first.seconds, max: values[1].seconds)
        }
        return Distribution(shape, isWorkingTime: first.isWorkingTime, location: fields.location)
    }

    // MARK: Workflows

    private func workflowLoad(_ node: Node) -> WorkflowLoad? {
        guard let fields = reader.fields(node, what: "scenario workflow", schema: ConfigSchema.scenarioWorkflow) else {
            return nil
        }
        let workflow = reader.required(fields, "workflow").flatMap {
            reader.identifier($0, what: "workflow", allowDash: true)
        }
        let from = fields.node("from").flatMap { reader.date($0, what: "from") }
        let until = fields.node("until").flatMap { reader.date($0, what: "until") }
        let openedBy = fields.node("opened_by").flatMap { reader.identifier($0, what: "role") }
        let arrivals = reader.required(fields, "arrivals").flatMap(arrivals)
        let work = reader.required(fields, "work").map { reader.list($0, what: "work").compactMap(workRule) }
        guard let workflow, let arrivals, let work else { return nil }
        return WorkflowLoad(
            workflow: workflow, from: from, until: until, openedBy: openedBy, arrivals: arrivals, work: work,
            location: fields.location)
    }

    private func arrivals(_ node: Node) -> Arrivals? {
        guard let fields = reader.fields(node, what: "arrivals", schema: ConfigSchema.arrivals) else { return nil }
        var weekdays = [Double](repeating: 1, count: 7)
        if let node = fields.node("weekdays"),
            let days = reader.fields(node, what: "weekdays", schema: ConfigSchema.weekdayFactors)
        {
            for day in Weekday.allCases {
                if let value = days.node(day.rawValue).flatMap({
                    reader.number($0, what: "weekday factor", range: 0...100)
                }) {
                    weekdays[day.index] = value.value
                }
            }
        }
        let nonWorking = fields.node("non_working_days").flatMap {
            reader.number($0, what: "non_working_days", range: 0...100)
        }
        var hours = [Double](repeating: 1, count: 24)
        if let node = fields.node("hours") {
            let values = reader.list(node, what: "hours").compactMap {
                reader.number($0, what: "hour weight", range: 0...1_000_000)
            }
            if values.count == 24, values.contains(where: { $0.value > 0 }) {
                hours = values.map(\.value)
            } else {
                reader.report(
                    .invalidValue(
                        "hours", value: "\(values.count) weights", expected: "24 weights, not all zero",
                        at: reader.location(of: node)))
            }
        }
        let seasons = fields.node("seasons").map { reader.list($0, what: "seasons").compactMap(season) } ?? []
        let trend = fields.node("trend").flatMap(trendValue)
        let categories = reader.required(fields, "categories").map {
            reader.list($0, what: "categories").compactMap(categoryArrival)
        }
        let channels = fields.node("channels").map { shares($0, what: "channels") } ?? []
        let regions = fields.node("regions").map { shares($0, what: "regions") } ?? []
        guard let categories else { return nil }
        return Arrivals(
            weekdays: weekdays, nonWorkingDays: nonWorking?.value ?? 1, hours: hours, seasons: seasons,
            trend: trend ?? 0, categories: categories, channels: channels, regions: regions,
            location: fields.location)
    }

    private func trendValue(_ node: Node) -> Double? {
        guard let text = reader.string(node, what: "trend") else { return nil }
        let raw = text.value.hasSuffix("%") ? String(text.value.dropLast()) : text.value
        guard let value = NodeReader.decimal(raw).map({ text.value.hasSuffix("%") ? $0 / 100 : $0 }),
            (-1...10).contains(value)
        else {
            reader.report(
                .invalidValue(
                    "trend", value: text.value, expected: "a change per year from -100% to 1000%, e.g. 5%",
                    at: text.location))
            return nil
        }
        return value
    }

    private func shares(_ node: Node, what: String) -> [Share] {
        guard case .mapping(let mapping) = node else {
            reader.report(.notAMapping(what, found: reader.describe(node), at: reader.location(of: node)))
            return []
        }
        var result: [Share] = []
        for (key, value) in mapping {
            guard let id = reader.identifier(key, what: "\(what) id"), let share = reader.fraction(value, what: "share")
            else { continue }
            result.append(Share(id: id, share: share.value))
        }
        let total = result.reduce(0) { $0 + $1.share }
        if total > 1.000_001 {
            reader.report(.sharesExceedWhole(what, total: total, at: reader.location(of: node)))
        }
        return result
    }

    private func season(_ node: Node) -> Season? {
        guard let fields = reader.fields(node, what: "season", schema: ConfigSchema.season) else { return nil }
        let from = reader.required(fields, "from").flatMap { reader.date($0, what: "season.from") }
        let until = reader.required(fields, "until").flatMap { reader.date($0, what: "season.until") }
        let factor = reader.required(fields, "factor").flatMap { reader.number($0, what: "factor", range: 0...1_000) }
        let categories = ids(fields.node("categories"), what: "category id")
        let labels = ids(fields.node("labels"), what: "label id")
        guard let from, let until, let factor else { return nil }
        if until.value < from.value {
            reader.report(
                .invalidValue(
                    "season.until", value: until.value.description, expected: "a date on or after \(from.value)",
                    at: until.location))
        }
        return Season(
            from: from, until: until, factor: factor.value, categories: categories, labels: labels,
            location: fields.location)
    }

    private func categoryArrival(_ node: Node) -> CategoryArrival? {
        guard let fields = reader.fields(node, what: "category arrivals", schema: ConfigSchema.categoryArrivals) else {
            return nil
        }
        let category = reader.required(fields, "category").flatMap { reader.identifier($0, what: "category id") }
        let rate = reader.required(fields, "rate").flatMap {
            reader.number($0, what: "rate per working day", range: 0...10_000_000)
        }
        var mixes: [LabelMix] = []
        if let node = fields.node("labels") {
            for entry in reader.list(node, what: "labels") {
                guard let mix = reader.fields(entry, what: "label mix", schema: ConfigSchema.labelMix) else { continue }
                let labels = reader.required(mix, "labels").map { ids($0, what: "label id") } ?? []
                guard let share = reader.required(mix, "share").flatMap({ reader.fraction($0, what: "share") }),
                    !labels.isEmpty
                else { continue }
                mixes.append(LabelMix(labels: labels, share: share.value, location: mix.location))
            }
            let total = mixes.reduce(0) { $0 + $1.share }
            if total > 1.000_001 {
                reader.report(.sharesExceedWhole("label mixes", total: total, at: reader.location(of: node)))
            }
        }
        guard let category, let rate else { return nil }
        return CategoryArrival(category: category, rate: rate.value, labels: mixes, location: fields.location)
    }

    private func workRule(_ node: Node) -> WorkRule? {
        guard let fields = reader.fields(node, what: "work rule", schema: ConfigSchema.workRule) else { return nil }
        let state = reader.required(fields, "state").flatMap { reader.identifier($0, what: "state") }
        let unit = fields.node("unit").flatMap { reader.identifier($0, what: "unit id", allowSlash: true) }
        let handling = fields.node("handling").flatMap { distribution($0, what: "handling") }
        let reporter = fields.node("reporter").flatMap(reporterBehaviour)
        let after = fields.node("after").flatMap { distribution($0, what: "after") }
        let choices = fields.node("choices").map { reader.list($0, what: "choices").compactMap(workChoice) } ?? []
        guard let state else { return nil }
        if unit != nil, after != nil {
            reader.report(
                .workRuleShape(
                    state.value, problem: "has both 'unit' (staff work) and 'after' (a step by itself); keep one",
                    at: fields.location))
        } else if unit == nil, after == nil, reporter == nil {
            reader.report(
                .workRuleShape(
                    state.value, problem: "needs 'unit' (staff work), 'after' (a step by itself) or 'reporter'",
                    at: fields.location))
        } else if choices.isEmpty, unit != nil || after != nil {
            reader.report(.workRuleShape(state.value, problem: "has no choices to take", at: fields.location))
        }
        if handling != nil, unit == nil {
            reader.report(
                .workRuleShape(
                    state.value, problem: "'handling' needs 'unit' (whose staff do the work)", at: fields.location))
        }
        let unconditional = choices.filter { !$0.isConditional }
        let shared = unconditional.compactMap(\.share).reduce(0, +)
        if shared > 1.000_001 {
            reader.report(.sharesExceedWhole("choices", total: shared, at: fields.location))
        }
        return WorkRule(
            state: state, unit: unit, handling: handling, reporter: reporter, after: after, choices: choices,
            location: fields.location)
    }

    private func workChoice(_ node: Node) -> WorkChoice? {
        guard let fields = reader.fields(node, what: "choice", schema: ConfigSchema.workChoice) else {
            return nil
        }
        let event = reader.required(fields, "event").flatMap { reader.identifier($0, what: "event name") }
        let role = reader.required(fields, "by").flatMap { reader.identifier($0, what: "role") }
        let share = fields.node("share").flatMap { reader.fraction($0, what: "share") }
        var dispositions: [Located<String>] = []
        var categories: [Located<String>] = []
        if let node = fields.node("when"),
            let when = reader.fields(node, what: "when", schema: ConfigSchema.choiceCondition)
        {
            dispositions = ids(when.node("disposition"), what: "disposition")
            categories = ids(when.node("category"), what: "category id")
            if share != nil {
                reader.report(
                    .workRuleShape(
                        event?.value ?? "choice",
                        problem: "a choice with 'when' is taken whenever it matches; drop 'share'",
                        at: fields.location))
            }
        }
        guard let event, let role else { return nil }
        return WorkChoice(
            event: event, role: role, share: share?.value, whenDisposition: dispositions, whenCategory: categories,
            location: fields.location)
    }

    private func reporterBehaviour(_ node: Node) -> ReporterBehaviour? {
        guard let fields = reader.fields(node, what: "reporter", schema: ConfigSchema.reporter) else { return nil }
        let replies = reader.required(fields, "replies").flatMap { reader.fraction($0, what: "replies") }
        let delay = reader.required(fields, "delay").flatMap { distribution($0, what: "delay") }
        let event = reader.required(fields, "event").flatMap { reader.identifier($0, what: "event name") }
        let role = reader.required(fields, "by").flatMap { reader.identifier($0, what: "role") }
        guard let replies, let delay, let event, let role else { return nil }
        return ReporterBehaviour(
            replies: replies.value, delay: delay, event: event, role: role, location: fields.location)
    }

    private func cutover(_ node: Node) -> Cutover? {
        guard let fields = reader.fields(node, what: "cutover", schema: ConfigSchema.cutover) else { return nil }
        let on = reader.required(fields, "on").flatMap { reader.date($0, what: "cutover.on") }
        let plan = fields.node("plan").flatMap { reader.identifier($0, what: "plan", allowDash: true) }
        let mode = reader.required(fields, "mode").flatMap {
            reader.choice($0, what: "cutover mode", as: Cutover.Mode.self)
        }
        let by = fields.node("by").flatMap { reader.identifier($0, what: "role") }
        guard let on, let mode else { return nil }
        if mode.value == .migrate, plan == nil {
            reader.report(.missingKey("plan", in: "cutover (mode migrate)", at: fields.location))
        }
        return Cutover(on: on, plan: plan, mode: mode.value, by: by, location: fields.location)
    }
}
