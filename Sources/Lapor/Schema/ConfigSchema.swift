/// The shape of every config document: keys, which are required, value types and descriptions.
///
/// This is the one description of the config format. The loader takes each mapping's allowed and
/// required keys from it, `lapor schema` turns it into JSON Schema for editors and CI, and
/// `docs/config.md` is checked against it.
public enum ConfigSchema {
    /// The object schema of a whole document of `kind`, envelope included.
    public static func document(_ kind: DocumentKind) -> ObjectSchema {
        switch kind {
        case .workflow: workflow
        case .routingTable: routingTable
        case .units: units
        case .categories: categories
        case .calendar: calendar
        case .migrationPlan: migrationPlan
        case .scenario: scenario
        case .testSuite: testSuite
        }
    }

    static func envelope(_ kind: DocumentKind, _ description: String, _ properties: [SchemaProperty]) -> ObjectSchema {
        ObjectSchema(
            name: kind.rawValue, description: description,
            properties: [
                .init("apiVersion", .constant("lapor/v1"), required: true, "The config format version: lapor/v1."),
                .init("kind", .constant(kind.rawValue), required: true, "The document kind."),
                .init("metadata", .object(metadata), required: true, "Name, version and description of the document."),
            ] + properties)
    }

    /// `metadata`.
    public static let metadata = ObjectSchema(
        name: "metadata", description: "Name, version and description of a document.",
        properties: [
            .init(
                "name", .identifier(.name), required: true,
                "The document's name; other documents refer to it (letters, digits, '-' and '_')."),
            .init("version", .text, "Free-form version label, e.g. \"2025.11\" (quote it)."),
            .init("description", .text, "Human description."),
        ])

    // MARK: Workflow

    /// `kind: Workflow`.
    public static let workflow = envelope(
        .workflow, "A ticket workflow: roles, states, transitions, SLAs, reminders and escalations.",
        [
            .init(
                "calendar", .identifier(.name), required: true, "Name of the Calendar its SLAs count working time in."),
            .init("routing", .identifier(.name), "Name of the RoutingTable that assigns tickets to units."),
            .init(
                "effective", .object(effective),
                "Dates the workflow is in effect; the calendar must cover these years."),
            .init("roles", .list(.identifier(.plain)), required: true, "The roles that may act on tickets."),
            .init("states", .list(.object(state)), required: true, "The ticket states; exactly one is initial."),
            .init("transitions", .list(.object(transition)), "The moves between states, each on an event."),
            .init(
                "reopen", .object(reopen),
                "Whether and how a closed ticket may be reopened; the only way out of a terminal state."),
            .init(
                "permissions", .object(permissions),
                "Which roles may assign, note and reply (every declared role for a command not listed)."),
            .init("slas", .list(.object(sla)), "Service-level clocks."),
            .init("reminders", .list(.object(reminder)), "Reminders before an SLA's deadline."),
            .init("escalations", .list(.object(escalation)), "What happens after an SLA is breached."),
        ])

    /// `effective` of a workflow.
    public static let effective = ObjectSchema(
        name: "effective", description: "A period of dates, both inclusive.",
        properties: [
            .init("from", .date, required: true, "First day in effect."),
            .init("until", .date, required: true, "Last day in effect."),
        ])

    /// One of a workflow's `states`.
    public static let state = ObjectSchema(
        name: "state", description: "A ticket state.",
        properties: [
            .init("id", .identifier(.plain), required: true, "The state's id."),
            .init("initial", .boolean, "Whether tickets open in this state (exactly one state)."),
            .init("terminal", .boolean, "Whether the ticket is closed in this state."),
            .init(
                "clocks", .choice(ClockMode.allCases.map(\.rawValue)),
                "running (default) or paused: paused stops every SLA clock while the ticket is in this state."),
            .init("description", .text, "Human description."),
        ])

    /// One of a workflow's `transitions`.
    public static let transition = ObjectSchema(
        name: "transition", description: "A move from one or more states to another on an event.",
        properties: [
            .init("from", .oneOrMany(.identifier(.plain)), required: true, "The state or states it leaves."),
            .init("to", .identifier(.plain), required: true, "The state it enters."),
            .init("on", .identifier(.plain), required: true, "The event that takes it."),
            .init("by", .oneOrMany(.identifier(.plain)), required: true, "The role or roles that may take it."),
            .init("route", .boolean, "Whether the router assigns the ticket's unit on this move."),
            .init("description", .text, "Human description."),
        ])

