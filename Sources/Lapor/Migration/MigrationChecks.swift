/// Checks of one migration plan against the workflows it names.
struct MigrationChecks {
    let plan: MigrationPlan
    let workspace: Workspace

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let source = resolve(plan.from, &diagnostics)
        let target = resolve(plan.to, &diagnostics)
        diagnostics += states(source: source, target: target)
        diagnostics += clocks(source: source, target: target)
        return diagnostics
    }

    private func resolve(_ reference: WorkflowReference, _ diagnostics: inout [Diagnostic]) -> Workflow? {
        guard let workflow = workspace.workflow(named: reference.workflow.value) else {
            diagnostics.append(
                .unknownDocument(
                    .workflow, name: reference.workflow.value, known: workspace.workflows.map(\.metadata.name.value),
                    at: reference.workflow.location))
            return nil
        }
        if let version = reference.version, version.value != (workflow.metadata.version ?? "") {
            diagnostics.append(
                .migrationVersionMismatch(
                    workflow: reference.workflow.value, expected: version.value,
                    loaded: workflow.metadata.version ?? "(none)", at: version.location))
        }
        return workflow
    }

    private func states(source: Workflow?, target: Workflow?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var mapped: [String: SourceLocation] = [:]
        for mapping in plan.states {
            for from in mapping.from {
                if let first = mapped[from.value] {
                    diagnostics.append(.duplicateStateMapping(from.value, at: from.location, first: first))
                } else {
                    mapped[from.value] = from.location
                }
                if let source, !source.states.contains(where: { $0.id.value == from.value }) {
                    diagnostics.append(
                        .unknownState(from.value, known: source.states.map(\.id.value), at: from.location))
                }
            }
            if let target {
                if let state = target.states.first(where: { $0.id.value == mapping.to.value }) {
                    if state.isTerminal {
                        diagnostics.append(.migrationToTerminalState(mapping.to.value, at: mapping.to.location))
                    }
                } else {
                    diagnostics.append(
                        .unknownState(mapping.to.value, known: target.states.map(\.id.value), at: mapping.to.location))
                }
            }
        }
        if let source {
            let reachable = source.reachableStates
            for state in source.states
            where !state.isTerminal && reachable.contains(state.id.value) && mapped[state.id.value] == nil {
                var diagnostic = Diagnostic.unmappedState(
                    state.id.value, workflow: source.metadata.name.value, at: plan.statesLocation)
                diagnostic.notes.append(.init("declared here", at: state.id.location))
                diagnostics.append(diagnostic)
            }
        }
        return diagnostics
    }

    private func clocks(source: Workflow?, target: Workflow?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var mapped: [String: SourceLocation] = [:]
        for mapping in plan.clocks {
            if let first = mapped[mapping.sla.value] {
                diagnostics.append(.duplicateClockMapping(mapping.sla.value, at: mapping.sla.location, first: first))
            } else {
                mapped[mapping.sla.value] = mapping.sla.location
            }
            let mode = mapping.mode.value
            let targetSLA = target?.slas.first { $0.id.value == mapping.sla.value }
            if let target, targetSLA == nil {
                diagnostics.append(
                    .unknownSLA(mapping.sla.value, known: target.slas.map(\.id.value), at: mapping.sla.location))
            }
            guard let from = mapping.from else {
                if mode.needsSource {
                    diagnostics.append(
                        .invalidClockMapping(
                            "mode '\(mode.rawValue)' carries time from an SLA of the old workflow; name it with 'from'",
                            at: mapping.mode.location))
                }
                continue
            }
            guard mode.needsSource else {
                diagnostics.append(
                    .invalidClockMapping(
                        "mode '\(mode.rawValue)' does not read an old clock; remove 'from'", at: from.location))
                continue
            }
            guard let source else { continue }
            guard let sourceSLA = source.slas.first(where: { $0.id.value == from.value }) else {
                diagnostics.append(.unknownSLA(from.value, known: source.slas.map(\.id.value), at: from.location))
                continue
            }
            if let targetSLA, sourceSLA.target.value.unit.isWorkingTime != targetSLA.target.value.unit.isWorkingTime {
                diagnostics.append(
                    .clockMeasureMismatch(
                        from: from.value, fromTarget: sourceSLA.target.value.description, to: mapping.sla.value,
                        toTarget: targetSLA.target.value.description, at: mapping.mode.location))
            }
        }
        if let target {
            for sla in target.slas where mapped[sla.id.value] == nil {
                var diagnostic = Diagnostic.unmappedClock(
                    sla.id.value, workflow: target.metadata.name.value, at: plan.clocksLocation)
                diagnostic.notes.insert(.init("declared here", at: sla.id.location), at: 0)
                diagnostics.append(diagnostic)
            }
        }
        return diagnostics
    }
}
