import ArgumentParser
import Foundation
import Lapor
import LaporSimulator
import LaporYAML

/// `lapor simulate SCENARIO [--compare B] [--out DIR]`.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a what-if scenario on the interpreter with a virtual clock.",
        discussion: """
            SCENARIO is a scenario file of the workspace (scenarios/…) or its name. The run uses the same \
            interpreter, router, calendar and timers as the store. Replications run in parallel on all \
            cores and give the same figures as --serial. With --compare, B runs with A's seed and number \
            of replications (common random numbers) and the paired differences B − A are printed. \
            --out DIR writes summary.json, tickets.csv and events.csv (replication 1) and report.html.
            """)

    @Argument(help: "The scenario: a file of the workspace or its name.") var scenario: String
    @Option(help: "A second scenario to compare with (B).") var compare: String?
    @Option(help: "Replications (default: the scenario's).") var replications: Int?
    @Flag(help: "Run replications one after another instead of in parallel.") var serial = false
    @Option(help: "Write summary.json, tickets.csv, events.csv and report.html to this directory.") var out: String?
    @Option(help: "Output format: text or json.") var format: DiagnosticPrinter.Format = .text
    @Flag(help: "No progress bar on standard error.") var noProgress = false
    @Option(help: "Run once per staff size of a unit, e.g. BINWASNAKER_K3=6...14.") var sweep: String?
    @Option(help: "With --sweep: the largest acceptable breach % of the unit.") var targetBreach: Double?
    @OptionGroup var workspace: WorkspaceOptions

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if sweep != nil, compare != nil { throw ValidationError("--sweep and --compare cannot be combined") }
        if let sweep, StaffSweep(sweep) == nil {
            throw ValidationError("--sweep expects UNIT=LOW...HIGH with 0 <= LOW <= HIGH, e.g. BINWASNAKER_K3=6...14")
        }
        if targetBreach != nil, sweep == nil { throw ValidationError("--target-breach needs --sweep") }
    }

    func run() throws {
        let loaded = try loadCleanWorkspace(workspace.workspace, format: format)
        let baselineName = try scenarioName(scenario, in: loaded)
        if let sweep, let plan = StaffSweep(sweep) {
            try runSweep(plan, scenario: baselineName, loaded: loaded)
            return
        }
        let baseline = try model(baselineName, in: loaded.workspace, loaded: loaded)
        let events = EventRows()
        let progress = noProgress ? nil : ProgressBar.onTerminal()
        var sink: (@Sendable (EventLogRow) -> Void)?
        if out != nil { sink = { row in events.add(row) } }
        let first = try simulate(baseline, log: sink, progress: progress)
        guard let compare else {
            print(format == .json ? SimulationReport(first).json() : SimulationReport(first).text(), terminator: "")
            if let out { try write(first, events: events.rows, to: out) }
            return
        }
        var workspace = loaded.workspace
        let alternativeName = try scenarioName(compare, in: loaded)
        if let index = workspace.scenarios.firstIndex(where: { $0.metadata.name.value == alternativeName }) {
            workspace.scenarios[index].seed = baseline.scenario.seed
            workspace.scenarios[index].replications = replications ?? baseline.scenario.replications
        }
        let alternative = try model(alternativeName, in: workspace, loaded: loaded)
        let second = try simulate(alternative, log: nil, progress: progress)
        let comparison = SimulationComparison(baseline: first, alternative: second)
        print(format == .json ? comparison.json() : comparison.text(), terminator: "")
        if let out { try write(first, events: events.rows, to: out) }
    }

    private func runSweep(_ plan: StaffSweep, scenario name: String, loaded: LoadResult) throws {
        guard let index = loaded.workspace.scenarios.firstIndex(where: { $0.metadata.name.value == name }),
            let unitIndex = loaded.workspace.scenarios[index].units.firstIndex(where: { $0.unit.value == plan.unit })
        else { throw ValidationError("scenario '\(name)' declares no capacity for unit '\(plan.unit)'") }
        let key = GroupKey(kind: .unit, name: plan.unit)
        var rows = [["staff", "breach% \(plan.unit)", "breach% all", "in SLA% all", "util% \(plan.unit)"]]
        var enough: Int?
        for staff in plan.sizes {
            var workspace = loaded.workspace
            workspace.scenarios[index].units[unitIndex].staff = staff
            let outcome = try simulate(
                model(name, in: workspace, loaded: loaded), log: nil,
                progress: noProgress ? nil : ProgressBar.onTerminal())
            let unit = outcome.summary.groups[key] ?? [:]
            let all = outcome.summary.groups[.all] ?? [:]
            func show(_ estimate: Estimate?) -> String {
                guard let estimate else { return "-" }
                return String(format: "%.1f±%.1f", estimate.mean, estimate.halfWidth)
            }
            rows.append([
                String(staff), show(unit[.breached]), show(all[.breached]), show(all[.withinSLA]),
                show(unit[.utilization]),
            ])
            if enough == nil, let target = targetBreach, let breach = unit[.breached], breach.mean <= target {
                enough = staff
            }
        }
        print("staff sweep of \(plan.unit) in scenario \(name)")
        print(SimulationReport.align(rows).joined(separator: "\n"))
        if let target = targetBreach {
            if let enough {
                print("\(enough) staff keep the breaches of \(plan.unit) at or under \(target)% (mean of replications)")
            } else {
                print("no staff size in the sweep keeps the breaches of \(plan.unit) at or under \(target)%")
                throw ExitCode(1)
            }
        }
    }

    private func scenarioName(_ given: String, in loaded: LoadResult) throws -> String {
        let scenarios = loaded.workspace.scenarios
        guard let chosen = document(given, in: scenarios, name: \.metadata.name)
        else {
            let diagnostic = Diagnostic.unknownDocument(
                .scenario, name: given, known: scenarios.map(\.metadata.name.value).sorted(), at: .file(given))
            print(DiagnosticPrinter().render([diagnostic], format: format, fileCount: 0), terminator: "")
            throw ExitCode(1)
        }
        return chosen.metadata.name.value
    }

    private func model(_ name: String, in workspace: Workspace, loaded: LoadResult) throws -> SimulationModel {
        switch SimulationModel.make(scenario: name, in: workspace) {
        case .success(let model): return model
        case .failure(let errors):
            print(
                DiagnosticPrinter(sources: loaded.sources).render(
                    errors.all, format: format, fileCount: loaded.workspace.files.count), terminator: "")
            throw ExitCode(1)
        }
    }

    private func simulate(
        _ model: SimulationModel, log: (@Sendable (EventLogRow) -> Void)?, progress: ProgressBar?
    ) throws -> SimulationOutcome {
        var report: (@Sendable (Double) -> Void)?
        if let progress { report = { fraction in progress.update(fraction) } }
        do throws(Diagnostic) {
            let outcome = try Simulator(model: model).run(
                replications: replications, parallel: !serial, log: log, progress: report)
            progress?.finish()
            return outcome
        } catch {
            progress?.finish()
            print(DiagnosticPrinter().render([error], format: format, fileCount: 0), terminator: "")
            throw ExitCode(1)
        }
    }

    private func write(_ outcome: SimulationOutcome, events: [EventLogRow], to directory: String) throws {
        let report = SimulationReport(outcome)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = [
            ("summary.json", report.json()), ("tickets.csv", report.ticketsCSV()),
            ("events.csv", report.eventsCSV(events)), ("report.html", report.html()),
        ]
        for (name, text) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write '\(path)': \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
        }
    }
}

/// `UNIT=LOW...HIGH`: staff sizes to try.
struct StaffSweep {
    let unit: String
    let sizes: ClosedRange<Int>

    init?(_ text: String) {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let bounds = parts[1].components(separatedBy: "...")
        guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low >= 0, low <= high,
            high - low <= 100
        else { return nil }
        unit = String(parts[0])
        sizes = low...high
    }
}

/// Event-log rows collected from the replication that records them.
private final class EventRows: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [EventLogRow] = []

    func add(_ row: EventLogRow) {
        lock.lock()
        collected.append(row)
        lock.unlock()
    }

    var rows: [EventLogRow] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var shown = -1

    /// A bar if standard error is a terminal.
    static func onTerminal() -> ProgressBar? { isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil }

    func update(_ fraction: Double) {
        let percent = Int(min(max(fraction, 0), 1) * 100)
        lock.lock()
        defer { lock.unlock() }
        guard percent != shown else { return }
        shown = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandle.standardError.write(Data("\rsimulating [\(bar)] \(percent)%".utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = -1
    }
}
