/// Checks of a test suite: every name it uses exists in its workflow, routing table and catalogs,
/// and each case's keys fit together. A suite that passes these checks can only fail by behaviour.
struct TestSuiteChecks {
    let suite: TestSuite
    let workspace: Workspace

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        guard let workflow = workspace.workflow(named: suite.workflow.value) else {
            return [
                .unknownDocument(
                    .workflow, name: suite.workflow.value,
                    known: workspace.workflows.map(\.metadata.name.value).sorted(),
                    at: suite.workflow.location)
            ]
        }
        let table = workflow.routing.flatMap { workspace.routingTable(named: $0.value) }
        let context = Context(
            workflow: workflow, table: table,
            categories: table.flatMap { workspace.categoryCatalog(named: $0.categories.value) },
            units: table.flatMap { workspace.unitCatalog(named: $0.units.value) })
        var seen: [String: SourceLocation] = [:]
        for testCase in suite.cases {
            if let first = seen[testCase.name.value] {
                diagnostics.append(.duplicateTestCase(testCase.name.value, at: testCase.name.location, first: first))
            } else {
                seen[testCase.name.value] = testCase.name.location
            }
            diagnostics += context.check(testCase)
        }
        return diagnostics
    }

    private struct Context {
        let workflow: Workflow
        let table: RoutingTable?
        let categories: CategoryCatalog?
        let units: UnitCatalog?

        var workflowName: String { "workflow '\(workflow.metadata.name.value)'" }

        func check(_ testCase: TestCase) -> [Diagnostic] {
            var diagnostics = references(testCase)
            let expect = testCase.expect
            if expect.isEmpty {
                diagnostics.append(
                    .malformedTestCase(
                        "test case '\(testCase.name.value)' expects nothing", at: expect.location,
                        notes: [
                            .init("give at least one of \(ConfigSchema.testExpectation.keys.joined(separator: ", "))")
                        ]))
            }
            guard let opened = testCase.opened else {
                if let first = testCase.steps.first {
                    diagnostics.append(needsOpened("steps", at: first.location))
                }
                if let until = testCase.until { diagnostics.append(needsOpened("until", at: until.location)) }
                if let state = expect.state { diagnostics.append(needsOpened("expect.state", at: state.location)) }
                if let sla = expect.slas.first {
                    diagnostics.append(needsOpened("SLA expectations", at: sla.sla.location))
                }
                if let report = expect.report { diagnostics.append(needsOpened("expect.report", at: report.location)) }
                if table == nil {
                    diagnostics.append(
                        .malformedTestCase(
                            "test case '\(testCase.name.value)' only routes, but \(workflowName) has no routing table",
                            at: testCase.location))
                }
                return diagnostics
            }
            var last = opened
            for step in testCase.steps {
                guard let at = step.at else { continue }
                if at.value < last.value {
                    diagnostics.append(
                        .malformedTestCase(
                            "step '\(step.event.value)' is dated before the previous step or the opening",
                            at: at.location, notes: [.init("previous instant", at: last.location)]))
                }
                last = at
            }
            if let until = testCase.until, until.value < last.value {
                diagnostics.append(
                    .malformedTestCase(
                        "until is before the last step or the opening", at: until.location,
                        notes: [.init("previous instant", at: last.location)]))
            }
            var outcomes: [String: SourceLocation] = [:]
            for (sla, _) in expect.slas {
                if let first = outcomes[sla.value] {
                    diagnostics.append(
                        .malformedTestCase(
                            "SLA '\(sla.value)' is expected in two outcomes", at: sla.location,
                            notes: [.init("first expected here", at: first)]))
                }
                outcomes[sla.value] = sla.location
            }
            return diagnostics
        }

        private func needsOpened(_ what: String, at location: SourceLocation) -> Diagnostic {
            .malformedTestCase(
                "\(what): the case has no 'opened' instant, so its ticket is only routed; add 'opened'",
                at: location)
        }

        private func references(_ testCase: TestCase) -> [Diagnostic] {
            var diagnostics: [Diagnostic] = []
            let ticket = testCase.ticket
            if let catalog = categories {
                let name = catalog.metadata.name.value
                let known = catalog.categories.map(\.id.value)
                if !known.contains(ticket.category.value) {
                    diagnostics.append(
                        .unknownCategory(
                            ticket.category.value, catalog: name, known: known, at: ticket.category.location))
                }
                let labels = catalog.labels.map(\.id.value)
                for label in ticket.labels where !labels.contains(label.value) {
                    diagnostics.append(.unknownLabel(label.value, catalog: name, known: labels, at: label.location))
                }
                let channels = catalog.channels.map(\.id.value)
                if let channel = ticket.channel, !channels.contains(channel.value) {
                    diagnostics.append(
                        .unknownChannel(channel.value, catalog: name, known: channels, at: channel.location))
                }
                let regions = catalog.regions.map(\.id.value)
                if let region = ticket.region, !regions.contains(region.value) {
                    diagnostics.append(.unknownRegion(region.value, catalog: name, known: regions, at: region.location))
                }
            }
            let expect = testCase.expect
            if let unit = expect.unit, let catalog = units {
                let known = catalog.units.map(\.id.value)
                if !known.contains(unit.value) {
                    diagnostics.append(.unknownUnit(unit.value, known: known, at: unit.location))
                }
            }
            if let rule = expect.rule, let table {
                let known = table.rules.map(\.id.value)
                if !known.contains(rule.value) {
                    diagnostics.append(
                        .unknownTestReference(
                            "rule", rule.value, in: "routing table '\(table.metadata.name.value)'", known: known,
                            at: rule.location))
                }
            }
            let states = workflow.states.map(\.id.value)
            if let state = expect.state, !states.contains(state.value) {
                diagnostics.append(
                    .unknownTestReference("state", state.value, in: workflowName, known: states, at: state.location))
            }
            let slas = workflow.slas.map(\.id.value)
            for (sla, _) in expect.slas where !slas.contains(sla.value) {
                diagnostics.append(
                    .unknownTestReference("SLA", sla.value, in: workflowName, known: slas, at: sla.location))
            }
            let roles = workflow.roles.map(\.value)
            if let role = testCase.openedBy, !roles.contains(role.value) {
                diagnostics.append(
                    .unknownTestReference("role", role.value, in: workflowName, known: roles, at: role.location))
            }
            let events = Array(Set(workflow.transitions.map(\.event.value))).sorted()
            for step in testCase.steps {
                if !events.contains(step.event.value) {
                    diagnostics.append(
                        .unknownTestReference(
                            "event", step.event.value, in: workflowName, known: events, at: step.event.location))
                }
                if !roles.contains(step.role.value) {
                    diagnostics.append(
                        .unknownTestReference(
                            "role", step.role.value, in: workflowName, known: roles, at: step.role.location))
                }
            }
            return diagnostics
        }
    }
}
