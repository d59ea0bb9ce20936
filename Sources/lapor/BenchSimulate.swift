import ArgumentParser
import Foundation
import HeapModule
import Lapor
import LaporSimulator
import LaporYAML

/// `lapor bench simulate`: tickets per second through the full lifecycle, peak memory, and the same
/// scenario in SimPy side by side.
struct SimulateBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Time the simulator on the shipped Lapor Menaker workflow and against SimPy.",
        discussion: """
            Part 1 scales the shipped scenario thr-2026 (Lapor Menaker: routing, three SLA clocks with \
            reminders, breaches and escalations, working-day calendar, seven work rules) to --tickets \
            arrivals over 2026-01-05 … 2026-10-30 and runs one replication on one core; the baseline is a \
            bare event loop (the same number of heap insertions and removals, no interpreter). Part 2 \
            runs the same scenario, scaled the same way to --simpy-tickets arrivals, in Lapor and in the \
            SimPy model Benchmarks/simpy/lapor_menaker.py (needs python3 with simpy and PyYAML), prints \
            both speeds, the work done per ticket and the key figures side by side, each checked against \
            a 99% prediction interval from the scenario's replications in Lapor.
            """)

    @Option(help: "The workspace with the shipped configs.") var workspace: String = "."
    @Option(help: "Tickets of part 1.") var tickets: Int = 1_000_000
    @Option(help: "Tickets of part 2, run by both Lapor and SimPy (at most --tickets; 0 skips part 2).")
    var simpyTickets: Int = 100_000
    @Option(help: "The SimPy model.") var simpy: String = "Benchmarks/simpy/lapor_menaker.py"
    @Option(help: "Seed of the SimPy run.") var simpySeed: Int = 1

    /// The period of both parts.
    static let period = (
        from: LocalDate(year: 2026, month: 1, day: 5), until: LocalDate(year: 2026, month: 10, day: 30)
    )

    func validate() throws {
        try requireAtLeast(1, ["tickets": tickets])
        try requireAtLeast(0, ["simpy-tickets": simpyTickets])
    }

    func run() throws {
        let loaded = try loadCleanWorkspace(workspace).workspace
        let first = try lifecycle(loaded)
        guard simpyTickets > 0 else {
            print("part 2: skipped (--simpy-tickets 0)")
            return
        }
        try versusSimPy(loaded, reuse: simpyTickets >= tickets ? first : nil)
    }

    /// The workspace with scenario thr-2026 over the bench period, one replication, no seasons, and arrival
    /// rates and staff scaled together to about `tickets` arrivals; and the factor.
    private func scaled(_ workspace: Workspace, tickets: Int, replications: Int = 1) throws -> (Workspace, Double) {
        var workspace = workspace
        guard let index = workspace.scenarios.firstIndex(where: { $0.metadata.name.value == "thr-2026" }) else {
            throw ValidationError("the workspace has no scenario thr-2026")
        }
        guard let from = Self.period.from, let until = Self.period.until else {
            throw ValidationError("the bench period is not a date")
        }
        var scenario = workspace.scenarios[index]
        scenario.from = Located(from, at: scenario.from.location)
        scenario.until = Located(until, at: scenario.until.location)
        scenario.replications = replications
        for load in scenario.workflows.indices { scenario.workflows[load].arrivals.seasons = [] }
        workspace.scenarios[index] = scenario
        // The factor that makes the expected arrivals (weekends, holidays and the hour profile
        // included) `tickets`.
        let expected: Double
        switch SimulationModel.make(scenario: "thr-2026", in: workspace) {
        case .success(let model): expected = model.expectedArrivals
        case .failure(let errors): throw ValidationError(errors.all.map(\.description).joined(separator: "\n"))
        }
        guard expected > 0 else { throw ValidationError("scenario thr-2026 expects no arrivals in the bench period") }
        let factor = Double(tickets) / expected
        for load in scenario.workflows.indices {
            for category in scenario.workflows[load].arrivals.categories.indices {
                scenario.workflows[load].arrivals.categories[category].rate *= factor
            }
        }
        for unit in scenario.units.indices {
            scenario.units[unit].staff = scenario.units[unit].staff.map { max(1, Int((Double($0) * factor).rounded())) }
        }
        workspace.scenarios[index] = scenario
        return (workspace, factor)
    }

    private func periodText() -> String {
        "\(Self.period.from.map(String.init(describing:)) ?? "?") … \(Self.period.until.map(String.init(describing:)) ?? "?")"
    }

    private func lifecycle(_ loaded: Workspace) throws -> (ReplicationResult, Double, Double) {
        let (workspace, factor) = try scaled(loaded, tickets: tickets)
        let (outcome, seconds, cpu) = try timedRun(scenario: "thr-2026", in: workspace)
        guard let result = outcome.results.first else { throw ValidationError("the run gave no replication") }
        let baseline = bareLoop(events: result.scheduled)
        let closed = result.tickets.count { $0.closed != nil }
        print("part 1: scenario thr-2026 scaled ×\(String(format: "%.1f", factor)) to \(periodText()), one core")
        print(
            "  lapor:    \(result.tickets.count) tickets (\(closed) closed), \(result.steps) interpreter steps, \(result.scheduled) scheduled events in "
                + String(
                    format: "%.2f s (%.0f tickets/s, %.0f steps/s)", seconds, Double(result.tickets.count) / seconds,
                    Double(result.steps) / seconds))
        print(String(format: "  baseline: bare event loop of %d events in %.3f s", result.scheduled, baseline))
        print(
            String(format: "  lapor / baseline time: %.1fx; peak memory %.0f MiB", seconds / baseline, peakMemoryMiB()))
        let breach = outcome.summary.groups[.all]?[.breached]?.mean ?? 0
        print(String(format: "  breach %% (respon): %.1f", breach))
        return (result, seconds, cpu)
    }

    /// Compiles `scenario` and runs it: one replication serially unless `parallel`; wall seconds.
    private func runOnce(
        scenario: String, in workspace: Workspace, parallel: Bool = false,
        log: (@Sendable (EventLogRow) -> Void)? = nil
    ) throws -> (SimulationOutcome, Double) {
        let (outcome, seconds, _) = try timedRun(scenario: scenario, in: workspace, parallel: parallel, log: log)
        return (outcome, seconds)
    }

    /// `runOnce` with the process's CPU seconds as well.
    private func timedRun(
        scenario: String, in workspace: Workspace, parallel: Bool = false,
        log: (@Sendable (EventLogRow) -> Void)? = nil
    ) throws -> (SimulationOutcome, wall: Double, cpu: Double) {
        let model: SimulationModel
        switch SimulationModel.make(scenario: scenario, in: workspace) {
        case .success(let made): model = made
        case .failure(let errors): throw ValidationError(errors.all.map(\.description).joined(separator: "\n"))
        }
        let start = DispatchTime.now()
        let cpu = Self.cpuSeconds()
        let outcome = try Simulator(model: model).run(parallel: parallel, log: log)
        return (
            outcome, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9,
            Self.cpuSeconds() - cpu
        )
    }

    /// CPU time of this process (all threads), in seconds.
    static func cpuSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The least any discrete-event simulator does: a heap of timed events, each followed by another.
    private func bareLoop(events: Int) -> Double {
        var generator = SplitMix64(seed: 7)
        let start = DispatchTime.now()
        var heap = Heap<Int64>()
        for _ in 0..<1_000 { heap.insert(Int64(generator.next(below: 1_000_000))) }
        var processed = 0
        while processed < events, let next = heap.popMin() {
            processed += 1
            heap.insert(next + Int64(generator.next(below: 1_000_000)))
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    private func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1_024
    }

    // MARK: Part 2

    private func versusSimPy(_ loaded: Workspace, reuse: (ReplicationResult, Double, Double)?) throws {
        let count = min(simpyTickets, tickets)
        let (workspace, factor) = try scaled(loaded, tickets: count)
        let scenario = workspace.scenario(named: "thr-2026")
        let staff = (scenario?.units ?? []).compactMap { unit in unit.staff.map { "\(unit.unit.value) \($0)" } }
        print("part 2: the same scenario in SimPy (\(simpy)), both on one core")
        print(
            "  thr-2026 scaled ×\(String(format: "%.2f", factor)) to \(periodText()), no seasons; staff "
                + staff.joined(separator: ", "))
        let lapor: ReplicationResult
        let laporSeconds: Double
        let laporCPU: Double
        if let reuse {
            (lapor, laporSeconds, laporCPU) = reuse
        } else {
            let (outcome, seconds, cpu) = try timedRun(scenario: "thr-2026", in: workspace)
            guard let result = outcome.results.first else { throw ValidationError("the run gave no replication") }
            (lapor, laporSeconds, laporCPU) = (result, seconds, cpu)
        }
        let laporCount = Double(lapor.tickets.count)
        print(
            String(
                format: "  lapor: %7d tickets in %7.2f s (CPU %7.2f s): %8.0f tickets/s", lapor.tickets.count,
                laporSeconds, laporCPU, laporCount / laporSeconds))
        guard let figures = runSimPy(factor: factor) else { return }
        let simpyCount = number(figures["tickets"])
        let simpySeconds = number(figures["seconds"])
        let simpyCPU = number(figures["cpu_seconds"])
        print(
            String(
                format: "  simpy: %7.0f tickets in %7.2f s (CPU %7.2f s): %8.0f tickets/s", simpyCount, simpySeconds,
                simpyCPU, simpyCount / simpySeconds)
                + " (SimPy \(text(figures["simpy"])), Python \(text(figures["python"]))"
                + ((figures["gc"] as? Bool) == true ? ")" : ", cyclic GC off)"))
        let ratio = (simpySeconds / max(1, simpyCount)) / (laporSeconds / laporCount)
        let cpuRatio = (simpyCPU / max(1, simpyCount)) / (laporCPU / laporCount)
        print(
            String(format: "  simpy / lapor time per ticket: %.1fx (CPU time: %.1fx)", ratio, cpuRatio)
                + " (target 50x: \(ratio >= 50 ? "met" : "not met"))")
        let shipped = loaded.scenario(named: "thr-2026")?.replications ?? 8
        try compare(try scaled(loaded, tickets: count, replications: max(2, shipped)).0, simpy: figures)
    }

    /// Runs the SimPy model on the scenario scaled by `factor`; its JSON figures, or nil when it cannot run.
    private func runSimPy(factor: Double) -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", simpy, "--workspace", workspace, "--scenario", "thr-2026",
            "--from", Self.period.from.map(String.init(describing:)) ?? "",
            "--until", Self.period.until.map(String.init(describing:)) ?? "",
            "--scale", String(factor), "--no-seasons", "--seed", String(simpySeed),
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            print("  simpy: not run (\(error.localizedDescription))")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let figures = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            print("  simpy: failed (install its packages with 'pip install simpy pyyaml')")
            return nil
        }
        return figures
    }

    /// Work per ticket and key figures of Lapor (`workspace`'s replications, untimed) and SimPy side by side.
    private func compare(_ workspace: Workspace, simpy figures: [String: Any]) throws {
        guard let scenario = workspace.scenario(named: "thr-2026") else { return }
        let counter = ActivityCounter()
        let (outcome, _) = try runOnce(scenario: "thr-2026", in: workspace, parallel: true, log: counter.count)
        let laporTickets = Double(max(1, outcome.results.first?.tickets.count ?? 1))
        let simpyTickets = max(1, number(figures["tickets"]))
        let simpyCounts = figures["counts"] as? [String: Any] ?? [:]
        print("  work per ticket (lapor: replication 1)" + pad("lapor", 9, left: true) + pad("simpy", 9, left: true))
        for key in ["transitions", "reminders", "breaches", "escalations"] {
            print(
                "    " + pad(key, 44) + format(Double(counter.value(key)) / laporTickets, width: 9, digits: 3)
                    + format(number(simpyCounts[key]) / simpyTickets, width: 9, digits: 3))
        }
        let replications = outcome.results.count
        let t99 = Self.t995(degrees: replications - 1)
        print(
            "  key figures (SLA \(scenario.kpiSLA.value))" + pad("lapor mean ± sd", 29, left: true)
                + pad("simpy", 11, left: true) + pad("difference", 11, left: true) + "   99% prediction")
        var rows: [(String, GroupKey, Metric, Double?)] = []
        let units = figures["units"] as? [String: Any] ?? [:]
        func simpyUnit(_ name: String, _ key: String) -> Double? {
            (units[name] as? [String: Any])?[key].map(number)
        }
        rows.append(("arrivals", .all, .arrivals, number(figures["arrivals"])))
        rows.append(("answered %", .all, .answered, number(figures["answered_pct"])))
        rows.append(("breach %", .all, .breached, number(figures["breach_pct"])))
        rows.append(("mean wait h", .all, .waitMean, number(figures["wait_mean_hours"])))
        let unitNames = outcome.summary.orderedGroups.filter { $0.kind == .unit }.map(\.name)
        for name in unitNames {
            let key = GroupKey(kind: .unit, name: name)
            if outcome.summary.groups[key]?[.breached] != nil {
                rows.append(("breach % \(name)", key, .breached, simpyUnit(name, "breach_pct")))
            }
        }
        for name in unitNames {
            let key = GroupKey(kind: .unit, name: name)
            if outcome.summary.groups[key]?[.utilization] != nil {
                rows.append(("utilization % \(name)", key, .utilization, simpyUnit(name, "utilization_pct")))
                rows.append(("mean wait h \(name)", key, .waitMean, simpyUnit(name, "wait_mean_hours")))
            }
        }
        var within = 0
        var compared = 0
        for (title, key, metric, simpyValue) in rows {
            let values = outcome.summary.perReplication.compactMap { $0.groups[key]?[metric] }
            guard !values.isEmpty else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = Self.standardDeviation(values)
            // A 99% prediction interval for one more replication: where SimPy's single run falls if it
            // simulates the same system; a small floor for figures that hardly vary.
            let allowed = max(t99 * sd * (1 + 1 / Double(values.count)).squareRoot(), 0.001 * abs(mean), 0.01)
            let line = "    " + pad(title, 34) + format(mean, width: 10) + " ± " + format(sd, width: 7)
            guard let simpyValue else {
                print(line + pad("-", 11, left: true))
                continue
            }
            let difference = simpyValue - mean
            let ok = abs(difference) <= allowed
            compared += 1
            within += ok ? 1 : 0
            print(
                line + format(simpyValue, width: 11) + format(difference, width: 11, sign: true) + "   ±"
                    + format(allowed, width: 0) + (ok ? " ok" : " OUTSIDE"))
        }
        print("  \(within) of \(compared) figures within their 99% prediction interval (\(replications) replications)")
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        guard text.count < width else { return text }
        let fill = String(repeating: " ", count: width - text.count)
        return left ? fill + text : text + fill
    }

    private func format(_ value: Double, width: Int, digits: Int = 2, sign: Bool = false) -> String {
        pad(String(format: sign ? "%+.\(digits)f" : "%.\(digits)f", value), width, left: true)
    }

    private func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? 0 }
    private func text(_ value: Any?) -> String { (value as? String) ?? "?" }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }

    /// Two-sided 99% quantile of Student's t.
    static func t995(degrees: Int) -> Double {
        let table: [Double] = [63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169]
        return degrees >= 1 && degrees <= table.count ? table[degrees - 1] : 2.576
    }
}

/// Counts the activities of a run's event log by kind.
private final class ActivityCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    @Sendable func count(_ row: EventLogRow) {
        let key: String
        if row.activity.hasPrefix("reminder ") {
            key = "reminders"
        } else if row.activity.hasPrefix("breach ") {
            key = "breaches"
        } else if row.activity.hasPrefix("escalation ") {
            key = "escalations"
        } else if row.activity == "open" || row.activity.hasPrefix("assign ") || row.activity.hasPrefix("migrate ") {
            key = "other"
        } else {
            key = "transitions"
        }
        lock.lock()
        counts[key, default: 0] += 1
        lock.unlock()
    }

    func value(_ key: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[key] ?? 0
    }
}