    /// A workflow's `reopen` policy.
    public static let reopen = ObjectSchema(
        name: "reopen", description: "How a closed ticket may be reopened.",
        properties: [
            .init("to", .identifier(.plain), required: true, "The state a reopened ticket enters."),
            .init("by", .oneOrMany(.identifier(.plain)), required: true, "The roles that may reopen."),
            .init("within", .duration, "How long after closing a ticket may be reopened (no limit if absent)."),
            .init(
                "restarts", .oneOrMany(.identifier(.plain)),
                "SLAs that start afresh, with their whole target, when a ticket is reopened (none if absent)."),
        ])

    /// A workflow's `permissions`.
    public static let permissions = ObjectSchema(
        name: "permissions", description: "Which roles may give the commands that are not transitions.",
        properties: [
            .init("assign", .oneOrMany(.identifier(.plain)), "The roles that may assign a ticket to a unit by hand."),
            .init("note", .oneOrMany(.identifier(.plain)), "The roles that may add a note."),
            .init("reply", .oneOrMany(.identifier(.plain)), "The roles that may attach a reply for the reporter."),
        ])

    /// One of a workflow's `slas`.
    public static let sla = ObjectSchema(
        name: "sla", description: "A service-level clock.",
        properties: [
            .init("id", .identifier(.plain), required: true, "The SLA's id."),
            .init("name", .text, "Human name, e.g. the regulation it implements."),
            .init(
                "starts", .oneOrMany(.identifier(.plain)), required: true,
                "Entering one of these states starts the clock (the initial state is entered on open)."),
            .init(
                "stops", .oneOrMany(.identifier(.plain)), required: true, "Entering one of these states stops it."),
            .init("pauses", .oneOrMany(.identifier(.plain)), "States in which this clock is paused."),
            .init("target", .duration, required: true, "The time allowed, more than zero."),
        ])

    /// One of a workflow's `reminders`.
    public static let reminder = ObjectSchema(
        name: "reminder", description: "Reminders at points of an SLA's target.",
        properties: [
            .init("sla", .identifier(.plain), required: true, "The SLA."),
            .init(
                "at", .oneOrMany(.reminderPoint), required: true,
                "Percentages of the target or durations after the start, ascending."),
            .init(
                "notify", .identifier(.plain), required: true,
                "assigned_unit, unit_head, reporter or a declared role."),
        ])

    /// One of a workflow's `escalations`.
    public static let escalation = ObjectSchema(
        name: "escalation", description: "The escalation ladder of an SLA.",
        properties: [
            .init("sla", .identifier(.plain), required: true, "The SLA."),
            .init(
                "steps", .list(.object(escalationStep)), required: true,
                "The steps, after_breach strictly ascending."),
        ])

    /// One step of an escalation ladder.
    public static let escalationStep = ObjectSchema(
        name: "escalation_step", description: "One step of an escalation ladder.",
        properties: [
            .init("after_breach", .duration, required: true, "How long after the breach the step is taken."),
            .init(
                "action", .choice(EscalationAction.allCases.map(\.rawValue)), required: true,
                "notify (with notify), daily_report (with text) or reassign (with reassign_to)."),
            .init("text", .text, "The daily report's line, e.g. himbauan or rekomendasi."),
            .init("notify", .identifier(.plain), "assigned_unit, unit_head, reporter or a declared role."),
            .init("reassign_to", .identifier(.unit), "The unit the ticket is reassigned to."),
        ])

    // MARK: MigrationPlan

    /// `kind: MigrationPlan`.
    public static let migrationPlan = envelope(
        .migrationPlan, "Moves open tickets from one workflow definition to another.",
        [
            .init("from", .object(workflowReference), required: true, "The workflow tickets leave."),
            .init("to", .object(workflowReference), required: true, "The workflow tickets enter."),
            .init(
                "states", .list(.object(stateMapping)), required: true,
                "Where each reachable open state of from goes, once each."),
            .init(
                "clocks", .list(.object(clockMapping)), required: true,
                "What each SLA of to starts with, once each."),
        ])

    /// `from` and `to` of a migration plan.
    public static let workflowReference = ObjectSchema(
        name: "workflow_reference", description: "A workflow and, optionally, its version.",
        properties: [
            .init("workflow", .identifier(.name), required: true, "The workflow's name."),
            .init("version", .text, "The version the plan was written for (LAP601 if it differs)."),
        ])

