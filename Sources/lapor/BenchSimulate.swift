import ArgumentParser
import Foundation
import HeapModule
import Lapor
import LaporSimulator
import LaporYAML

/// `lapor bench simulate`: tickets per second through the full lifecycle, peak memory, and the SimPy
/// model of the M/M/c scenario side by side.
struct SimulateBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Time the simulator on the shipped Lapor Menaker workflow and against SimPy.",
        discussion: """
            Part 1 scales the shipped scenario thr-2026 (Lapor Menaker: routing, three SLA clocks with \
            reminders, breaches and escalations, working-day calendar, eight work rules) to --tickets \
            arrivals over 2026 and runs one replication on one core; the baseline is a bare event loop \
            (the same number of heap insertions and removals, no interpreter). Part 2 runs the M/M/3 \
            scenario of Tests/Fixtures/simulation/mmc.yaml in Lapor and in Benchmarks/simpy/mmc.py \
            (needs python3 with simpy) and prints both key figures and the speed ratio.
            """)

    @Option(help: "The workspace with the shipped configs.") var workspace: String = "."
    @Option(help: "Tickets of part 1.") var tickets: Int = 1_000_000
    @Option(help: "Days of the M/M/3 run of part 2.") var days: Int = 304
    @Option(help: "The M/M/3 scenario file.") var mmc: String = "Tests/Fixtures/simulation/mmc.yaml"
    @Option(help: "The SimPy model.") var simpy: String = "Benchmarks/simpy/mmc.py"

    func run() throws {
        try lifecycle()
        try versusSimPy()
    }

    private func lifecycle() throws {
        var loaded = try loadCleanWorkspace(workspace).workspace
        guard let index = loaded.scenarios.firstIndex(where: { $0.metadata.name.value == "thr-2026" }) else {
            throw ValidationError("the workspace has no scenario thr-2026")
        }
        var scenario = loaded.scenarios[index]
        guard let from = LocalDate(year: 2026, month: 1, day: 5), let until = LocalDate(year: 2026, month: 10, day: 30)
        else { return }
        scenario.from = Located(from, at: scenario.from.location)
        scenario.until = Located(until, at: scenario.until.location)
        scenario.replications = 1
        // The shipped rates give ~88 arrivals a day; scale rates and staff together.
        let factor = Double(tickets) / (88.0 * Double(until.daysSinceEpoch - from.daysSinceEpoch + 1))
        for load in scenario.workflows.indices {
            scenario.workflows[load].arrivals.seasons = []
            for category in scenario.workflows[load].arrivals.categories.indices {
                scenario.workflows[load].arrivals.categories[category].rate *= factor
            }
        }
        for unit in scenario.units.indices {
            scenario.units[unit].staff = scenario.units[unit].staff.map { max(1, Int((Double($0) * factor).rounded())) }
        }
        loaded.scenarios[index] = scenario
        let (outcome, seconds) = try runOnce(scenario: "thr-2026", in: loaded)
        guard let result = outcome.results.first else { return }
        let baseline = bareLoop(events: result.scheduled)
        let closed = result.tickets.count { $0.closed != nil }
        print(
            "part 1: scenario thr-2026 scaled ×\(String(format: "%.1f", factor)) to 2026-01-05 … 2026-10-30, one core")
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
    }

    /// Compiles `scenario` and runs one serial replication, timed.
    private func runOnce(scenario: String, in workspace: Workspace) throws -> (SimulationOutcome, Double) {
        let model: SimulationModel
        switch SimulationModel.make(scenario: scenario, in: workspace) {
        case .success(let made): model = made
        case .failure(let errors): throw ValidationError(errors.all.map(\.description).joined(separator: "\n"))
        }
        let start = DispatchTime.now()
        let outcome = try Simulator(model: model).run(parallel: false)
        return (outcome, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
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

    private func versusSimPy() throws {
        let loaded = WorkspaceLoader().load(path: mmc)
        guard loaded.diagnostics.isEmpty, var scenario = loaded.workspace.scenario(named: "mmc") else {
            throw ValidationError("cannot load the M/M/3 scenario '\(mmc)'")
        }
        let from = scenario.from.value
        scenario.until = Located(from.adding(days: days - 1), at: scenario.until.location)
        scenario.replications = 1
        var workspace = loaded.workspace
        workspace.scenarios = [scenario]
        let (outcome, seconds) = try runOnce(scenario: "mmc", in: workspace)
        guard let result = outcome.results.first else { return }
        let count = Double(result.tickets.count)
        let waited = Double(result.tickets.count { $0.waited > 0 }) / count
        let meanWait = result.tickets.map { Double($0.waited) / 3_600 }.reduce(0, +) / count
        let breach = 100 * Double(result.tickets.count { $0.breached != nil }) / count
        let utilization = outcome.summary.groups[GroupKey(kind: .unit, name: "UNIT")]?[.utilization]?.mean ?? 0
        print("part 2: M/M/3, 57.6 arrivals a day, mean handling 1 hour, SLA 2 hours, \(days) days")
        print(
            String(
                format:
                    "  lapor: %6d tickets, P(wait) %.3f, mean wait %.3f h, breach %.1f%%, utilization %.1f%% in %.3f s",
                result.tickets.count, waited, meanWait, breach, utilization, seconds))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", simpy, String(days), "57.6", "3", "1", "2", "1"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            print("  simpy: not run (\(error.localizedDescription))")
            return
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let figures = try? JSONSerialization.jsonObject(with: data) as? [String: Double]
        else {
            print("  simpy: failed (install it with 'pip install simpy')")
            return
        }
        let simpySeconds = figures["seconds"] ?? 0
        print(
            String(
                format:
                    "  simpy: %6.0f tickets, P(wait) %.3f, mean wait %.3f h, breach %.1f%%, utilization %.1f%% in %.3f s",
                figures["arrivals"] ?? 0, figures["wait_probability"] ?? 0, figures["wait_mean_hours"] ?? 0,
                figures["breach_pct"] ?? 0, figures["utilization_pct"] ?? 0, simpySeconds))
        let perTicketLapor = seconds / count
        let perTicketSimPy = simpySeconds / max(1, figures["arrivals"] ?? 1)
        print(String(format: "  erlang C: P(wait) 0.647, mean wait 1.079 h"))
        print(String(format: "  simpy / lapor time per ticket: %.1fx", perTicketSimPy / perTicketLapor))
    }
}
