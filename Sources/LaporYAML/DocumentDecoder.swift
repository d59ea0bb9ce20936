import Lapor
import Yams

/// A decoded document of any kind.
enum DecodedDocument {
    case workflow(Workflow)
    case routingTable(RoutingTable)
    case units(UnitCatalog)
    case categories(CategoryCatalog)
    case calendar(CalendarYear)
    case migrationPlan(MigrationPlan)
    case scenario(Scenario)
    case testSuite(TestSuite)
}

/// Turns one composed YAML document into a model value, reporting every problem on the way.
struct DocumentDecoder {
    let reader: NodeReader

    static let envelopeKeys = ["apiVersion", "kind", "metadata"]

    func decode(_ root: Node) -> DecodedDocument? {
        let location = reader.location(of: root)
        guard case .mapping(let mapping) = root else {
            if reader.isNull(root) {
                reader.report(.emptyDocument(at: location))
            } else {
                reader.report(.notAMapping("a document", found: reader.describe(root), at: location))
            }
            return nil
        }
        // Read the envelope first to know which keys the rest may have.
        var apiVersion: Node?
        var kindNode: Node?
        for (key, value) in mapping {
            if key.string == "apiVersion" { apiVersion = value }
            if key.string == "kind" { kindNode = value }
        }
        guard let apiVersion, apiVersion.string == "lapor/v1" else {
            reader.report(
                .unsupportedAPIVersion(
                    apiVersion.flatMap(\.string), at: apiVersion.map(reader.location(of:)) ?? location))
            return nil
        }
        guard let kindNode, let kindName = kindNode.string, let kind = DocumentKind(rawValue: kindName) else {
            reader.report(.unknownKind(kindNode.flatMap(\.string), at: kindNode.map(reader.location(of:)) ?? location))
            return nil
        }
        switch kind {
        case .workflow: return workflow(root).map(DecodedDocument.workflow)
        case .routingTable: return routingTable(root).map(DecodedDocument.routingTable)
        case .units: return units(root).map(DecodedDocument.units)
        case .categories: return categories(root).map(DecodedDocument.categories)
        case .calendar: return calendar(root).map(DecodedDocument.calendar)
        case .migrationPlan: return migrationPlan(root).map(DecodedDocument.migrationPlan)
        case .scenario: return scenario(root).map(DecodedDocument.scenario)
        case .testSuite: return testSuite(root).map(DecodedDocument.testSuite)
        }
    }

    // MARK: Shared pieces

    func metadata(_ fields: NodeReader.Fields) -> Metadata? {
        guard let node = reader.required(fields, "metadata"),
            let meta = reader.fields(node, what: "metadata", schema: ConfigSchema.metadata),
            let nameNode = reader.required(meta, "name"),
            let name = reader.identifier(nameNode, what: "metadata.name", allowDash: true)
        else { return nil }
        return Metadata(
            name: name,
            version: meta.node("version").flatMap { reader.string($0, what: "metadata.version")?.value },
            description: meta.node("description").flatMap { reader.string($0, what: "metadata.description")?.value })
    }

    func ids(_ node: Node?, what: String, allowSlash: Bool = false) -> [Located<String>] {
        guard let node else { return [] }
        return reader.oneOrMany(node) { reader.identifier($0, what: what, allowSlash: allowSlash) }
    }

    func idList(_ node: Node?, what: String) -> [Located<String>] {
        guard let node else { return [] }
        return reader.list(node, what: what).compactMap { reader.identifier($0, what: what) }
    }

    private func optionalString(_ fields: NodeReader.Fields, _ key: String, what: String) -> String? {
        fields.node(key).flatMap { reader.string($0, what: what)?.value }
    }

    private func flag(_ fields: NodeReader.Fields, _ key: String, what: String) -> Bool {
        fields.node(key).flatMap { reader.bool($0, what: what) } ?? false
    }

    // MARK: Workflow