    /// One of a migration plan's `states`.
    public static let stateMapping = ObjectSchema(
        name: "state_mapping", description: "Where tickets in some states of from go.",
        properties: [
            .init("from", .oneOrMany(.identifier(.plain)), required: true, "A state of from, or a list."),
            .init("to", .identifier(.plain), required: true, "A non-terminal state of to."),
        ])

    /// One of a migration plan's `clocks`.
    public static let clockMapping = ObjectSchema(
        name: "clock_mapping", description: "What an SLA clock of to starts with.",
        properties: [
            .init("sla", .identifier(.plain), required: true, "An SLA of to."),
            .init("from", .identifier(.plain), "The SLA of from whose time is carried (keep_* modes only)."),
            .init(
                "mode", .choice(ClockCarry.allCases.map(\.rawValue)), required: true,
                "keep_elapsed, keep_remaining (with from), restart, from_opening or none."),
        ])

    // MARK: TestSuite

    /// `kind: TestSuite`.
    public static let testSuite = envelope(
        .testSuite, "Expectations about a workflow's routing, SLAs and escalations, checked by lapor test.",
        [
            .init(
                "workflow", .identifier(.name), required: true,
                "The workflow the cases run; its routing table routes them."),
            .init("cases", .list(.object(testCase)), required: true, "The cases."),
        ])

    /// One of a test suite's `cases`.
    public static let testCase = ObjectSchema(
        name: "test_case",
        description: "A ticket, optionally run through the workflow, and what must hold afterwards.",
        properties: [
            .init("name", .text, required: true, "What the case states, in the administrator's words."),
            .init("ticket", .object(testTicket), required: true, "The ticket's category, labels, channel and region."),
            .init(
                "opened", .instant,
                "When the ticket is opened (ISO 8601 with offset); without it the case only routes the ticket."),
            .init(
                "opened_by", .identifier(.plain),
                "The role that opens the ticket; the workflow's first role if absent."),
            .init("steps", .list(.object(testStep)), "Transitions taken after opening, in order."),
            .init("until", .instant, "Timers (reminders, breaches, escalations) due up to this instant fire."),
            .init("expect", .object(testExpectation), required: true, "What must hold; at least one key."),
        ])

    /// A test case's `ticket`.
    public static let testTicket = ObjectSchema(
        name: "test_ticket", description: "The facts of a test ticket that routing looks at.",
        properties: [
            .init("category", .identifier(.plain), required: true, "The category."),
            .init("labels", .list(.identifier(.plain)), "Labels."),
            .init("channel", .identifier(.plain), "The channel it came in on."),
            .init("region", .identifier(.plain), "The region it is from."),
        ])

    /// One of a test case's `steps`.
    public static let testStep = ObjectSchema(
        name: "test_step", description: "A transition taken in a test case.",
        properties: [
            .init("event", .identifier(.plain), required: true, "The event."),
            .init("by", .identifier(.plain), required: true, "The acting role."),
            .init("at", .instant, "When (ISO 8601 with offset); the previous step's time if absent."),
        ])

    /// A test case's `expect`.
    public static let testExpectation = ObjectSchema(
        name: "test_expectation", description: "What must hold at the end of a case; every key given is checked.",
        properties: [
            .init("unit", .identifier(.unit), "The unit the ticket is routed or assigned to."),
            .init("rule", .identifier(.name), "The routing rule that decided."),
            .init(
                "disposition", .choice(Disposition.allCases.map(\.rawValue)), "The routing disposition."),
            .init("state", .identifier(.plain), "The ticket's state (needs opened)."),
            .init("met", .oneOrMany(.identifier(.plain)), "SLAs stopped before their target (needs opened)."),
            .init(
                "breached", .oneOrMany(.identifier(.plain)), "SLAs whose target passed (needs opened)."),
            .init(
                "running", .oneOrMany(.identifier(.plain)),
                "SLAs still counting, target not passed (needs opened)."),
            .init("paused", .oneOrMany(.identifier(.plain)), "SLAs paused, target not passed (needs opened)."),
            .init("not_started", .oneOrMany(.identifier(.plain)), "SLAs never started (needs opened)."),
            .init(
                "report", .list(.text),
                "The daily-report texts escalation issued (himbauan, rekomendasi), in order (needs opened)."),
        ])

    // MARK: RoutingTable

    /// `kind: RoutingTable`.
    public static let routingTable = envelope(
        .routingTable, "First-match rules from a ticket's category, labels, channel and region to a unit.",
        [
            .init("units", .identifier(.name), required: true, "Name of the Units catalog routes name units of."),
            .init(
                "categories", .identifier(.name), required: true,
                "Name of the Categories catalog conditions name categories of."),
            .init("rules", .list(.object(rule)), required: true, "The rules; the first that matches wins."),
        ])

