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

    /// Compares two outcomes with the same number of replications.
    public init(baseline: SimulationOutcome, alternative: SimulationOutcome) {
        self.baseline = baseline
        self.alternative = alternative
    }

    /// Metrics compared.
    public static let metrics: [Metric] = [
        .arrivals, .answered, .withinSLA, .breached, .cycleP50, .cycleP90, .waitMean,
    ]

    /// Per group present in both runs and per metric: A's mean, B's mean and the paired difference B − A.
    public var rows: [(group: GroupKey, metric: Metric, baseline: Double, alternative: Double, difference: Estimate)] {
        let groups = Set(baseline.summary.groups.keys).intersection(alternative.summary.groups.keys).sorted()
        var rows: [(GroupKey, Metric, Double, Double, Estimate)] = []
        for group in groups {
            for metric in Self.metrics {
                var differences: [Double] = []
                for (a, b) in zip(baseline.summary.perReplication, alternative.summary.perReplication) {
                    if let x = a.groups[group]?[metric], let y = b.groups[group]?[metric] { differences.append(y - x) }
                }
                guard !differences.isEmpty, let a = baseline.summary.groups[group]?[metric],
                    let b = alternative.summary.groups[group]?[metric]
                else { continue }
                rows.append((group, metric, a.mean, b.mean, Estimate(differences)))
            }
        }
        return rows
    }

    /// The comparison as a text table; differences whose interval excludes zero are marked `*`.
    public func text() -> String {
        var lines = [
            "A: " + SimulationReport(baseline).headline, "B: " + SimulationReport(alternative).headline,
            "B − A paired over \(min(baseline.results.count, alternative.results.count)) replications with common random numbers; * = 95% interval excludes 0",
        ]
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
        lines += SimulationReport.align(table)
        return lines.joined(separator: "\n") + "\n"
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
