extension ConfigSchema {
    /// `kind: Scenario`: a simulation of ticket arrivals and staff work (docs/simulation.md).
    public static let scenario = envelope(
        .scenario, "A simulation scenario: arrivals, staff and the work done in each state.",
        [
            .init("period", .object(scenarioPeriod), required: true, "The simulated dates."),
            .init("seed", .integer(0...Int.max), "Seed of the random numbers (1 if absent)."),
            .init("replications", .integer(1...1_000), "Independent runs to average (1 if absent)."),
            .init(
                "clock", .choice(SimulationClock.allCases.map(\.rawValue)),
                "calendar (default: working calendar) or continuous (every hour counts)."),
            .init("kpi_sla", .identifier(.plain), required: true, "The SLA whose breaches the summary counts."),
            .init("units", .list(.object(unitCapacity)), required: true, "The staff of each unit."),
            .init("workflows", .list(.object(scenarioWorkflow)), required: true, "The workflows tickets run in."),
            .init("cutover", .object(cutover), "A switch from one workflow to another during the period."),
        ])

    /// A scenario's `period`.
    public static let scenarioPeriod = ObjectSchema(
        name: "scenario_period", description: "The simulated dates, both inclusive.",
        properties: [
            .init("from", .date, required: true, "First simulated day."),
            .init("until", .date, required: true, "Last simulated day."),
        ])

    /// One of a scenario's `units`.
    public static let unitCapacity = ObjectSchema(
        name: "unit_capacity", description: "The staff of a unit and how long their work takes.",
        properties: [
            .init("unit", .identifier(.unit), required: true, "The unit."),
            .init(
                "staff", .anyOf([.integer(0...100_000), .constant("unlimited")]), required: true,
                "Number of staff, or unlimited (bodies outside the ministry)."),
            .init(
                "discipline", .choice(QueueDiscipline.allCases.map(\.rawValue)),
                "fifo (default) or earliest_due: the order the queue is worked in."),
            .init("handling", .object(distribution), "Staff effort per ticket."),
            .init(
                "by_category", .map(key: .plain, value: .object(distribution)),
                "Staff effort per ticket of some categories, by category id."),
        ])

    /// A random duration: exactly one of its keys.
    public static let distribution = ObjectSchema(
        name: "distribution", description: "A random duration; exactly one key.",
        properties: [
            .init("fixed", .decimalDuration, "Always this long."),
            .init("exponential", .object(exponential), "Exponential with this mean."),
            .init("lognormal", .object(lognormal), "Lognormal with this median and 90th percentile."),
            .init("uniform", .object(uniform), "Uniform between min and max."),
        ], isChoice: true)

    /// Parameters of an exponential distribution.
    public static let exponential = ObjectSchema(
        name: "exponential", description: "Parameters of an exponential duration.",
        properties: [.init("mean", .decimalDuration, required: true, "The mean, above zero.")])

    /// Parameters of a lognormal distribution.
    public static let lognormal = ObjectSchema(
        name: "lognormal", description: "Parameters of a lognormal duration: 0 < median < p90.",
        properties: [
            .init("median", .decimalDuration, required: true, "The median."),
            .init("p90", .decimalDuration, required: true, "The 90th percentile."),
        ])

    /// Parameters of a uniform distribution.
    public static let uniform = ObjectSchema(
        name: "uniform", description: "Parameters of a uniform duration: min <= max.",
        properties: [
            .init("min", .decimalDuration, required: true, "The shortest."),
            .init("max", .decimalDuration, required: true, "The longest."),
        ])

    /// One of a scenario's `workflows`.
    public static let scenarioWorkflow = ObjectSchema(
        name: "scenario_workflow", description: "A workflow of a scenario with its arrivals and work.",
        properties: [
            .init("workflow", .identifier(.name), required: true, "The workflow."),
            .init("from", .date, "First day tickets open in it (the period's if absent)."),
            .init("until", .date, "Last day tickets open in it (the period's if absent)."),
            .init("opened_by", .identifier(.plain), "The role that opens tickets."),
            .init("arrivals", .object(arrivals), required: true, "How many tickets arrive, when and of what kind."),
            .init("work", .list(.object(workRule)), required: true, "What happens in each state."),
        ])

