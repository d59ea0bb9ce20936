import Foundation
import Lapor

/// An A/B comparison of two runs with common random numbers: B's replication `k` used the same seed as A's,
/// so each ticket of a shared arrival stream drew the same numbers in both. Differences are paired per
/// replication, which makes their confidence intervals much narrower than those of two independent runs.
public struct SimulationComparison: Sendable {
    /// The baseline run.
    public let baseline: SimulationOutcome
    /// The alternative run.
    public let alternative: SimulationOutcome

    /// The metrics compared, in order.
    public let metrics: [Metric]
    /// The kinds of groups compared.
    public let groupKinds: Set<GroupKey.Kind>

    /// Compares two outcomes with the same number of replications, on `metrics` of the groups of `groupKinds`.
    public init(
        baseline: SimulationOutcome, alternative: SimulationOutcome, metrics: [Metric] = Self.metrics,
        groupKinds: Set<GroupKey.Kind> = [.all, .unit, .category]
    ) {
        self.baseline = baseline
        self.alternative = alternative
        self.metrics = metrics
        self.groupKinds = groupKinds
    }

    /// Metrics compared by default.
    public static let metrics: [Metric] = [
        .arrivals, .answered, .withinSLA, .breached, .cycleP50, .cycleP90, .waitMean,
    ]

    /// Per group and metric: A's mean, B's mean and the paired difference B − A. A group that one run does
    /// not have (no ticket ended in that unit) counts 0 arrivals there; its other metrics are compared only
    /// where both runs have a value.
    public var rows: [(group: GroupKey, metric: Metric, baseline: Double, alternative: Double, difference: Estimate)] {
        let groups = Set(baseline.summary.groups.keys).union(alternative.summary.groups.keys).filter {
            groupKinds.contains($0.kind)
        }.sorted()
        var rows: [(GroupKey, Metric, Double, Double, Estimate)] = []
        for group in groups {
            for metric in metrics {
                func value(_ kpis: ReplicationKPIs) -> Double? {
                    kpis.groups[group]?[metric] ?? (metric == .arrivals ? 0 : nil)
                }
                var differences: [Double] = []
                for (a, b) in zip(baseline.summary.perReplication, alternative.summary.perReplication) {
                    if let x = value(a), let y = value(b) { differences.append(y - x) }
                }
                func mean(_ summary: SimulationSummary) -> Double? {
                    summary.groups[group]?[metric]?.mean ?? (metric == .arrivals ? 0 : nil)
                }
                guard !differences.isEmpty, let a = mean(baseline.summary), let b = mean(alternative.summary)
                else { continue }
                rows.append((group, metric, a, b, Estimate(differences)))
            }
        }
        return rows
    }

    /// The comparison as a text table; differences whose interval excludes zero are marked `*`.
    public func text() -> String {
        let lines = [
            "A: " + SimulationReport(baseline).headline, "B: " + SimulationReport(alternative).headline,
            "B − A paired over \(min(baseline.results.count, alternative.results.count)) replications with common random numbers; * = 95% interval excludes 0",
        ]
        return (lines + table()).joined(separator: "\n") + "\n"
    }

    /// The rows as aligned text lines under a header: group, metric, A, B, B − A, 95% CI.
    public func table() -> [String] {
        var table: [[String]] = [["group", "metric", "A", "B", "B − A", "95% CI"]]
        for row in rows {
            let digits = row.metric == .arrivals ? 0 : 1
            let significant = abs(row.difference.mean) > row.difference.halfWidth && row.difference.count > 1
            table.append([
                row.group.description, row.metric.rawValue, SimulationReport.number(row.baseline, digits),
                SimulationReport.number(row.alternative, digits),
                (row.difference.mean >= 0 ? "+" : "") + SimulationReport.number(row.difference.mean, digits)
                    + (significant ? " *" : ""),
                "±" + SimulationReport.number(row.difference.halfWidth, digits),
            ])
        }
        return SimulationReport.align(table)
    }

    /// The comparison as JSON.
    public func json() -> String {
        let object: [String: Any] = [
            "baseline": baseline.summary.scenario, "alternative": alternative.summary.scenario,
            "replications": min(baseline.results.count, alternative.results.count),
            "rows": rows.map { row in
                [
                    "group": row.group.description, "metric": row.metric.rawValue, "baseline": row.baseline,
                    "alternative": row.alternative, "difference": row.difference.mean,
                    "ci95": row.difference.halfWidth,
                ] as [String: Any]
            },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
    }
}