    private func workflow(_ root: Node) -> Workflow? {
        guard let fields = reader.fields(root, what: "Workflow", schema: ConfigSchema.workflow) else { return nil }
        let metadata = metadata(fields)
        let calendar = reader.required(fields, "calendar").flatMap {
            reader.identifier($0, what: "calendar", allowDash: true)
        }
        let routing = fields.node("routing").flatMap { reader.identifier($0, what: "routing", allowDash: true) }
        let effective = fields.node("effective").flatMap(effectivePeriod)
        let roles = reader.required(fields, "roles").map { idList($0, what: "role") } ?? []
        let states =
            reader.required(fields, "states").map {
                reader.list($0, what: "states").compactMap(state)
            } ?? []
        let transitions =
            fields.node("transitions").map {
                reader.list($0, what: "transitions").compactMap(transition)
            } ?? []
        let reopen = fields.node("reopen").flatMap(reopenPolicy)
        let permissions = fields.node("permissions").flatMap(commandPermissions)
        let slas = fields.node("slas").map { reader.list($0, what: "slas").compactMap(sla) } ?? []
        let reminders =
            fields.node("reminders").map {
                reader.list($0, what: "reminders").compactMap(reminder)
            } ?? []
        let escalations =
            fields.node("escalations").map {
                reader.list($0, what: "escalations").compactMap(escalation)
            } ?? []
        guard let metadata, let calendar else { return nil }
        return Workflow(
            metadata: metadata, calendar: calendar, routing: routing, effective: effective, roles: roles,
            states: states, transitions: transitions, reopen: reopen, permissions: permissions, slas: slas,
            reminders: reminders, escalations: escalations, location: fields.location)
    }

    private func effectivePeriod(_ node: Node) -> EffectivePeriod? {
        guard let fields = reader.fields(node, what: "effective", schema: ConfigSchema.effective) else { return nil }
        let from = reader.required(fields, "from").flatMap { reader.date($0, what: "effective.from") }
        let until = reader.required(fields, "until").flatMap { reader.date($0, what: "effective.until") }
        guard let from, let until else { return nil }
        return EffectivePeriod(from: from, until: until)
    }

    private func state(_ node: Node) -> StateDefinition? {
        guard
            let fields = reader.fields(node, what: "state", schema: ConfigSchema.state)
        else { return nil }
        let id = reader.required(fields, "id").flatMap { reader.identifier($0, what: "state id") }
        let clocks = fields.node("clocks").flatMap { reader.choice($0, what: "clocks", as: ClockMode.self) }
        guard let id else { return nil }
        return StateDefinition(
            id: id, isInitial: flag(fields, "initial", what: "initial"),
            isTerminal: flag(fields, "terminal", what: "terminal"), clocks: clocks?.value ?? .running,
            description: optionalString(fields, "description", what: "description"), location: fields.location)
    }

    private func transition(_ node: Node) -> TransitionDefinition? {
        guard
            let fields = reader.fields(node, what: "transition", schema: ConfigSchema.transition)
        else { return nil }
        let from = reader.required(fields, "from").map { ids($0, what: "transition.from") } ?? []
        let to = reader.required(fields, "to").flatMap { reader.identifier($0, what: "transition.to") }
        let event = reader.required(fields, "on").flatMap { reader.identifier($0, what: "event name") }
        let roles = reader.required(fields, "by").map { ids($0, what: "role") } ?? []
        guard !from.isEmpty, let to, let event else { return nil }
        return TransitionDefinition(
            from: from, to: to, event: event, roles: roles, invokesRouter: flag(fields, "route", what: "route"),
            description: optionalString(fields, "description", what: "description"), location: fields.location)
    }

