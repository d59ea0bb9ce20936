import Lapor

/// The simulated effect of a routing change: one scenario run twice, with the old and with the new routing
/// table in place of the table its workflows use, and compared with common random numbers.
///
/// Both runs use the scenario's seed and the same number of replications, so replication `k` of each run
/// draws the same arrivals (category, labels, channel, region, arrival time) and the same handling times;
/// only where the tables send tickets differs. Differences are paired per replication
/// (``SimulationComparison``).
public struct RoutingWhatIf: Sendable {
    /// The two compiled runs: `old` with the old table, `new` with the new one.
    public let old: SimulationModel
    /// The run with the new table.
    public let new: SimulationModel
    /// The routing table's name, as the scenario's workflows refer to it.
    public let table: String

    /// Metrics compared: how many tickets each unit ends with, and how many breach the KPI SLA.
    public static let metrics: [Metric] = [.arrivals, .breached, .withinSLA, .waitMean]

    /// Compiles `scenario` (by name) of `workspace` twice, with `old` and with `new` in place of the routing
    /// table `table`. Only the scenario itself is kept of the workspace's scenarios, and no test suites (they
    /// pin the current table's rules); everything else is validated as `lapor simulate` does, so a new table
    /// that sends tickets to a unit without capacity in the scenario is reported (LAP806).
    public static func make(
        scenario name: String, in workspace: Workspace, table: String, old: RoutingTable, new: RoutingTable
    ) -> Result<RoutingWhatIf, Diagnostics> {
        guard let scenario = workspace.scenario(named: name) else {
            return .failure(
                Diagnostics([
                    .unknownDocument(
                        .scenario, name: name, known: workspace.scenarios.map(\.metadata.name.value).sorted(),
                        at: .file(name))
                ]))
        }
        let workflows = scenario.workflows.map(\.workflow.value)
        guard workflows.contains(where: { workspace.workflow(named: $0)?.routing?.value == table }) else {
            return .failure(
                Diagnostics([
                    .scenarioWithoutRoutingTable(
                        scenario: name, table: table, workflows: workflows, at: scenario.metadata.name.location)
                ]))
        }
        var base = workspace
        base.scenarios = [scenario]
        let models = [old, new].map { routing in
            SimulationModel.make(scenario: name, in: base.replacingRoutingTable(named: table, with: routing))
        }
        switch (models[0], models[1]) {
        case (.success(let a), .success(let b)): return .success(RoutingWhatIf(old: a, new: b, table: table))
        case (.failure(let errors), _), (_, .failure(let errors)): return .failure(errors)
        }
    }

    /// The comparison of the two outcomes (old as A, new as B) for all tickets and per unit.
    public static func comparison(old: SimulationOutcome, new: SimulationOutcome) -> SimulationComparison {
        SimulationComparison(baseline: old, alternative: new, metrics: metrics, groupKinds: [.all, .unit])
    }

    /// The comparison as text: a headline and one row per group (all tickets, then each unit) with the
    /// tickets and the breach % of each run and the paired difference of the breach %.
    public static func text(_ comparison: SimulationComparison) -> String {
        let report = SimulationReport(comparison.baseline)
        let replications = min(comparison.baseline.results.count, comparison.alternative.results.count)
        var lines = [
            "simulated effect: \(report.headline)",
            "A = old table, B = new table; B − A paired over \(replications) replication\(replications == 1 ? "" : "s") "
                + "with common random numbers; * = 95% interval excludes 0",
            "unit = the ticket's last unit; breach % = KPI SLA breached by the end of the run",
        ]
        var differences: [GroupKey: Estimate] = [:]
        var groups: [GroupKey] = []
        for row in comparison.rows where row.metric == .breached || row.metric == .arrivals {
            if groups.last != row.group { groups.append(row.group) }
            if row.metric == .breached { differences[row.group] = row.difference }
        }
        var table = [["group", "tickets A", "tickets B", "breach% A", "breach% B", "B − A", "95% CI"]]
        for group in groups {
            func value(_ outcome: SimulationOutcome, _ metric: Metric) -> Double? {
                outcome.summary.groups[group]?[metric]?.mean
            }
            func show(_ value: Double?, _ digits: Int) -> String {
                value.map { SimulationReport.number($0, digits) } ?? "-"
            }
            var row = [
                group.description, show(value(comparison.baseline, .arrivals) ?? 0, 0),
                show(value(comparison.alternative, .arrivals) ?? 0, 0), show(value(comparison.baseline, .breached), 1),
                show(value(comparison.alternative, .breached), 1),
            ]
            if let difference = differences[group] {
                let significant = abs(difference.mean) > difference.halfWidth && difference.count > 1
                row += [
                    (difference.mean >= 0 ? "+" : "") + SimulationReport.number(difference.mean, 1)
                        + (significant ? " *" : ""),
                    "±" + SimulationReport.number(difference.halfWidth, 1),
                ]
            } else {
                row += ["-", "-"]
            }
            table.append(row)
        }
        lines += SimulationReport.align(table)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comparison as a JSON-encodable value.
    public static func summary(_ comparison: SimulationComparison) -> Summary { Summary(comparison) }

    /// The JSON form of the comparison.
    public struct Summary: Encodable, Sendable {
        struct Row: Encodable {
            var group: String
            var metric: String
            var old: Double
            var new: Double
            var difference: Double
            var ci95: Double
        }

        var scenario: String
        var replications: Int
        var seed: UInt64
        var kpiSLA: String
        var rows: [Row]

        enum CodingKeys: String, CodingKey {
            case scenario, replications, seed, rows
            case kpiSLA = "kpi_sla"
        }

        init(_ comparison: SimulationComparison) {
            func round(_ value: Double) -> Double { (value * 1_000).rounded() / 1_000 }
            scenario = comparison.baseline.summary.scenario
            replications = min(comparison.baseline.results.count, comparison.alternative.results.count)
            seed = comparison.baseline.model.scenario.seed
            kpiSLA = comparison.baseline.summary.sla
            rows = comparison.rows.map {
                Row(
                    group: $0.group.description, metric: $0.metric.rawValue, old: round($0.baseline),
                    new: round($0.alternative), difference: round($0.difference.mean),
                    ci95: round($0.difference.halfWidth))
            }
        }
    }
}
