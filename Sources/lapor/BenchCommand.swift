import ArgumentParser
import Foundation
import Lapor
import LaporYAML
import Yams

/// `lapor bench`: measured performance against a baseline run in the same process.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run performance benchmarks; each prints its ratio against a baseline measured in the same run.",
        subcommands: [
            ValidateBench.self, RouteBench.self, CalendarBench.self, EngineBench.self, StoreBench.self,
            SimulateBench.self,
        ]
    )
}

/// Refuses a count option below `minimum` (a benchmark of nothing would print rates of zero or
/// infinity as if they were measured).
func requireAtLeast(_ minimum: Int, _ values: KeyValuePairs<String, Int>) throws {
    for (option, value) in values where value < minimum {
        throw ValidationError("--\(option) must be at least \(minimum) (got \(value))")
    }
}

/// Times `body` `repetitions` (at least 1) times and returns the median in seconds.
func medianSeconds(repetitions: Int, _ body: () -> Void) -> Double {
    precondition(repetitions >= 1, "a median of no measurement")
    let clock = ContinuousClock()
    var samples: [Double] = []
    for _ in 0..<repetitions {
        let elapsed = clock.measure(body)
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    samples.sort()
    return samples[samples.count / 2]
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

/// `lapor bench validate`: load and validate the shipped workspace and generated large ones.
struct ValidateBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Time load + validate; baseline: libyaml/Yams composing the same files without Lapor."
    )

    @Option(help: "The shipped workspace to time.")
    var workspace: String = "."

    @Option(help: "Rules in the large generated routing table.")
    var rules: Int = 20_000

    @Option(help: "Repetitions per measurement (the median is reported).")
    var repetitions: Int = 5

    func validate() throws { try requireAtLeast(1, ["rules": rules, "repetitions": repetitions]) }

    func run() throws {
        print("workload                                  lapor load+validate   baseline compose   ratio")
        let shipped = WorkspaceLoader().load(path: workspace)
        let shippedTexts = shipped.workspace.files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        report(
            "shipped workspace (\(shipped.workspace.files.count) files)",
            lapor: medianSeconds(repetitions: repetitions * 4) { _ = check(workspace) },
            baseline: medianSeconds(repetitions: repetitions * 4) { compose(shippedTexts) })
        for count in [rules / 2, rules] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-bench-\(count)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let generator = SyntheticWorkspace(units: 500, categories: 2_000, rules: count)
            var texts: [String] = []
            for file in generator.files() {
                let url = directory.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.text.write(to: url, atomically: true, encoding: .utf8)
                texts.append(file.text)
            }
            let problems = check(directory.path)
            guard problems.isEmpty else {
                throw ValidationError("generated workspace is not clean: \(problems.prefix(3))")
            }
            report(
                "generated \(count) rules / 2,000 categories",
                lapor: medianSeconds(repetitions: repetitions) { _ = check(directory.path) },
                baseline: medianSeconds(repetitions: repetitions) { compose(texts) })
        }
    }

    private func check(_ path: String) -> [Diagnostic] {
        WorkspaceLoader().check(path: path).diagnostics
    }

    private func compose(_ texts: [String]) {
        for text in texts {
            guard let parser = try? Parser(yaml: text) else { continue }
            while let node = try? parser.nextRoot() { _ = node }
        }
    }

    private func report(_ name: String, lapor: Double, baseline: Double) {
        let padded = name.padding(toLength: 42, withPad: " ", startingAt: 0)
        let ratio = String(format: "%.2fx", lapor / max(baseline, 1e-9))
        print(
            "\(padded)\(milliseconds(lapor).padding(toLength: 22, withPad: " ", startingAt: 0))"
                + "\(milliseconds(baseline).padding(toLength: 19, withPad: " ", startingAt: 0))\(ratio)")
    }
}
