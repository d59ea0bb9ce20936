import ArgumentParser
import Foundation
import Lapor
import LaporYAML

/// `lapor bench route`: router decisions per second on the shipped tables and a generated large one.
struct RouteBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Time Router.route; baseline: a linear first-match scan over the same rules.",
        discussion: """
            Inputs are generated before timing (fixed seed): known and unknown categories, labels, channels \
            and regions. The baseline must give the same decision as the router on every input, or the \
            benchmark fails. Figures are for one core.
            """
    )

    @Option(help: "The shipped workspace whose routing tables are timed.")
    var workspace: String = "."

    @Option(help: "Rules in the generated routing table.")
    var rules: Int = 20_000

    @Option(help: "Routing inputs generated per table.")
    var inputs: Int = 100_000

    @Option(help: "Inputs the baseline is timed on (it is checked against the router on all of them).")
    var baselineInputs: Int = 5_000

    @Option(help: "Repetitions per measurement (the median is reported).")
    var repetitions: Int = 7

    @Option(help: "Seed of the input generator.")
    var seed: UInt64 = 2025

    func validate() throws {
        try requireAtLeast(
            1, ["rules": rules, "inputs": inputs, "baseline-inputs": baselineInputs, "repetitions": repetitions])
    }

    func run() throws {
        let shipped = try loadCleanWorkspace(workspace)
        print(
            "table                                     router decisions/s   baseline decisions/s   speed-up   checksum"
        )
        for table in shipped.workspace.routingTables {
            let catalog = shipped.workspace.categoryCatalog(named: table.categories.value)
            try measure(
                "shipped \(table.metadata.name.value) (\(table.rules.count) rules)", table: table, catalog: catalog)
        }
        let generated = try generatedTable()
        try measure(
            "generated \(generated.table.rules.count) rules / 2,000 categories", table: generated.table,
            catalog: generated.catalog)
    }

    /// Writes the synthetic workspace to a temporary directory and loads it like any other.
    private func generatedTable() throws -> (table: RoutingTable, catalog: CategoryCatalog?) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-bench-route-\(rules)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in SyntheticWorkspace(units: 500, categories: 2_000, rules: rules).files() {
            let url = directory.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.text.write(to: url, atomically: true, encoding: .utf8)
        }
        let loaded = WorkspaceLoader().check(path: directory.path)
        guard !loaded.diagnostics.hasErrors, let table = loaded.workspace.routingTables.first else {
            throw BenchFailure("generated workspace is not clean: \(loaded.diagnostics.prefix(3).map(\.message))")
        }
        return (table, loaded.workspace.categoryCatalog(named: table.categories.value))
    }

    private func measure(_ name: String, table: RoutingTable, catalog: CategoryCatalog?) throws {
        let router = Router(table: table, catalog: catalog)
        let scan = LinearScan(table)
        var generator = RoutingInputGenerator(table: table, catalog: catalog, seed: seed)
        let sample = (0..<max(1, inputs)).map { _ in generator.next() }

        // The baseline must agree with the router on every input before anything is timed.
        for input in sample {
            let fast = try? router.route(input).get()
            let slow = scan.route(input)
            guard fast == slow else {
                throw BenchFailure(
                    "\(name): router and linear scan disagree on \(input): "
                        + "\(fast.map(\.rule) ?? "no route") versus \(slow.map(\.rule) ?? "no route")")
            }
        }

        var routerChecksum = 0
        let routerSeconds = medianSeconds(repetitions: repetitions) {
            for input in sample {
                if case .success(let decision) = router.route(input) { routerChecksum &+= decision.ruleLocation.line }
            }
        }
        let baselineSample = sample.prefix(max(1, min(baselineInputs, sample.count)))
        var baselineChecksum = 0
        let baselineSeconds = medianSeconds(repetitions: max(1, repetitions / 2)) {
            for input in baselineSample {
                if let decision = scan.route(input) { baselineChecksum &+= decision.ruleLocation.line }
            }
        }
        let routerRate = Double(sample.count) / max(routerSeconds, 1e-12)
        let baselineRate = Double(baselineSample.count) / max(baselineSeconds, 1e-12)
        print(
            name.padding(toLength: 42, withPad: " ", startingAt: 0)
                + rate(routerRate).padding(toLength: 21, withPad: " ", startingAt: 0)
                + rate(baselineRate).padding(toLength: 23, withPad: " ", startingAt: 0)
                + String(format: "%.1fx", routerRate / max(baselineRate, 1e-12)).padding(
                    toLength: 11, withPad: " ", startingAt: 0) + "\(routerChecksum &+ baselineChecksum)")
    }
}

