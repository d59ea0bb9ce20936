/// Checks a whole workspace and returns every diagnostic at once.
///
/// Validation never stops at the first problem; each check works on what could be decoded.
public struct Validator: Sendable {
    /// Creates a validator.
    public init() {}

    /// Every diagnostic of `workspace`, sorted by location.
    public func validate(_ workspace: Workspace) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += duplicateDocuments(workspace)
        for catalog in workspace.unitCatalogs { diagnostics += UnitCatalogChecks(catalog: catalog).run() }
        for catalog in workspace.categoryCatalogs { diagnostics += CategoryCatalogChecks(catalog: catalog).run() }
        diagnostics += CalendarChecks(years: workspace.calendars).run()
        for table in workspace.routingTables {
            diagnostics += RoutingTableChecks(table: table, workspace: workspace).run()
        }
        for workflow in workspace.workflows {
            diagnostics += WorkflowChecks(workflow: workflow, workspace: workspace).run()
        }
        for plan in workspace.migrationPlans {
            diagnostics += MigrationChecks(plan: plan, workspace: workspace).run()
        }
        for scenario in workspace.scenarios {
            diagnostics += ScenarioChecks(scenario: scenario, workspace: workspace).run()
        }
        for suite in workspace.testSuites {
            diagnostics += TestSuiteChecks(suite: suite, workspace: workspace).run()
        }
        return diagnostics.sortedForOutput()
    }

    private func duplicateDocuments(_ workspace: Workspace) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func check(_ kind: DocumentKind, _ names: [Located<String>]) {
            var seen: [String: SourceLocation] = [:]
            for name in names {
                if let first = seen[name.value] {
                    diagnostics.append(.duplicateDocument(kind, name: name.value, at: name.location, first: first))
                } else {
                    seen[name.value] = name.location
                }
            }
        }
        check(.workflow, workspace.workflows.map(\.metadata.name))
        check(.routingTable, workspace.routingTables.map(\.metadata.name))
        check(.units, workspace.unitCatalogs.map(\.metadata.name))
        check(.categories, workspace.categoryCatalogs.map(\.metadata.name))
        check(.migrationPlan, workspace.migrationPlans.map(\.metadata.name))
        check(.scenario, workspace.scenarios.map(\.metadata.name))
        check(.testSuite, workspace.testSuites.map(\.metadata.name))
        return diagnostics
    }
}

/// Reports the second and later occurrences of each id.
func duplicates(
    _ ids: [Located<String>], report: (Located<String>, SourceLocation) -> Diagnostic
) -> (diagnostics: [Diagnostic], firstSeen: [String: SourceLocation]) {
    var seen: [String: SourceLocation] = [:]
    var diagnostics: [Diagnostic] = []
    for id in ids {
        if let first = seen[id.value] {
            diagnostics.append(report(id, first))
        } else {
            seen[id.value] = id.location
        }
    }
    return (diagnostics, seen)
}
