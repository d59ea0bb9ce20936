import Foundation
import Lapor

/// A key figure of a simulation, per group of tickets.
public enum Metric: String, CaseIterable, Sendable, Codable {
    /// Tickets that arrived.
    case arrivals
    /// Share of arrivals whose KPI SLA clock stopped (answered, forwarded or archived) by the end, in %.
    case answered = "answered_pct"
    /// Share of arrivals answered without a breach of the KPI SLA, in %.
    case withinSLA = "within_sla_pct"
    /// Share of arrivals whose KPI SLA breached by the end, in %.
    case breached = "breach_pct"
    /// Median cycle time (arrival to close) of closed tickets, in working days (days for a continuous clock).
    case cycleP50 = "cycle_p50_days"
    /// 90th percentile of the cycle time.
    case cycleP90 = "cycle_p90_days"
    /// 99th percentile of the cycle time.
    case cycleP99 = "cycle_p99_days"
    /// Mean time spent waiting in unit queues, in hours.
    case waitMean = "wait_mean_hours"
    /// 90th percentile of the waiting time, in hours.
    case waitP90 = "wait_p90_hours"
    /// Tickets still open at the end.
    case openAtEnd = "open_at_end"
    /// Staff effort over staff time available, in % (units with a finite staff only).
    case utilization = "utilization_pct"

    /// A short column title.
    public var title: String {
        switch self {
        case .arrivals: "arrivals"
        case .answered: "answered%"
        case .withinSLA: "in SLA%"
        case .breached: "breach%"
        case .cycleP50: "cycle p50"
        case .cycleP90: "p90"
        case .cycleP99: "p99"
        case .waitMean: "wait h"
        case .waitP90: "wait p90"
        case .openAtEnd: "open"
        case .utilization: "util%"
        }
    }
}