/// A benchmark that cannot be trusted (its baseline disagrees, or its input is not clean); exit status 1.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

/// Decisions or operations per second, rounded and grouped by thousands, e.g. `12,345,678`.
func rate(_ perSecond: Double) -> String {
    var digits = String(Int(perSecond.rounded()))
    var grouped = ""
    while digits.count > 3 {
        grouped = "," + digits.suffix(3) + grouped
        digits.removeLast(3)
    }
    return digits + grouped
}

/// The baseline: the first rule, in declared order, whose conditions the input meets.
///
/// Each rule's conditions are kept as plain string arrays: conditions have a handful of values, so
/// comparing strings directly is cheaper than hashing the input into a set for every rule.
struct LinearScan {
    private struct Rule {
        var categories: [String]
        var labels: [String]
        var channels: [String]
        var regions: [String]
        var decision: RouteDecision
    }

    private let rules: [Rule]

    init(_ table: RoutingTable) {
        rules = table.rules.map { rule in
            Rule(
                categories: rule.categories.map(\.value), labels: rule.labels.map(\.value),
                channels: rule.channels.map(\.value), regions: rule.regions.map(\.value),
                decision: RouteDecision(rule))
        }
    }

    func route(_ input: RoutingInput) -> RouteDecision? {
        for rule in rules where Self.matches(rule, input) { return rule.decision }
        return nil
    }

    private static func matches(_ rule: Rule, _ input: RoutingInput) -> Bool {
        if !rule.categories.isEmpty && !rule.categories.contains(input.category) { return false }
        for label in rule.labels where !input.labels.contains(label) { return false }
        if !rule.channels.isEmpty && !(input.channel.map { rule.channels.contains($0) } ?? false) { return false }
        if !rule.regions.isEmpty && !(input.region.map { rule.regions.contains($0) } ?? false) { return false }
        return true
    }
}

/// Routing inputs drawn from a table's own vocabulary and its catalog, plus values neither knows.
struct RoutingInputGenerator {
    private let categories: [String]
    private let labels: [String]
    private let channels: [String]
    private let regions: [String]
    private var random: SplitMix64

    init(table: RoutingTable, catalog: CategoryCatalog?, seed: UInt64) {
        func vocabulary(_ fromRules: [String], _ fromCatalog: [String]?) -> [String] {
            Array(Set(fromRules + (fromCatalog ?? []))).sorted()
        }
        categories = vocabulary(
            table.rules.flatMap { $0.categories.map(\.value) }, catalog?.categories.map(\.id.value))
        labels = vocabulary(table.rules.flatMap { $0.labels.map(\.value) }, catalog?.labels.map(\.id.value))
        channels = vocabulary(table.rules.flatMap { $0.channels.map(\.value) }, catalog?.channels.map(\.id.value))
        regions = vocabulary(table.rules.flatMap { $0.regions.map(\.value) }, catalog?.regions.map(\.id.value))
        random = SplitMix64(seed: seed)
    }

    /// One input: a known category 90% of the time, 0–3 labels, a channel and a region 70% of the time each.
    mutating func next() -> RoutingInput {
        let category =
            categories.isEmpty || chance(10) ? "unknown_\(Int.random(in: 0..<50, using: &random))" : pick(categories)
        var chosen: [String] = []
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            let label = labels.isEmpty || chance(10) ? "unknown_label" : pick(labels)
            if !chosen.contains(label) { chosen.append(label) }
        }
        let channel = channels.isEmpty || chance(30) ? nil : pick(channels)
        let region = regions.isEmpty || chance(30) ? nil : pick(regions)
        return RoutingInput(category: category, labels: chosen, channel: channel, region: region)
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private mutating func pick(_ values: [String]) -> String {
        values[Int.random(in: 0..<values.count, using: &random)]
    }
}
