import Foundation
import Lapor
import LaporSimulator
import Testing

/// Collects the event log of a run.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [EventLogRow] = []

    var rows: [EventLogRow] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    func add(_ row: EventLogRow) {
        lock.lock()
        collected.append(row)
        lock.unlock()
    }
}

@Suite("Simulator behaviour")
struct SimulatorBehaviourTests {
    static func mmc(staff: Int?) throws -> SimulationModel {
        var workspace = try SimulationFixtures.workspace("simulation/mmc.yaml")
        workspace.scenarios[0].units[0].staff = staff
        return try SimulationFixtures.model(workspace, scenario: "mmc")
    }

    @Test("replications in parallel give exactly the results of a serial run")
    func parallelEqualsSerial() throws {
        let model = try Self.mmc(staff: 3)
        let parallel = try Simulator(model: model).run(replications: 3, parallel: true)
        let serial = try Simulator(model: model).run(replications: 3, parallel: false)
        #expect(parallel.results.map(\.tickets) == serial.results.map(\.tickets))
        #expect(parallel.results.map(\.backlog) == serial.results.map(\.backlog))
        // Replications differ from each other (their own streams).
        #expect(parallel.results[0].tickets.count != parallel.results[1].tickets.count)
    }

    @Test("a unit with no staff answers nothing and breaches every ticket older than the SLA")
    func zeroCapacityBreachesEverything() throws {
        let model = try Self.mmc(staff: 0)
        let outcome = try Simulator(model: model).run(replications: 2)
        for result in outcome.results {
            #expect(!result.tickets.isEmpty)
            #expect(result.tickets.allSatisfy { $0.answered == nil && $0.closed == nil && $0.worked == 0 })
            // The SLA is 2 hours of elapsed time: every ticket opened 2 hours before the end has breached.
            let old = result.tickets.filter { $0.opened.secondsSinceEpoch <= model.end.secondsSinceEpoch - 7_200 }
            #expect(old.allSatisfy { $0.breached != nil })
            #expect(old.count > result.tickets.count - 10)
        }
        #expect(outcome.summary.groups[.all]?[.answered]?.mean == 0)
    }

    @Test("doubling the staff never makes a ticket wait longer (same arrivals and efforts)")
    func doublingStaffNeverHurts() throws {
        for staff in [2, 3] {
            let fewer = try Simulator(model: Self.mmc(staff: staff)).run(replications: 2)
            let more = try Simulator(model: Self.mmc(staff: staff * 2)).run(replications: 2)
            for (small, large) in zip(fewer.results, more.results) {
                #expect(small.tickets.map(\.id) == large.tickets.map(\.id))
                // Tickets the smaller staff finished were served by both: same effort, no longer wait.
                let served = zip(small.tickets, large.tickets).filter { $0.0.closed != nil }
                #expect(served.count > small.tickets.count / 2)
                #expect(served.allSatisfy { $0.0.worked == $0.1.worked && $0.1.closed != nil })
                let worse = served.filter { $1.waited > $0.waited }
                #expect(worse.isEmpty, "\(worse.count) tickets waited longer with \(staff * 2) staff")
                let smallBreaches = small.tickets.count { $0.breached != nil }
                let largeBreaches = large.tickets.count { $0.breached != nil }
                #expect(largeBreaches <= smallBreaches)
            }
        }
    }

    @Test("an event log changes nothing: the same tickets, steps and happenings with and without one")
    func logChangesNothing() throws {
        // Without a log, work rules hand their inputs to the interpreter themselves; with one, the run
        // goes through `Engine.runWithoutRollback` and keeps the events. Both must take the same steps.
        let workspace = try SimulationFixtures.workspace("simulation/minimal")
        let model = try SimulationFixtures.model(workspace, scenario: "what-if")
        let quiet = try #require(try Simulator(model: model).run(replications: 1).results.first)
        let log = LogCollector()
        let logged = try #require(try Simulator(model: model).run(replications: 1, log: { log.add($0) }).results.first)
        #expect(quiet.tickets.count > 1_000)
        #expect(quiet.tickets == logged.tickets)
        #expect(quiet.steps == logged.steps)
        #expect(quiet.scheduled == logged.scheduled)
        #expect(log.rows.contains { $0.resource == "pelapor" })
    }

    @Test("the minimal scenario: forwards leave at once, about 10% of disposed tickets wait on the reporter")
    func minimalScenarioFollowsItsRules() throws {
        let workspace = try SimulationFixtures.workspace("simulation/minimal")
        let model = try SimulationFixtures.model(workspace, scenario: "what-if")
        let log = LogCollector()
        let outcome = try Simulator(model: model).run(replications: 1, log: { log.add($0) })
        let result = try #require(outcome.results.first)
        // Numbered as `lapor ticket open` numbers them: workflow `desk` → `D`, the year, six digits.
        #expect(result.tickets.count > 1_000)
        #expect(result.tickets.map(\.id) == (1...result.tickets.count).map { "D-2026-" + String(format: "%06d", $0) })
        let pmi = result.tickets.filter { $0.category == "pmi" }
        #expect(!pmi.isEmpty)
        #expect(pmi.allSatisfy { $0.unit == "external/KP2MI" && ($0.closed == nil || $0.state == "selesai") })
        let rows = log.rows
        let disposed = rows.count { $0.activity == "dispose" }
        let asked = rows.count { $0.activity == "ask" }
        #expect(disposed > 1_000)
        #expect(abs(Double(asked) / Double(disposed) - 0.10) < 0.03)
        // Humas staff did the triage; the unit's staff did the unit's work (Humas after a re-assignment).
        #expect(rows.filter { $0.activity == "dispose" }.allSatisfy { $0.resource == "HUMAS" })
        let askers = Set(rows.filter { $0.activity == "ask" }.map(\.resource))
        #expect(askers.isSubset(of: ["BINWAS", "PHI", "HUMAS"]) && askers.isSuperset(of: ["BINWAS", "PHI"]))
        // Time order.
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.at <= $1.at })
    }
}