/// A group of tickets the key figures are given for.
public struct GroupKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// What the group is keyed by.
    public enum Kind: Int, Sendable, Comparable {
        case all, unit, category

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// All, a unit or a category.
    public var kind: Kind
    /// The unit or category id (`all` for all).
    public var name: String

    /// A group.
    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// Every ticket.
    public static let all = GroupKey(kind: .all, name: "all")

    /// `all`, `unit BINWASNAKER_K3`, `category upah`.
    public var description: String {
        switch kind {
        case .all: "all"
        case .unit: "unit \(name)"
        case .category: "category \(name)"
        }
    }

    public static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
        (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
}

/// A mean across replications with the half-width of its 95% confidence interval.
public struct Estimate: Sendable, Hashable, Codable {
    /// Mean over replications.
    public var mean: Double
    /// Half-width of the 95% confidence interval (Student t); 0 with one replication.
    public var halfWidth: Double
    /// Replications that had a value.
    public var count: Int

    /// The estimate of `values`.
    public init(_ values: [Double]) {
        count = values.count
        let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        self.mean = mean
        guard values.count > 1 else {
            halfWidth = 0
            return
        }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        halfWidth = Estimate.t95(degrees: values.count - 1) * (variance / Double(values.count)).squareRoot()
    }

    /// Two-sided 95% quantile of Student's t.
    static func t95(degrees: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        return degrees >= 1 && degrees <= table.count ? table[degrees - 1] : 1.96
    }
}

/// Key figures of one replication, per group.
public struct ReplicationKPIs: Sendable {
    /// Values per group and metric (a metric is absent when it has no value, e.g. no closed ticket).
    public var groups: [GroupKey: [Metric: Double]]

    /// Computes the figures of `result`.
    ///
    /// One pass over the tickets tallies every group (all, its unit, its category) without copying any
    /// ticket; the values are the same as computing each group from its own list of tickets.
    public init(_ result: ReplicationResult, model: SimulationModel) {
        var tallies = [GroupTally()]
        var keys = [GroupKey.all]
        var unitGroups: [String: Int] = [:]
        var categoryGroups: [String: Int] = [:]
        func group(_ name: String, _ kind: GroupKey.Kind, _ known: inout [String: Int]) -> Int {
            if let index = known[name] { return index }
            known[name] = tallies.count
            tallies.append(GroupTally())
            keys.append(GroupKey(kind: kind, name: name))
            return tallies.count - 1
        }
        let day = model.scenario.clock == .continuous ? 86_400.0 : 27_000.0
        // A run gives each ticket's unit and category as indices: each name is looked up once.
        let indexed =
            result.unitIndices.count == result.tickets.count && result.categoryIndices.count == result.tickets.count
        var unitSlots = Array(repeating: -1, count: indexed ? result.units.count + 1 : 0)
        var categorySlots = Array(repeating: -1, count: indexed ? model.categories.count : 0)
        result.tickets.withUnsafeBufferPointer { tickets in
            for index in tickets.indices {
                let unit: Int
                let category: Int
                if indexed {
                    let unitSlot = Int(result.unitIndices[index]) + 1
                    if unitSlots[unitSlot] < 0 { unitSlots[unitSlot] = group(tickets[index].unit, .unit, &unitGroups) }
                    unit = unitSlots[unitSlot]
                    let categorySlot = Int(result.categoryIndices[index])
                    if categorySlots[categorySlot] < 0 {
                        categorySlots[categorySlot] = group(tickets[index].category, .category, &categoryGroups)
                    }
                    category = categorySlots[categorySlot]
                } else {
                    unit = group(tickets[index].unit, .unit, &unitGroups)
                    category = group(tickets[index].category, .category, &categoryGroups)
                }
                let outcome = TicketOutcome(
                    answered: tickets[index].answered != nil, breached: tickets[index].breached != nil,
                    closed: tickets[index].closed != nil, cycle: tickets[index].cycleWorkingSeconds,
                    wait: tickets[index].waited)
                tallies[0].add(outcome)
                tallies[unit].add(outcome)
                tallies[category].add(outcome)
            }
        }
        var groups: [GroupKey: [Metric: Double]] = [:]
        for index in tallies.indices { groups[keys[index]] = tallies[index].values(day: day) }
        for unit in model.units where unit.staff != .max && unit.staff > 0 {
            let busy = result.busySeconds[unit.id] ?? 0
            let key = GroupKey(kind: .unit, name: unit.id)
            guard busy > 0 || groups[key] != nil else { continue }
            groups[key, default: [.arrivals: 0]][.utilization] =
                100 * busy / (Double(unit.staff) * model.availableSeconds)
        }
        self.groups = groups
    }
}

/// What the key figures need of one ticket.
private struct TicketOutcome {
    var answered: Bool
    var breached: Bool
    var closed: Bool
    /// Cycle time in working seconds (seconds for a continuous clock), if closed.
    var cycle: Int64?
    /// Waiting time in seconds.
    var wait: Int64
}

/// Counts and values of one group of tickets.
private struct GroupTally {
    var count = 0
    var answered = 0
    var withinSLA = 0
    var breached = 0
    var open = 0
    /// Cycle times of closed tickets, in seconds.
    var cycles: [Int64] = []
    /// Waiting times, in seconds.
    var waits: [Int64] = []
    /// The sum of `waits`.
    var waited: Int64 = 0

    mutating func add(_ ticket: TicketOutcome) {
        count += 1
        if ticket.answered {
            answered += 1
            if !ticket.breached { withinSLA += 1 }
        }
        if ticket.breached { breached += 1 }
        if !ticket.closed { open += 1 }
        if let cycle = ticket.cycle { cycles.append(cycle) }
        waits.append(ticket.wait)
        waited &+= ticket.wait
    }

    /// The metrics of the group, with cycle times in days of `day` seconds (reorders `cycles` and `waits`).
    ///
    /// The sums are of whole seconds and the percentiles are ranks, so that the figures do not depend on
    /// the order of the tickets. The ranks are found by selection, in linear time: sorting a million
    /// values per group cost more than the key figures need.
    mutating func values(day: Double) -> [Metric: Double] {
        let total = Double(count)
        var values: [Metric: Double] = [
            .arrivals: total,
            .answered: 100 * Double(answered) / total,
            .withinSLA: 100 * Double(withinSLA) / total,
            .breached: 100 * Double(breached) / total,
            .openAtEnd: Double(open),
        ]
        if !cycles.isEmpty {
            values[.cycleP50] = Double(percentile(&cycles, 0.5)) / day
            values[.cycleP90] = Double(percentile(&cycles, 0.9)) / day
            values[.cycleP99] = Double(percentile(&cycles, 0.99)) / day
        }
        values[.waitMean] = Double(waited) / 3_600 / total
        values[.waitP90] = Double(percentile(&waits, 0.9)) / 3_600
        return values
    }
}

/// The nearest-rank percentile `p` (0 < p ≤ 1) of `values`: `values.sorted()[⌈p·n⌉ − 1]`, 0 when empty.
///
/// Found by selection (`element(atRank:in:)`), which reorders `values`.
func percentile(_ values: inout [Int64], _ p: Double) -> Int64 {
    guard !values.isEmpty else { return 0 }
    let rank = Int((p * Double(values.count)).rounded(.up)) - 1
    return element(atRank: min(max(rank, 0), values.count - 1), in: &values)
}

/// The element that `values.sorted()[rank]` gives, found by quickselect with a three-way partition (runs of
/// equal values, such as the zero waits of tickets that never queued, cost one pass), reordering `values`.
///
/// Pivots are taken at positions drawn from a fixed sequence, so that no input order makes the selection
/// quadratic in practice and the result does not depend on chance: it is always the element of that rank.
func element(atRank rank: Int, in values: inout [Int64]) -> Int64 {
    precondition(values.indices.contains(rank), "rank \(rank) outside \(values.count) values")
    return values.withUnsafeMutableBufferPointer { values in
        var low = 0
        var high = values.count - 1
        var generator = SplitMix64(seed: 0x5E1E_C7)
        while low < high {
            let pivot = values[low + generator.next(below: high - low + 1)]
            // [low, less) < pivot, [less, index) == pivot, (greater, high] > pivot.
            var less = low
            var index = low
            var greater = high
            while index <= greater {
                if values[index] < pivot {
                    values.swapAt(less, index)
                    less += 1
                    index += 1
                } else if values[index] > pivot {
                    values.swapAt(index, greater)
                    greater -= 1
                } else {
                    index += 1
                }
            }
            if rank < less {
                high = less - 1
            } else if rank > greater {
                low = greater + 1
            } else {
                return pivot
            }
        }
        return values[low]
    }
}

/// Key figures across replications.
public struct SimulationSummary: Sendable {
    /// The scenario's name.
    public var scenario: String
    /// Replications run.
    public var replications: Int
    /// The KPI SLA.
    public var sla: String
    /// Estimates per group and metric.
    public var groups: [GroupKey: [Metric: Estimate]]
    /// Per-replication figures, for paired comparisons.
    public var perReplication: [ReplicationKPIs]
    /// Mean open tickets per unit at each midnight (index = day of the period).
    public var backlog: [String: [Double]]
    /// Days of the period.
    public var days: [LocalDate]
    /// Interpreter steps per replication (mean).
    public var steps: Double
    /// Tickets left in a state without a work rule (mean per replication).
    public var stuck: Double

    /// Summarizes replications of `model`.
    public init(_ results: [ReplicationResult], model: SimulationModel) {
        scenario = model.scenario.metadata.name.value
        replications = results.count
        sla = model.scenario.kpiSLA.value
        days = model.days
        perReplication = results.map { ReplicationKPIs($0, model: model) }
        var collected: [GroupKey: [Metric: [Double]]] = [:]
        for kpis in perReplication {
            for (key, values) in kpis.groups {
                for (metric, value) in values { collected[key, default: [:]][metric, default: []].append(value) }
            }
        }
        groups = collected.mapValues { $0.mapValues(Estimate.init) }
        var backlog: [String: [Double]] = [:]
        for result in results {
            for (unitIndex, unit) in result.units.enumerated() {
                var series = backlog[unit] ?? Array(repeating: 0, count: model.days.count)
                for (day, counts) in result.backlog.enumerated() where day < series.count && unitIndex < counts.count {
                    series[day] += Double(counts[unitIndex]) / Double(results.count)
                }
                backlog[unit] = series
            }
        }
        self.backlog = backlog
        steps = results.isEmpty ? 0 : Double(results.map(\.steps).reduce(0, +)) / Double(results.count)
        stuck = results.isEmpty ? 0 : Double(results.map(\.stuck).reduce(0, +)) / Double(results.count)
    }

    /// Total open tickets at each midnight.
    public var totalBacklog: [Double] {
        var total = Array(repeating: 0.0, count: days.count)
        for series in backlog.values {
            for (day, value) in series.enumerated() { total[day] += value }
        }
        return total
    }

    /// The groups in output order: all, units, categories.
    public var orderedGroups: [GroupKey] { groups.keys.sorted() }
}