    private func reopenPolicy(_ node: Node) -> ReopenPolicy? {
        guard let fields = reader.fields(node, what: "reopen", schema: ConfigSchema.reopen) else { return nil }
        let to = reader.required(fields, "to").flatMap { reader.identifier($0, what: "reopen.to") }
        let roles = reader.required(fields, "by").map { ids($0, what: "role") } ?? []
        let within = fields.node("within").flatMap { reader.duration($0, what: "reopen.within") }
        let restarts = ids(fields.node("restarts"), what: "SLA")
        guard let to else { return nil }
        return ReopenPolicy(to: to, roles: roles, within: within, restarts: restarts, location: fields.location)
    }

    private func commandPermissions(_ node: Node) -> CommandPermissions? {
        guard let fields = reader.fields(node, what: "permissions", schema: ConfigSchema.permissions) else {
            return nil
        }
        func roles(_ key: String) -> [Located<String>]? { fields.node(key).map { ids($0, what: "role") } }
        return CommandPermissions(
            assign: roles("assign"), note: roles("note"), reply: roles("reply"), location: fields.location)
    }

    private func sla(_ node: Node) -> SLADefinition? {
        guard
            let fields = reader.fields(node, what: "sla", schema: ConfigSchema.sla)
        else { return nil }
        let id = reader.required(fields, "id").flatMap { reader.identifier($0, what: "SLA id") }
        let starts = reader.required(fields, "starts").map { ids($0, what: "state") } ?? []
        let stops = reader.required(fields, "stops").map { ids($0, what: "state") } ?? []
        let pauses = ids(fields.node("pauses"), what: "state")
        let target = reader.required(fields, "target").flatMap { reader.duration($0, what: "SLA target") }
        guard let id, let target else { return nil }
        if target.value.amount == 0 {
            reader.report(
                .invalidValue(
                    "SLA target", value: target.value.description, expected: "more than zero",
                    at: target.location))
        }
        return SLADefinition(
            id: id, name: optionalString(fields, "name", what: "SLA name"), starts: starts, stops: stops,
            pauses: pauses, target: target, location: fields.location)
    }

    private func reminder(_ node: Node) -> ReminderDefinition? {
        guard let fields = reader.fields(node, what: "reminder", schema: ConfigSchema.reminder) else { return nil }
        let sla = reader.required(fields, "sla").flatMap { reader.identifier($0, what: "SLA id") }
        let points =
            reader.required(fields, "at").map {
                reader.oneOrMany($0) { reader.reminderPoint($0, what: "reminder point") }
            } ?? []
        let notify = reader.required(fields, "notify").flatMap { reader.identifier($0, what: "recipient") }
        guard let sla, let notify else { return nil }
        return ReminderDefinition(sla: sla, points: points, notify: notify, location: fields.location)
    }

    private func escalation(_ node: Node) -> EscalationPolicy? {
        guard let fields = reader.fields(node, what: "escalation", schema: ConfigSchema.escalation) else { return nil }
        let sla = reader.required(fields, "sla").flatMap { reader.identifier($0, what: "SLA id") }
        let steps =
            reader.required(fields, "steps").map {
                reader.list($0, what: "steps").compactMap(escalationStep)
            } ?? []
        guard let sla else { return nil }
        return EscalationPolicy(sla: sla, steps: steps, location: fields.location)
    }

    private func escalationStep(_ node: Node) -> EscalationStep? {
        guard
            let fields = reader.fields(node, what: "escalation step", schema: ConfigSchema.escalationStep)
        else { return nil }
        let after = reader.required(fields, "after_breach").flatMap {
            reader.duration($0, what: "after_breach")
        }
        let action = reader.required(fields, "action").flatMap {
            reader.choice($0, what: "escalation action", as: EscalationAction.self)
        }
        let text = fields.node("text").flatMap { reader.string($0, what: "text") }
        let notify = fields.node("notify").flatMap { reader.identifier($0, what: "recipient") }
        let reassign = fields.node("reassign_to").flatMap {
            reader.identifier($0, what: "unit id", allowSlash: true)
        }
        guard let after, let action else { return nil }
        return EscalationStep(
            afterBreach: after, action: action, text: text, notify: notify, reassignTo: reassign,
            location: fields.location)
    }

