/// Checks of one simulation scenario against the workspace it runs on, so that a run never starts on a
/// scenario that would stop half-way or silently leave tickets without work.
struct ScenarioChecks {
    let scenario: Scenario
    let workspace: Workspace

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let capacities = unitCapacities(&diagnostics)
        for load in scenario.workflows {
            guard let workflow = workspace.workflow(named: load.workflow.value) else {
                diagnostics.append(
                    .unknownDocument(
                        .workflow, name: load.workflow.value, known: workspace.workflows.map(\.metadata.name.value),
                        at: load.workflow.location))
                continue
            }
            diagnostics += WorkflowLoadChecks(
                scenario: scenario, load: load, workflow: workflow, workspace: workspace, capacities: capacities
            ).run()
        }
        diagnostics += cutover()
        return diagnostics
    }

    /// Units with capacity; reports duplicates and units no catalog of the scenario's workflows knows.
    private func unitCapacities(_ diagnostics: inout [Diagnostic]) -> Set<String> {
        var known: Set<String> = []
        var catalogsFound = false
        for load in scenario.workflows {
            guard
                let table = workspace.workflow(named: load.workflow.value)?.routing.flatMap({
                    workspace.routingTable(named: $0.value)
                }),
                let catalog = workspace.unitCatalog(named: table.units.value)
            else { continue }
            catalogsFound = true
            known.formUnion(catalog.units.map(\.id.value))
        }
        let (repeated, seen) = duplicates(scenario.units.map(\.unit)) { unit, first in
            .invalidValue(
                "unit", value: unit.value, expected: "each unit once (first at line \(first.line))", at: unit.location)
        }
        diagnostics += repeated
        for capacity in scenario.units where catalogsFound && !known.contains(capacity.unit.value) {
            diagnostics.append(.unknownUnit(capacity.unit.value, known: known.sorted(), at: capacity.unit.location))
        }
        return Set(seen.keys)
    }

    private func cutover() -> [Diagnostic] {
        guard let cutover = scenario.cutover else { return [] }
        var diagnostics: [Diagnostic] = []
        if cutover.on.value <= scenario.from.value || cutover.on.value > scenario.until.value {
            diagnostics.append(
                .cutoverMismatch(
                    "on \(cutover.on.value) is not inside the period (after \(scenario.from.value), up to \(scenario.until.value))",
                    at: cutover.on.location))
        }
        guard cutover.mode == .migrate, let name = cutover.plan else { return diagnostics }
        guard let plan = workspace.migrationPlan(named: name.value) else {
            diagnostics.append(
                .unknownDocument(
                    .migrationPlan, name: name.value, known: workspace.migrationPlans.map(\.metadata.name.value),
                    at: name.location))
            return diagnostics
        }
        let names = scenario.workflows.map(\.workflow.value)
        for (end, reference) in [("from", plan.from), ("to", plan.to)] where !names.contains(reference.workflow.value) {
            diagnostics.append(
                .cutoverMismatch(
                    "plan '\(name.value)' moves tickets \(end) workflow '\(reference.workflow.value)', which the scenario does not run",
                    at: name.location))
        }
        return diagnostics
    }
}

/// Checks of one workflow's load and work rules within a scenario.
private struct WorkflowLoadChecks {
    let scenario: Scenario
    let load: WorkflowLoad
    let workflow: Workflow
    let workspace: Workspace
    let capacities: Set<String>