    /// One of a routing table's `rules`.
    public static let rule = ObjectSchema(
        name: "rule", description: "A routing rule.",
        properties: [
            .init("id", .identifier(.name), required: true, "The rule's id."),
            .init("when", .object(ruleConditions), "Conditions; all must hold. Absent on the default rule."),
            .init("route", .identifier(.unit), required: true, "The unit the ticket goes to (external/NAME outside)."),
            .init(
                "disposition", .choice(Disposition.allCases.map(\.rawValue)),
                "dispose (default), faq (answered from the FAQ) or forward (bukan wewenang, to an external body)."),
            .init("default", .boolean, "The catch-all rule: at most one, last, without when."),
            .init("description", .text, "Human description."),
        ])

    /// A rule's `when`.
    public static let ruleConditions = ObjectSchema(
        name: "when", description: "Conditions of a routing rule; all must hold.",
        properties: [
            .init("category", .oneOrMany(.identifier(.plain)), "The ticket's category is one of these."),
            .init("labels", .list(.identifier(.plain)), "The ticket has all of these labels."),
            .init("channel", .oneOrMany(.identifier(.plain)), "The ticket came in on one of these channels."),
            .init("region", .oneOrMany(.identifier(.plain)), "The ticket is from one of these regions."),
        ])

    // MARK: Catalogs

    /// `kind: Units`.
    public static let units = envelope(
        .units, "The units tickets can be routed to.",
        [.init("units", .list(.object(unit)), required: true, "The units.")])

    /// One of a catalog's `units`.
    public static let unit = ObjectSchema(
        name: "unit", description: "A directorate, bureau or external body.",
        properties: [
            .init(
                "id", .identifier(.unit), required: true,
                "The unit's id; ids starting with external/ are bodies outside the ministry."),
            .init("name", .text, required: true, "The unit's name."),
            .init("parent", .identifier(.unit), "The unit it belongs to."),
            .init("staff", .integer(0...100_000), "Number of staff."),
            .init("retired", .boolean, "Whether the unit no longer takes tickets."),
            .init("note", .text, "A remark for administrators."),
            .init("description", .text, "Human description."),
        ])

    /// `kind: Categories`.
    public static let categories = envelope(
        .categories, "The categories, labels, channels and regions of a desk.",
        [
            .init("channels", .list(.object(catalogEntry)), "The channels tickets come in on."),
            .init(
                "regions", .list(.object(catalogEntry)),
                "The regions (provinces); needed only if a rule matches on region."),
            .init("labels", .list(.object(catalogEntry)), "The labels tickets may carry."),
            .init("categories", .list(.object(category)), required: true, "The categories."),
        ])

    /// A channel, region or label.
    public static let catalogEntry = ObjectSchema(
        name: "catalog_entry", description: "A channel, region or label.",
        properties: [
            .init("id", .identifier(.plain), required: true, "The id."),
            .init("name", .text, "Human name."),
        ])

    /// One of a catalog's `categories`.
    public static let category = ObjectSchema(
        name: "category", description: "A complaint category.",
        properties: [
            .init("id", .identifier(.plain), required: true, "The category's id."),
            .init("name", .text, "Human name."),
            .init("faq", .boolean, "Whether the desk answers it from its FAQ."),
            .init("labels", .list(.identifier(.plain)), "The labels usual for this category."),
            .init("description", .text, "Human description."),
        ])

    // MARK: Calendar

    /// `kind: Calendar`.
    public static let calendar = envelope(
        .calendar, "One year of a working calendar; documents with the same name form one calendar.",
        [
            .init("year", .integer(1900...2200), required: true, "The year."),
            .init("time_zone", .text, required: true, "IANA time zone, e.g. Asia/Jakarta."),
            .init(
                "working_days", .list(.choice(Weekday.allCases.map(\.rawValue))), required: true,
                "The working weekdays."),
            .init("working_hours", .list(.object(workingHours)), required: true, "Working hours by weekday."),
            .init("ramadan", .object(ramadan), "Shorter working hours during Ramadan."),
            .init("holidays", .list(.object(datedDay)), "National holidays."),
            .init("cuti_bersama", .list(.object(datedDay)), "Collective leave days (cuti bersama)."),
        ])