    // MARK: MigrationPlan

    private func migrationPlan(_ root: Node) -> MigrationPlan? {
        guard let fields = reader.fields(root, what: "MigrationPlan", schema: ConfigSchema.migrationPlan) else {
            return nil
        }
        let metadata = metadata(fields)
        let from = reader.required(fields, "from").flatMap { workflowReference($0, what: "from") }
        let to = reader.required(fields, "to").flatMap { workflowReference($0, what: "to") }
        let states =
            reader.required(fields, "states").map {
                reader.list($0, what: "states").compactMap(stateMapping)
            } ?? []
        let clocks =
            reader.required(fields, "clocks").map {
                reader.list($0, what: "clocks").compactMap(clockMapping)
            } ?? []
        guard let metadata, let from, let to else { return nil }
        return MigrationPlan(
            metadata: metadata, from: from, to: to, states: states, clocks: clocks,
            statesLocation: fields.keyLocation("states", in: reader),
            clocksLocation: fields.keyLocation("clocks", in: reader),
            location: fields.location)
    }

    private func workflowReference(_ node: Node, what: String) -> WorkflowReference? {
        guard let fields = reader.fields(node, what: what, schema: ConfigSchema.workflowReference) else { return nil }
        let workflow = reader.required(fields, "workflow").flatMap {
            reader.identifier($0, what: "\(what).workflow", allowDash: true)
        }
        let version = fields.node("version").flatMap { reader.string($0, what: "\(what).version") }
        guard let workflow else { return nil }
        return WorkflowReference(workflow: workflow, version: version)
    }

    private func stateMapping(_ node: Node) -> StateMapping? {
        guard let fields = reader.fields(node, what: "state mapping", schema: ConfigSchema.stateMapping) else {
            return nil
        }
        let from = reader.required(fields, "from").map { ids($0, what: "state") } ?? []
        let to = reader.required(fields, "to").flatMap { reader.identifier($0, what: "state") }
        guard let to else { return nil }
        return StateMapping(from: from, to: to, location: fields.location)
    }

    private func clockMapping(_ node: Node) -> ClockMapping? {
        guard let fields = reader.fields(node, what: "clock mapping", schema: ConfigSchema.clockMapping) else {
            return nil
        }
        let sla = reader.required(fields, "sla").flatMap { reader.identifier($0, what: "SLA id") }
        let from = fields.node("from").flatMap { reader.identifier($0, what: "SLA id") }
        let mode = reader.required(fields, "mode").flatMap {
            reader.choice($0, what: "clock mode", as: ClockCarry.self)
        }
        guard let sla, let mode else { return nil }
        return ClockMapping(sla: sla, from: from, mode: mode, location: fields.location)
    }

    // MARK: RoutingTable

    private func routingTable(_ root: Node) -> RoutingTable? {
        guard let fields = reader.fields(root, what: "RoutingTable", schema: ConfigSchema.routingTable) else {
            return nil
        }
        let metadata = metadata(fields)
        let units = reader.required(fields, "units").flatMap {
            reader.identifier($0, what: "units", allowDash: true)
        }
        let categories = reader.required(fields, "categories").flatMap {
            reader.identifier($0, what: "categories", allowDash: true)
        }
        let rules =
            reader.required(fields, "rules").map {
                reader.list($0, what: "rules").compactMap(rule)
            } ?? []
        guard let metadata, let units, let categories else { return nil }
        return RoutingTable(
            metadata: metadata, units: units, categories: categories, rules: rules, location: fields.location)
    }