    var table: RoutingTable? { workflow.routing.flatMap { workspace.routingTable(named: $0.value) } }
    var catalog: CategoryCatalog? { table.flatMap { workspace.categoryCatalog(named: $0.categories.value) } }

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if !workflow.slas.contains(where: { $0.id.value == scenario.kpiSLA.value }) {
            diagnostics.append(
                .unknownSLA(scenario.kpiSLA.value, known: workflow.slas.map(\.id.value), at: scenario.kpiSLA.location))
        }
        for date in [load.from, load.until].compactMap({ $0 })
        where date.value < scenario.from.value || date.value > scenario.until.value {
            diagnostics.append(
                .invalidValue(
                    "date", value: date.value.description,
                    expected: "a date within the period \(scenario.from.value) … \(scenario.until.value)",
                    at: date.location))
        }
        let roles = workflow.roles.map(\.value)
        let opener = load.openedBy?.value ?? WorkflowLoad.defaultOpener
        if !roles.contains(opener) {
            diagnostics.append(.unknownRole(opener, known: roles, at: load.openedBy?.location ?? load.location))
        }
        if let cutover = scenario.cutover, cutover.mode == .migrate,
            !roles.contains(cutover.by?.value ?? Cutover.defaultRole)
        {
            diagnostics.append(
                .unknownRole(
                    cutover.by?.value ?? Cutover.defaultRole, known: roles, at: cutover.by?.location ?? cutover.location
                ))
        }
        diagnostics += arrivals()
        diagnostics += work()
        diagnostics += coverage()
        return diagnostics
    }

    // MARK: Arrivals

    private func arrivals() -> [Diagnostic] {
        guard let catalog else { return [] }
        var diagnostics: [Diagnostic] = []
        let name = catalog.metadata.name.value
        let categories = catalog.categories.map(\.id.value)
        let labels = catalog.labels.map(\.id.value)
        func check(category id: Located<String>) {
            if !categories.contains(id.value) {
                diagnostics.append(.unknownCategory(id.value, catalog: name, known: categories, at: id.location))
            }
        }
        func check(label id: Located<String>) {
            if !labels.contains(id.value) {
                diagnostics.append(.unknownLabel(id.value, catalog: name, known: labels, at: id.location))
            }
        }
        let arrivals = load.arrivals
        for entry in arrivals.categories {
            check(category: entry.category)
            entry.labels.flatMap(\.labels).forEach(check(label:))
        }
        for season in arrivals.seasons {
            season.categories.forEach(check(category:))
            season.labels.forEach(check(label:))
        }
        let channels = catalog.channels.map(\.id.value)
        for share in arrivals.channels where !channels.contains(share.id.value) {
            diagnostics.append(.unknownChannel(share.id.value, catalog: name, known: channels, at: share.id.location))
        }
        let regions = catalog.regions.map(\.id.value)
        for share in arrivals.regions where !regions.contains(share.id.value) {
            diagnostics.append(.unknownRegion(share.id.value, catalog: name, known: regions, at: share.id.location))
        }
        for capacity in scenario.units {
            for category in capacity.handlingByCategory.keys.sorted() where !categories.contains(category) {
                guard scenario.workflows.count == 1 else { continue }
                diagnostics.append(.unknownCategory(category, catalog: name, known: categories, at: capacity.location))
            }
        }
        return diagnostics
    }

    // MARK: Work rules

    private func work() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let states = workflow.states.map(\.id.value)
        let (repeated, ruled) = duplicates(load.work.map(\.state)) { state, first in
            .duplicateWorkRule(state.value, at: state.location, first: first)
        }
        diagnostics += repeated
        for rule in load.work {
            guard states.contains(rule.state.value) else {
                diagnostics.append(.unknownState(rule.state.value, known: states, at: rule.state.location))
                continue
            }
            if let unit = rule.unit, unit.value != WorkRule.assignedUnit, !capacities.contains(unit.value) {
                diagnostics.append(
                    .unitWithoutCapacity(
                        unit.value, reason: "the work rule for '\(rule.state.value)' names it", at: unit.location))
            }
            for choice in rule.choices {
                diagnostics += transition(choice.event, role: choice.role, from: rule.state.value)
                for disposition in choice.whenDisposition where Disposition(rawValue: disposition.value) == nil {
                    diagnostics.append(
                        .invalidValue(
                            "disposition", value: disposition.value,
                            expected: "one of \(Disposition.allCases.map(\.rawValue).joined(separator: ", "))",
                            at: disposition.location))
                }
                if let catalog {
                    let known = catalog.categories.map(\.id.value)
                    for category in choice.whenCategory where !known.contains(category.value) {
                        diagnostics.append(
                            .unknownCategory(
                                category.value, catalog: catalog.metadata.name.value, known: known,
                                at: category.location))
                    }
                }
            }
            if let reporter = rule.reporter {
                diagnostics += transition(reporter.event, role: reporter.role, from: rule.state.value)
            }
            diagnostics += completeness(rule)
        }
        let reachable = workflow.reachableStates
        for state in workflow.states
        where !state.isTerminal && reachable.contains(state.id.value) && ruled[state.id.value] == nil {
            diagnostics.append(
                .stateWithoutWork(state.id.value, workflow: workflow.metadata.name.value, at: load.location))
        }
        diagnostics += routedUnits()
        return diagnostics
    }

    private func transition(_ event: Located<String>, role: Located<String>, from state: String) -> [Diagnostic] {
        let candidates = workflow.transitions.filter { $0.from.contains { $0.value == state } }
        guard let transition = candidates.first(where: { $0.event.value == event.value }) else {
            return [
                .workEventNotFromState(
                    event.value, state: state, workflow: workflow.metadata.name.value,
                    allowed: candidates.map(\.event.value), at: event.location)
            ]
        }
        let roles = transition.roles.map(\.value)
        guard roles.contains(role.value) else {
            return [.workRoleNotAllowed(role.value, event: event.value, allowed: roles, at: role.location)]
        }
        return []
    }

    private func completeness(_ rule: WorkRule) -> [Diagnostic] {
        let unconditional = rule.choices.filter { !$0.isConditional }
        let unshared = unconditional.filter { $0.share == nil }
        let shared = unconditional.compactMap(\.share).reduce(0, +)
        if rule.reporter != nil, rule.after == nil, (rule.reporter?.replies ?? 1) < 1 {
            return [
                .choicesIncomplete(
                    rule.state.value, reason: "reporters who do not reply need 'after' and choices", at: rule.location)
            ]
        }
        guard !rule.choices.isEmpty else { return [] }
        if unconditional.isEmpty {
            return [
                .choicesIncomplete(
                    rule.state.value, reason: "every choice has 'when'; add one without it for the other tickets",
                    at: rule.location)
            ]
        }
        if unshared.count > 1 {
            return [
                .choicesIncomplete(
                    rule.state.value, reason: "\(unshared.count) choices have no share; give all but one a share",
                    at: rule.location)
            ]
        }
        if unshared.isEmpty, shared < 0.999_999 {
            return [
                .choicesIncomplete(
                    rule.state.value, reason: "the shares add up to less than 100% and no choice takes the rest",
                    at: rule.location)
            ]
        }
        return []
    }

    /// Units the router sends arriving tickets to must have capacity when a rule works on `assigned` tickets,
    /// unless the routing disposition is handled by a conditional choice (FAQ answers, forwards).
    private func routedUnits() -> [Diagnostic] {
        guard let table, load.work.contains(where: { $0.unit?.value == WorkRule.assignedUnit }) else { return [] }
        let router = Router(table: table, catalog: catalog)
        let handled = Set(load.work.flatMap(\.choices).flatMap(\.whenDisposition).map(\.value))
        var diagnostics: [Diagnostic] = []
        var reported: Set<String> = []
        let regions: [String?] = [nil] + load.arrivals.regions.map(\.id.value)
        for entry in load.arrivals.categories {
            let mixes = [[]] + entry.labels.map { $0.labels.map(\.value) }
            for labels in mixes {
                for region in regions {
                    let input = RoutingInput(category: entry.category.value, labels: labels, region: region)
                    guard case .success(let decision) = router.route(input),
                        !handled.contains(decision.disposition.rawValue), !capacities.contains(decision.unit),
                        reported.insert(decision.unit).inserted
                    else { continue }
                    let labelText = labels.isEmpty ? "" : " with labels \(labels.joined(separator: ", "))"
                    let regionText = region.map { " from region \($0)" } ?? ""
                    diagnostics.append(
                        .unitWithoutCapacity(
                            decision.unit,
                            reason:
                                "rule '\(decision.rule)' routes category '\(entry.category.value)'\(labelText)\(regionText) to it",
                            at: entry.location))
                }
            }
        }
        return diagnostics
    }

    // MARK: Calendar

    /// The calendar must cover the period and every SLA deadline of a ticket that arrives on its last day.
    private func coverage() -> [Diagnostic] {
        guard case .success(let calendar) = WorkingCalendar.make(named: workflow.calendar.value, in: workspace) else {
            return []
        }
        let name = workflow.calendar.value
        let from = load.from ?? scenario.from
        let until = load.until ?? scenario.until
        for date in [from, until] {
            do throws(Diagnostic) {
                _ = try calendar.dayKind(date.value)
            } catch {
                return [.scenarioNotCovered(date.value, calendar: name, at: date.location)]
            }
        }
        let last = Instant(date: until.value.adding(days: 1), secondOfDay: 0, offset: calendar.offset)
        for sla in workflow.slas {
            let escalation = workflow.escalations.filter { $0.sla.value == sla.id.value }.flatMap(\.steps)
                .map(\.afterBreach.value)
            do throws(Diagnostic) {
                let due = try calendar.adding(sla.target.value, to: last)
                for step in escalation { _ = try calendar.adding(step, to: due) }
            } catch {
                return [
                    .scenarioNotCovered(
                        until.value, calendar: name,
                        detail: "SLA '\(sla.id.value)' of a ticket opened that day ends after the calendar's last year",
                        at: until.location)
                ]
            }
        }
        return []
    }
}
