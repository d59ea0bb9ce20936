import Foundation
import Lapor
import LaporSimulator
import LaporYAML
import Testing

/// Loads fixtures and compiles scenarios for the simulator tests.
enum SimulationFixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repository = testsDirectory.deletingLastPathComponent()

    static func workspace(_ relative: String) throws -> Workspace {
        let loaded = WorkspaceLoader().load(path: testsDirectory.appendingPathComponent("Fixtures/\(relative)").path)
        try #require(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        return loaded.workspace
    }

    static func model(_ workspace: Workspace, scenario: String) throws -> SimulationModel {
        switch SimulationModel.make(scenario: scenario, in: workspace) {
        case .success(let model): return model
        case .failure(let errors):
            Issue.record("scenario does not compile: \(errors.all.map(\.description))")
            throw errors
        }
    }
}

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load `a`.
func erlangC(servers c: Int, load a: Double) -> Double {
    var term = 1.0
    var sum = 0.0
    for k in 0..<c {
        if k > 0 { term *= a / Double(k) }
        sum += term
    }
    let top = term * a / Double(c) * Double(c) / (Double(c) - a)
    return top / (sum + top)
}

@Suite("Simulator against queueing theory")
struct QueueingTests {
    @Test("Erlang C by hand: c = 3, a = 2.4 gives 0.6472")
    func erlangCFormula() {
        // 1 + 2.4 + 2.88 = 6.28; 2.4³/3! · 3/0.6 = 11.52; 11.52 / 17.8 = 0.64719.
        #expect(abs(erlangC(servers: 3, load: 2.4) - 0.647_19) < 0.000_01)
    }

    @Test("M/M/3 at 80% load matches Erlang C's waiting probability and mean wait")
    func mmcMatchesErlangC() throws {
        let model = try SimulationFixtures.model(SimulationFixtures.workspace("simulation/mmc.yaml"), scenario: "mmc")
        // The mean of the arrival process: 57.6 a day on each of the 304 days.
        #expect(abs(model.expectedArrivals - 57.6 * 304) < 1e-6)
        let outcome = try Simulator(model: model).run(replications: 8)
        let expectedWaitProbability = erlangC(servers: 3, load: 2.4)
        let expectedMeanWaitHours = expectedWaitProbability / (3 * 1.0 - 2.4)
        var probabilities: [Double] = []
        var means: [Double] = []
        for result in outcome.results {
            // Skip the first 1,000 arrivals of each replication: the queue starts empty.
            let steady = result.tickets.dropFirst(1_000).filter { $0.closed != nil }
            probabilities.append(Double(steady.count { $0.waited > 0 }) / Double(steady.count))
            means.append(steady.map { Double($0.waited) / 3_600 }.reduce(0, +) / Double(steady.count))
        }
        let probability = Estimate(probabilities)
        let mean = Estimate(means)
        #expect(abs(probability.mean - expectedWaitProbability) < max(3 * probability.halfWidth, 0.02))
        #expect(abs(mean.mean - expectedMeanWaitHours) < max(3 * mean.halfWidth, 0.05 * expectedMeanWaitHours))
        // 57.6 a day over 304 days.
        let arrivals = try #require(outcome.summary.groups[.all]?[.arrivals])
        #expect(abs(arrivals.mean - 57.6 * 304) < 0.02 * 57.6 * 304)
        let utilization = try #require(outcome.summary.groups[GroupKey(kind: .unit, name: "UNIT")]?[.utilization])
        #expect(abs(utilization.mean - 80) < 2)
    }
}