    private func rule(_ node: Node) -> RoutingRule? {
        guard
            let fields = reader.fields(node, what: "rule", schema: ConfigSchema.rule)
        else { return nil }
        let id = reader.required(fields, "id").flatMap { reader.identifier($0, what: "rule id", allowDash: true) }
        let route = reader.required(fields, "route").flatMap {
            reader.identifier($0, what: "unit id", allowSlash: true)
        }
        let disposition = fields.node("disposition").flatMap {
            reader.choice($0, what: "disposition", as: Disposition.self)
        }
        var categories: [Located<String>] = []
        var labels: [Located<String>] = []
        var channels: [Located<String>] = []
        var regions: [Located<String>] = []
        if let when = fields.node("when"),
            let conditions = reader.fields(when, what: "when", schema: ConfigSchema.ruleConditions)
        {
            categories = ids(conditions.node("category"), what: "category")
            labels = conditions.node("labels").map { idList($0, what: "label") } ?? []
            channels = ids(conditions.node("channel"), what: "channel")
            regions = ids(conditions.node("region"), what: "region")
        }
        guard let id, let route else { return nil }
        return RoutingRule(
            id: id, categories: categories, labels: labels, channels: channels, regions: regions, route: route,
            disposition: disposition?.value ?? .dispose, isDefault: flag(fields, "default", what: "default"),
            description: optionalString(fields, "description", what: "description"), location: fields.location)
    }

    // MARK: Units and Categories

    private func units(_ root: Node) -> UnitCatalog? {
        guard let fields = reader.fields(root, what: "Units", schema: ConfigSchema.units) else { return nil }
        let metadata = metadata(fields)
        let units = reader.required(fields, "units").map { reader.list($0, what: "units").compactMap(unit) } ?? []
        guard let metadata else { return nil }
        return UnitCatalog(metadata: metadata, units: units, location: fields.location)
    }

    private func unit(_ node: Node) -> Unit? {
        guard
            let fields = reader.fields(node, what: "unit", schema: ConfigSchema.unit)
        else { return nil }
        let id = reader.required(fields, "id").flatMap { reader.identifier($0, what: "unit id", allowSlash: true) }
        let name = reader.required(fields, "name").flatMap { reader.string($0, what: "unit name") }
        let parent = fields.node("parent").flatMap { reader.identifier($0, what: "parent", allowSlash: true) }
        let staff = fields.node("staff").flatMap { reader.integer($0, what: "staff", range: 0...100_000) }
        guard let id, let name else { return nil }
        return Unit(
            id: id, name: name.value, parent: parent, staff: staff?.value,
            isRetired: flag(fields, "retired", what: "retired"), note: optionalString(fields, "note", what: "note"),
            description: optionalString(fields, "description", what: "description"), location: fields.location)
    }

    private func categories(_ root: Node) -> CategoryCatalog? {
        guard let fields = reader.fields(root, what: "Categories", schema: ConfigSchema.categories) else { return nil }
        let metadata = metadata(fields)
        let channels = entries(fields.node("channels"), what: "channel")
        let regions = entries(fields.node("regions"), what: "region")
        let labels = entries(fields.node("labels"), what: "label")
        let categories =
            reader.required(fields, "categories").map {
                reader.list($0, what: "categories").compactMap(category)
            } ?? []
        guard let metadata else { return nil }
        return CategoryCatalog(
            metadata: metadata, channels: channels, regions: regions, labels: labels, categories: categories,
            location: fields.location)
    }

    private func entries(_ node: Node?, what: String) -> [CatalogEntry] {
        guard let node else { return [] }
        return reader.list(node, what: what + "s").compactMap { item in
            guard let fields = reader.fields(item, what: what, schema: ConfigSchema.catalogEntry),
                let id = reader.required(fields, "id").flatMap({ reader.identifier($0, what: what + " id") })
            else { return nil }
            return CatalogEntry(
                id: id, name: optionalString(fields, "name", what: "name"), location: fields.location)
        }
    }

