import Foundation
import Lapor

/// Renders the outcome of a simulation: a text table, `summary.json`, `tickets.csv`, the event log and
/// `report.html`.
public struct SimulationReport: Sendable {
    /// The outcome to render.
    public let outcome: SimulationOutcome

    /// A report of `outcome`.
    public init(_ outcome: SimulationOutcome) { self.outcome = outcome }

    private var summary: SimulationSummary { outcome.summary }
    private var scenario: Scenario { outcome.model.scenario }

    /// The metrics shown in tables, in order.
    public static let tableMetrics: [Metric] = [
        .arrivals, .answered, .withinSLA, .breached, .cycleP50, .cycleP90, .cycleP99, .waitMean, .utilization,
    ]

    /// One line naming the run.
    public var headline: String {
        let workflows = outcome.model.loads.map {
            $0.definition.version.isEmpty ? $0.definition.name : "\($0.definition.name) \($0.definition.version)"
        }
        return
            "scenario \(summary.scenario): \(scenario.from.value) … \(scenario.until.value), \(summary.replications) replication\(summary.replications == 1 ? "" : "s"), "
            + "workflow \(workflows.joined(separator: " → ")), KPI SLA \(summary.sla)"
    }

    /// The key figures as a text table: mean ± 95% half-width per group.
    public func text() -> String {
        var lines = [headline]
        let dayUnit = scenario.clock == .continuous ? "days" : "working days"
        lines.append(
            "cycle = arrival to close in \(dayUnit); wait = hours in unit queues; ± = 95% confidence half-width across replications"
        )
        let header = ["group"] + Self.tableMetrics.map(\.title)
        var rows: [[String]] = [header]
        for key in summary.orderedGroups {
            let values = summary.groups[key] ?? [:]
            rows.append([key.description] + Self.tableMetrics.map { cell(values[$0], metric: $0) })
        }
        lines += Self.align(rows)
        if summary.stuck > 0 {
            lines.append(
                "note: \(Self.number(summary.stuck, 1)) tickets per replication stayed in a state without a work rule")
        }
        if let last = summary.totalBacklog.last {
            lines.append("open at the end: \(Self.number(last, 0)) tickets (mean of replications)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func cell(_ estimate: Estimate?, metric: Metric) -> String {
        guard let estimate, estimate.count > 0 else { return "-" }
        let digits = metric == .arrivals ? 0 : 1
        guard estimate.halfWidth > 0 else { return Self.number(estimate.mean, digits) }
        return "\(Self.number(estimate.mean, digits))±\(Self.number(estimate.halfWidth, digits))"
    }

    static func number(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    /// Rows as aligned text columns: the first left-aligned, the others right-aligned.
    public static func align(_ rows: [[String]]) -> [String] { TextTable.align(rows) }

    // MARK: JSON

    /// `summary.json`: the run, and per group and metric the mean and 95% half-width.
    public func json() -> String {
        var groups: [[String: Any]] = []
        for key in summary.orderedGroups {
            var metrics: [String: Any] = [:]
            for (metric, estimate) in summary.groups[key] ?? [:] {
                metrics[metric.rawValue] = ["mean": round(estimate.mean), "ci95": round(estimate.halfWidth)]
            }
            groups.append(["group": key.description, "metrics": metrics])
        }
        let backlog = summary.backlog.mapValues { $0.map(round) }
        let object: [String: Any] = [
            "scenario": summary.scenario,
            "period": ["from": scenario.from.value.description, "until": scenario.until.value.description],
            "replications": summary.replications,
            "seed": Int(scenario.seed),
            "kpi_sla": summary.sla,
            "workflows": outcome.model.loads.map {
                ["name": $0.definition.name, "version": $0.definition.version, "definition": $0.definition.hash]
            },
            "groups": groups,
            "backlog": ["days": summary.days.map(\.description), "units": backlog],
            "steps_per_replication": summary.steps,
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
    }

    private func round(_ value: Double) -> Double { (value * 1_000).rounded() / 1_000 }

    // MARK: CSV

    /// `tickets.csv` of replication 0.
    public func ticketsCSV() -> String {
        let offset = outcome.model.loads[0].calendar.offset
        var lines = [
            "id,workflow,category,labels,channel,region,unit,opened,answered,closed,breached,state,waited_hours,worked_hours,cycle_days"
        ]
        let day = scenario.clock == .continuous ? 86_400.0 : 27_000.0
        for ticket in outcome.results.first?.tickets ?? [] {
            let fields = [
                ticket.id, ticket.workflow, ticket.category, ticket.labels.joined(separator: ";"), ticket.channel ?? "",
                ticket.region ?? "", ticket.unit,
                ticket.opened.formatted(at: offset), ticket.answered?.formatted(at: offset) ?? "",
                ticket.closed?.formatted(at: offset) ?? "", ticket.breached?.formatted(at: offset) ?? "", ticket.state,
                Self.number(Double(ticket.waited) / 3_600, 2), Self.number(Double(ticket.worked) / 3_600, 2),
                ticket.cycleWorkingSeconds.map { Self.number(Double($0) / day, 2) } ?? "",
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The event log in the columns of process-mining tools (case id, activity, timestamp, resource).
    public func eventsCSV(_ rows: [EventLogRow]) -> String {
        let offset = outcome.model.loads[0].calendar.offset
        var lines = ["case_id,activity,timestamp,resource"]
        for row in rows {
            lines.append(
                [row.ticket, row.activity, row.at.formatted(at: offset), row.resource].map(Self.csvField).joined(
                    separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
