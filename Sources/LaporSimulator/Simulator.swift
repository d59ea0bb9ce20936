import Dispatch
import Foundation
import Lapor

/// Runs the replications of a compiled scenario, in parallel on all cores or one after another, with the
/// same results either way: each replication has its own random streams and its results are kept in
/// replication order.
public struct Simulator: Sendable {
    /// The compiled scenario.
    public let model: SimulationModel

    /// A simulator for `model`.
    public init(model: SimulationModel) { self.model = model }

    /// Runs `replications` (default: the scenario's) replications.
    ///
    /// - Parameters:
    ///   - parallel: run replications on all cores.
    ///   - log: receives the event log of replication 0, in time order.
    ///   - progress: receives the fraction of simulated time done (0…1), now and then, from any thread.
    public func run(
        replications: Int? = nil, parallel: Bool = true, log: (@Sendable (EventLogRow) -> Void)? = nil,
        progress: (@Sendable (Double) -> Void)? = nil
    ) throws(Diagnostic) -> SimulationOutcome {
        let count = max(1, replications ?? model.scenario.replications)
        let slots = ResultSlots(count: count)
        let model = model
        let work: @Sendable (Int) -> Void = { replication in
            slots.store(
                Simulator.replicate(model, replication, of: count, log: log, progress: progress), at: replication)
        }
        if parallel, count > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: work)
        } else {
            for replication in 0..<count { work(replication) }
        }
        var results: [ReplicationResult] = []
        for slot in slots.all {
            switch slot {
            case .success(let result): results.append(result)
            case .failure(let diagnostic): throw diagnostic
            case nil: break
            }
        }
        return SimulationOutcome(model: model, results: results, summary: SimulationSummary(results, model: model))
    }
}

extension Simulator {
    fileprivate static func replicate(
        _ model: SimulationModel, _ replication: Int, of count: Int, log: (@Sendable (EventLogRow) -> Void)?,
        progress: (@Sendable (Double) -> Void)?
    ) -> Result<ReplicationResult, Diagnostic> {
        var scaled: ((Double) -> Void)?
        if let progress {
            scaled = { fraction in progress((Double(replication) + fraction) / Double(count)) }
        }
        var sink: ((EventLogRow) -> Void)?
        if replication == 0, let log { sink = log }
        var run = SimulationRun(model: model, replication: replication, log: sink, progress: scaled)
        do throws(Diagnostic) {
            return .success(try run.run())
        } catch {
            return .failure(error)
        }
    }
}

/// The replications of a run and their summary.
public struct SimulationOutcome: Sendable {
    /// The compiled scenario.
    public var model: SimulationModel
    /// Every replication, in order.
    public var results: [ReplicationResult]
    /// Key figures across replications.
    public var summary: SimulationSummary
}

/// Results written by concurrent replications.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<ReplicationResult, Diagnostic>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Result<ReplicationResult, Diagnostic>, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var all: [Result<ReplicationResult, Diagnostic>?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