    /// A scenario workflow's `arrivals`.
    public static let arrivals = ObjectSchema(
        name: "arrivals", description: "Ticket arrivals: rates, patterns over time, and ticket facts.",
        properties: [
            .init("weekdays", .object(weekdayFactors), "Factors by weekday (1 if absent)."),
            .init("non_working_days", .number(0...100), "Factor on holidays and cuti bersama (1 if absent)."),
            .init("hours", .list(.number(0...1_000_000)), "24 weights of the hours of a day."),
            .init("seasons", .list(.object(season)), "Periods with more or fewer arrivals."),
            .init(
                "trend", .anyOf([.number(-1...10), .fraction]),
                "Change per year, e.g. 5% (-100% to 1000%)."),
            .init("categories", .list(.object(categoryArrivals)), required: true, "Arrival rates by category."),
            .init("channels", .map(key: .plain, value: .fraction), "Shares of channels, by channel id."),
            .init("regions", .map(key: .plain, value: .fraction), "Shares of regions, by region id."),
        ])

    /// An arrivals' `weekdays`.
    public static let weekdayFactors = ObjectSchema(
        name: "weekday_factors", description: "Arrival factors by weekday.",
        properties: Weekday.allCases.map { .init($0.rawValue, .number(0...100), "Factor on \($0.rawValue).") })

    /// One of an arrivals' `seasons`.
    public static let season = ObjectSchema(
        name: "season", description: "A period with more or fewer arrivals.",
        properties: [
            .init("from", .date, required: true, "First day."),
            .init("until", .date, required: true, "Last day."),
            .init("factor", .number(0...1_000), required: true, "Arrivals are multiplied by this."),
            .init("categories", .oneOrMany(.identifier(.plain)), "Only these categories."),
            .init("labels", .oneOrMany(.identifier(.plain)), "Only tickets with these labels."),
        ])

    /// One of an arrivals' `categories`.
    public static let categoryArrivals = ObjectSchema(
        name: "category_arrivals", description: "The arrivals of one category.",
        properties: [
            .init("category", .identifier(.plain), required: true, "The category."),
            .init("rate", .number(0...10_000_000), required: true, "Tickets per working day."),
            .init("labels", .list(.object(labelMix)), "Label sets and their shares."),
        ])

    /// One label mix of a category's arrivals.
    public static let labelMix = ObjectSchema(
        name: "label_mix", description: "A set of labels and the share of tickets that carry it.",
        properties: [
            .init("labels", .oneOrMany(.identifier(.plain)), required: true, "The labels."),
            .init("share", .fraction, required: true, "The share of the category's tickets."),
        ])

    /// One of a scenario workflow's `work` rules.
    public static let workRule = ObjectSchema(
        name: "work_rule", description: "What happens to tickets in one state.",
        properties: [
            .init("state", .identifier(.plain), required: true, "The state."),
            .init("unit", .identifier(.unit), "The unit whose staff work here (assigned: the ticket's unit)."),
            .init("handling", .object(distribution), "Staff effort per ticket (needs unit)."),
            .init("reporter", .object(reporter), "What the reporter does in this state."),
            .init("after", .object(distribution), "A step taken by itself after this long."),
            .init("choices", .list(.object(workChoice)), "The transitions taken, with shares or conditions."),
        ])

    /// One of a work rule's `choices`.
    public static let workChoice = ObjectSchema(
        name: "work_choice", description: "A transition a work rule takes.",
        properties: [
            .init("event", .identifier(.plain), required: true, "The event."),
            .init("by", .identifier(.plain), required: true, "The acting role."),
            .init("share", .fraction, "The share of tickets that take it."),
            .init("when", .object(choiceCondition), "Taken whenever this matches (no share)."),
        ])

    /// A choice's `when`.
    public static let choiceCondition = ObjectSchema(
        name: "choice_when", description: "When a choice is taken.",
        properties: [
            .init("disposition", .oneOrMany(.identifier(.plain)), "The ticket's routing disposition."),
            .init("category", .oneOrMany(.identifier(.plain)), "The ticket's category."),
        ])

    /// A work rule's `reporter`.
    public static let reporter = ObjectSchema(
        name: "reporter", description: "How reporters reply in a state.",
        properties: [
            .init("replies", .fraction, required: true, "The share of reporters who reply."),
            .init("delay", .object(distribution), required: true, "How long they take."),
            .init("event", .identifier(.plain), required: true, "The event of a reply."),
            .init("by", .identifier(.plain), required: true, "The role of the reply."),
        ])

    /// A scenario's `cutover`.
    public static let cutover = ObjectSchema(
        name: "cutover", description: "A switch from one workflow to another during the period.",
        properties: [
            .init("on", .date, required: true, "The day of the switch."),
            .init("plan", .identifier(.name), "The migration plan (mode migrate)."),
            .init(
                "mode", .choice(Cutover.Mode.allCases.map(\.rawValue)), required: true,
                "migrate (open tickets move with the plan) or drain (they finish in the old workflow)."),
            .init("by", .identifier(.plain), "The role that migrates."),
        ])
}
