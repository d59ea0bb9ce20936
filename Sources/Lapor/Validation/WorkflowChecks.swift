/// Checks of one workflow: states and their graph, roles, SLAs, reminders, escalations, and the
/// calendar and routing table it names.
struct WorkflowChecks {
    let workflow: Workflow
    let workspace: Workspace

    /// Recipients that need no declaration.
    static let builtInRecipients = ["assigned_unit", "unit_head", "reporter"]

    private var stateIDs: [String] { workflow.states.map(\.id.value) }

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += duplicates(workflow.roles) { .duplicateRole($0.value, at: $0.location, first: $1) }.diagnostics
        diagnostics += states()
        diagnostics += transitions()
        diagnostics += graph()
        diagnostics += slas()
        diagnostics += reminders()
        diagnostics += escalations()
        diagnostics += references()
        return diagnostics
    }

    private var statesByID: [String: StateDefinition] {
        var byID: [String: StateDefinition] = [:]
        for state in workflow.states where byID[state.id.value] == nil { byID[state.id.value] = state }
        return byID
    }

    private func states() -> [Diagnostic] {
        var diagnostics = duplicates(workflow.states.map(\.id)) {
            .duplicateState($0.value, at: $0.location, first: $1)
        }
        .diagnostics
        let initials = workflow.states.filter(\.isInitial)
        if initials.isEmpty {
            diagnostics.append(.noInitialState(workflow.metadata.name.value, at: workflow.metadata.name.location))
        }
        for extra in initials.dropFirst() {
            diagnostics.append(
                .multipleInitialStates(extra.id.value, at: extra.id.location, first: initials[0].id.location))
        }
        for initial in initials where initial.isTerminal {
            diagnostics.append(.initialStateTerminal(initial.id.value, at: initial.id.location))
        }
        if !workflow.states.isEmpty && !workflow.states.contains(where: \.isTerminal) {
            diagnostics.append(.noTerminalState(workflow.metadata.name.value, at: workflow.metadata.name.location))
        }
        return diagnostics
    }

    private func checkStates(_ ids: [Located<String>]) -> [Diagnostic] {
        let known = statesByID
        return ids.filter { known[$0.value] == nil }.map { .unknownState($0.value, known: stateIDs, at: $0.location) }
    }

    private func checkRoles(_ ids: [Located<String>]) -> [Diagnostic] {
        let known = Set(workflow.roles.map(\.value))
        return ids.filter { !known.contains($0.value) }.map {
            .unknownRole($0.value, known: workflow.roles.map(\.value), at: $0.location)
        }
    }

    private func transitions() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let known = statesByID
        var seen: [String: SourceLocation] = [:]
        for transition in workflow.transitions {
            diagnostics += checkStates(transition.from + [transition.to])
            diagnostics += checkRoles(transition.roles)
            if transition.roles.isEmpty {
                diagnostics.append(.transitionWithoutRole(event: transition.event.value, at: transition.event.location))
            }
            for from in transition.from {
                if known[from.value]?.isTerminal == true {
                    diagnostics.append(
                        .transitionFromTerminal(from.value, event: transition.event.value, at: from.location))
                }
                let key = "\(from.value) \(transition.event.value)"
                if let first = seen[key] {
                    diagnostics.append(
                        .ambiguousTransition(
                            state: from.value, event: transition.event.value, at: transition.event.location,
                            first: first))
                } else {
                    seen[key] = transition.event.location
                }
            }
        }
        if let reopen = workflow.reopen {
            diagnostics += checkStates([reopen.to])
            diagnostics += checkRoles(reopen.roles)
            for sla in reopen.restarts where checkSLA(sla) == nil {
                diagnostics.append(.unknownSLA(sla.value, known: workflow.slas.map(\.id.value), at: sla.location))
            }
        }
        if let permissions = workflow.permissions { diagnostics += checkRoles(permissions.allRoles) }
        return diagnostics
    }

    private var edges: [String: [String]] { workflow.stateEdges }

    private func reachable(from starts: [String], edges: [String: [String]]) -> Set<String> {
        Workflow.reachable(from: starts, edges: edges)
    }

    private func graph() -> [Diagnostic] {
        guard let initial = workflow.states.first(where: \.isInitial) else { return [] }
        var diagnostics: [Diagnostic] = []
        let forward = edges
        let reached = reachable(from: [initial.id.value], edges: forward)
        var reverse: [String: [String]] = [:]
        for (from, targets) in forward {
            for target in targets { reverse[target, default: []].append(from) }
        }
        let closable = reachable(from: workflow.states.filter(\.isTerminal).map(\.id.value), edges: reverse)
        var reported: Set<String> = []
        for state in workflow.states where reported.insert(state.id.value).inserted {
            if !reached.contains(state.id.value) {
                diagnostics.append(
                    .unreachableState(state.id.value, initial: initial.id.value, at: state.id.location))
            } else if !state.isTerminal && !closable.contains(state.id.value) {
                diagnostics.append(.deadEndState(state.id.value, at: state.id.location))
            }
        }
        return diagnostics
    }

    private func slas() -> [Diagnostic] {
        var diagnostics = duplicates(workflow.slas.map(\.id)) { .duplicateSLA($0.value, at: $0.location, first: $1) }
            .diagnostics
        guard let initial = workflow.states.first(where: \.isInitial) else { return diagnostics }
        let forward = edges
        let reached = reachable(from: [initial.id.value], edges: forward)
        for sla in workflow.slas {
            let unknown = checkStates(sla.starts + sla.stops + sla.pauses)
            diagnostics += unknown
            guard unknown.isEmpty else { continue }
            let starts = sla.starts.map(\.value).filter(reached.contains)
            if starts.isEmpty {
                diagnostics.append(.slaNeverStarts(sla.id.value, at: sla.id.location))
                continue
            }
            let afterStart = reachable(from: starts, edges: forward)
            if !sla.stops.contains(where: { afterStart.contains($0.value) }) {
                diagnostics.append(.slaNeverStops(sla.id.value, at: sla.id.location))
            }
        }
        return diagnostics
    }

    private var slasByID: [String: SLADefinition] {
        var byID: [String: SLADefinition] = [:]
        for sla in workflow.slas where byID[sla.id.value] == nil { byID[sla.id.value] = sla }
        return byID
    }

    private func checkRecipient(_ id: Located<String>) -> [Diagnostic] {
        let roles = workflow.roles.map(\.value)
        let known = Self.builtInRecipients + roles
        return known.contains(id.value) ? [] : [.unknownRecipient(id.value, known: known, at: id.location)]
    }

    private func checkSLA(_ id: Located<String>) -> SLADefinition? {
        slasByID[id.value]
    }

    private func reminders() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for reminder in workflow.reminders {
            diagnostics += checkRecipient(reminder.notify)
            guard let sla = checkSLA(reminder.sla) else {
                diagnostics.append(
                    .unknownSLA(reminder.sla.value, known: workflow.slas.map(\.id.value), at: reminder.sla.location))
                continue
            }
            let target = sla.target.value
            var previous: (Located<ReminderPoint>, Int)?
            for point in reminder.points {
                // Scale to millionths of the target so percentages and offsets compare.
                let share: Int?
                switch point.value {
                case .percent(let percent): share = percent * 10_000
                case .offset(let offset):
                    share = offset.comparableMinutes(against: target).map { pair in
                        pair.1 == 0 ? Int.max : pair.0 * 1_000_000 / pair.1
                    }
                }
                guard let share else { continue }
                if share > 1_000_000 {
                    diagnostics.append(
                        .reminderAfterDeadline(
                            point.value.description, sla: sla.id.value, target: target.description,
                            at: point.location))
                }
                if let (before, beforeShare) = previous, share <= beforeShare {
                    diagnostics.append(
                        .reminderLadderOrder(
                            point.value.description, previous: before.value.description,
                            at: point.location))
                }
                previous = (point, share)
            }
        }
        return diagnostics
    }

    private func escalations() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let units = workflow.routing
            .flatMap { workspace.routingTable(named: $0.value) }
            .flatMap { workspace.unitCatalog(named: $0.units.value) }
        for policy in workflow.escalations {
            if checkSLA(policy.sla) == nil {
                diagnostics.append(
                    .unknownSLA(policy.sla.value, known: workflow.slas.map(\.id.value), at: policy.sla.location))
            }
            var previous: EscalationStep?
            for step in policy.steps {
                if let previous,
                    let (now, before) = step.afterBreach.value.comparableMinutes(against: previous.afterBreach.value),
                    now <= before
                {
                    diagnostics.append(
                        .escalationLadderOrder(
                            step.afterBreach.value.description, previous: previous.afterBreach.value.description,
                            at: step.afterBreach.location))
                }
                previous = step
                switch step.action.value {
                case .notify:
                    if let notify = step.notify {
                        diagnostics += checkRecipient(notify)
                    } else {
                        diagnostics.append(
                            .incompleteEscalationStep(.notify, needs: "notify", at: step.action.location))
                    }
                case .dailyReport:
                    if step.text == nil {
                        diagnostics.append(
                            .incompleteEscalationStep(.dailyReport, needs: "text", at: step.action.location))
                    }
                case .reassign:
                    guard let target = step.reassignTo else {
                        diagnostics.append(
                            .incompleteEscalationStep(.reassign, needs: "reassign_to", at: step.action.location))
                        continue
                    }
                    if let units, let unit = units.units.first(where: { $0.id.value == target.value }) {
                        if unit.isRetired {
                            diagnostics.append(
                                .retiredUnit(unit.id.value, at: target.location, declared: unit.location))
                        }
                    } else if let units {
                        diagnostics.append(
                            .unknownUnit(target.value, known: units.units.map(\.id.value), at: target.location))
                    }
                }
            }
        }
        return diagnostics
    }

    private func references() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let routing = workflow.routing, workspace.routingTable(named: routing.value) == nil {
            diagnostics.append(
                .unknownDocument(
                    .routingTable, name: routing.value, known: workspace.routingTables.map(\.metadata.name.value),
                    at: routing.location))
        }
        let calendar = workflow.calendar
        let years = workspace.calendarYears(named: calendar.value)
        if years.isEmpty {
            diagnostics.append(
                .unknownDocument(
                    .calendar, name: calendar.value,
                    known: Array(Set(workspace.calendars.map(\.metadata.name.value))).sorted(), at: calendar.location))
            return diagnostics
        }
        if let effective = workflow.effective {
            if effective.until.value < effective.from.value {
                diagnostics.append(
                    .invertedPeriod(effective.from.value, effective.until.value, at: effective.until.location))
                return diagnostics
            }
            let covered = Set(years.map(\.year.value))
            for year in effective.from.value.year...effective.until.value.year where !covered.contains(year) {
                diagnostics.append(
                    .calendarYearMissing(
                        calendar.value, year: year, workflow: workflow.metadata.name.value, at: calendar.location))
            }
        }
        return diagnostics
    }
}