    private func category(_ node: Node) -> Category? {
        guard
            let fields = reader.fields(node, what: "category", schema: ConfigSchema.category)
        else { return nil }
        let id = reader.required(fields, "id").flatMap { reader.identifier($0, what: "category id") }
        guard let id else { return nil }
        return Category(
            id: id, name: optionalString(fields, "name", what: "name"), isFAQ: flag(fields, "faq", what: "faq"),
            labels: fields.node("labels").map { idList($0, what: "label") } ?? [],
            description: optionalString(fields, "description", what: "description"), location: fields.location)
    }

    // MARK: Calendar

    private func calendar(_ root: Node) -> CalendarYear? {
        guard let fields = reader.fields(root, what: "Calendar", schema: ConfigSchema.calendar) else { return nil }
        let metadata = metadata(fields)
        let year = reader.required(fields, "year").flatMap { reader.integer($0, what: "year", range: 1900...2200) }
        let timeZone = reader.required(fields, "time_zone").flatMap { reader.string($0, what: "time_zone") }
        let workingDays =
            reader.required(fields, "working_days").map { node in
                reader.list(node, what: "working_days").compactMap {
                    reader.choice($0, what: "weekday", as: Weekday.self)
                }
            } ?? []
        let hours = reader.required(fields, "working_hours").map(workingHours) ?? []
        let ramadan = fields.node("ramadan").flatMap(ramadanHours)
        let holidays = fields.node("holidays").map { datedDays($0, what: "holiday") } ?? []
        let leave = fields.node("cuti_bersama").map { datedDays($0, what: "cuti bersama day") } ?? []
        guard let metadata, let year, let timeZone else { return nil }
        return CalendarYear(
            metadata: metadata, year: year, timeZone: timeZone, workingDays: workingDays, workingHours: hours,
            ramadan: ramadan, holidays: holidays, cutiBersama: leave, location: fields.location)
    }

    private func workingHours(_ node: Node) -> [WorkingHours] {
        reader.list(node, what: "working_hours").compactMap { item in
            guard
                let fields = reader.fields(item, what: "working hours", schema: ConfigSchema.workingHours)
            else { return nil }
            let days =
                reader.required(fields, "days").map { node in
                    reader.list(node, what: "days").compactMap { reader.choice($0, what: "weekday", as: Weekday.self) }
                } ?? []
            let start = reader.required(fields, "start").flatMap { reader.time($0, what: "start") }
            let end = reader.required(fields, "end").flatMap { reader.time($0, what: "end") }
            let breaks =
                fields.node("breaks").map { node in
                    reader.list(node, what: "breaks").compactMap { reader.timeRange($0, what: "break") }
                } ?? []
            guard let start, let end else { return nil }
            return WorkingHours(days: days, start: start, end: end, breaks: breaks, location: fields.location)
        }
    }

    private func ramadanHours(_ node: Node) -> RamadanHours? {
        guard let fields = reader.fields(node, what: "ramadan", schema: ConfigSchema.ramadan) else {
            return nil
        }
        let from = reader.required(fields, "from").flatMap { reader.date($0, what: "ramadan.from") }
        let until = reader.required(fields, "until").flatMap { reader.date($0, what: "ramadan.until") }
        let hours = reader.required(fields, "working_hours").map(workingHours) ?? []
        guard let from, let until else { return nil }
        return RamadanHours(from: from, until: until, workingHours: hours, location: fields.location)
    }

    private func datedDays(_ node: Node, what: String) -> [DatedDay] {
        reader.list(node, what: what).compactMap { item in
            guard let fields = reader.fields(item, what: what, schema: ConfigSchema.datedDay) else { return nil }
            let date = reader.required(fields, "date").flatMap { reader.date($0, what: "date") }
            let name = reader.required(fields, "name").flatMap { reader.string($0, what: "name") }
            guard let date, let name else { return nil }
            return DatedDay(date: date, name: name.value, location: fields.location)
        }
    }
}