    /// One block of `working_hours`.
    public static let workingHours = ObjectSchema(
        name: "working_hours", description: "Working hours of some weekdays.",
        properties: [
            .init("days", .list(.choice(Weekday.allCases.map(\.rawValue))), required: true, "The weekdays."),
            .init("start", .time, required: true, "Start of work, \"HH:MM\" (quote it)."),
            .init("end", .time, required: true, "End of work, \"HH:MM\" (quote it)."),
            .init("breaks", .list(.timeRange), "Breaks, \"HH:MM-HH:MM\"."),
        ])

    /// A calendar year's `ramadan`.
    public static let ramadan = ObjectSchema(
        name: "ramadan", description: "Ramadan working hours.",
        properties: [
            .init("from", .date, required: true, "First day of Ramadan hours."),
            .init("until", .date, required: true, "Last day of Ramadan hours."),
            .init("working_hours", .list(.object(workingHours)), required: true, "Working hours during Ramadan."),
        ])

    /// A holiday or cuti bersama day.
    public static let datedDay = ObjectSchema(
        name: "dated_day", description: "A named day.",
        properties: [
            .init("date", .date, required: true, "The date, YYYY-MM-DD."),
            .init("name", .text, required: true, "The day's name."),
        ])
}

/// The description of one mapping of a config document.
public struct ObjectSchema: Sendable {
    /// A name for the object, unique among all objects of the format (used in JSON Schema definitions).
    public var name: String
    /// What the object is.
    public var description: String
    /// The keys it may have, in the order documentation and completion list them.
    public let properties: [SchemaProperty]
    /// Whether exactly one of the keys must be given (a choice between alternatives).
    public let isChoice: Bool
    /// Every allowed key, in order (kept, since the loader asks for every mapping it reads).
    public let keys: [String]
    /// The keys that must be present (and not null).
    public let requiredKeys: [String]

    /// Creates an object schema.
    public init(name: String, description: String, properties: [SchemaProperty], isChoice: Bool = false) {
        self.name = name
        self.description = description
        self.properties = properties
        self.isChoice = isChoice
        keys = properties.map(\.name)
        requiredKeys = properties.filter(\.isRequired).map(\.name)
    }
    /// The property named `key`.
    public func property(_ key: String) -> SchemaProperty? { properties.first { $0.name == key } }
}

/// One key of a mapping.
public struct SchemaProperty: Sendable {
    /// The key.
    public var name: String
    /// The type of its value.
    public var type: SchemaType
    /// Whether the key must be present.
    public var isRequired: Bool
    /// What the key means.
    public var description: String

    /// Creates a property.
    public init(_ name: String, _ type: SchemaType, required: Bool = false, _ description: String) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.description = description
    }
}

/// The spelling rules of identifiers.
public enum IdentifierSyntax: Sendable {
    /// Letters, digits and `_`.
    case plain
    /// Letters, digits, `-` and `_` (document and rule names).
    case name
    /// Letters, digits and `_`, segments joined by `/` (units, e.g. `external/KP2MI`).
    case unit
}

/// The type of a config value, as the loader reads it.
public indirect enum SchemaType: Sendable {
    /// Any scalar, read as text.
    case text
    /// An identifier.
    case identifier(IdentifierSyntax)
    /// `true` or `false`.
    case boolean
    /// An integer in a range.
    case integer(ClosedRange<Int>)
    /// One of a closed set of words.
    case choice([String])
    /// Exactly this text.
    case constant(String)
    /// `N UNIT`, e.g. `14 working_days`.
    case duration
    /// `YYYY-MM-DD`.
    case date
    /// `HH:MM`.
    case time
    /// `HH:MM-HH:MM`.
    case timeRange
    /// `N%` of an SLA target or a duration.
    case reminderPoint
    /// An ISO 8601 instant with a UTC offset, e.g. `2026-03-13T10:00+07:00`.
    case instant
    /// A decimal number in a range.
    case number(ClosedRange<Double>)
    /// A share: a percentage (`30%`) or a number from 0 to 1.
    case fraction
    /// A duration with a decimal amount, e.g. `1.5 hours` (minutes, hours, days, working_hours, working_days).
    case decimalDuration
    /// A mapping from identifiers to values of one type.
    case map(key: IdentifierSyntax, value: SchemaType)
    /// Any one of several types.
    case anyOf([SchemaType])
    /// A list (null reads as an empty list).
    case list(SchemaType)
    /// One value or a list of them.
    case oneOrMany(SchemaType)
    /// A mapping.
    case object(ObjectSchema)
}
