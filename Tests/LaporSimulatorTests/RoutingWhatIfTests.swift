import Foundation
import Lapor
import LaporSimulator
import LaporYAML
import Testing

@Suite("Routing what-if simulations")
struct RoutingWhatIfTests {
    static func workspace() throws -> Workspace { try SimulationFixtures.workspace("simulation/minimal") }

    /// The minimal fixture's table with rule `rule` replaced by `replacement`.
    static func table(_ workspace: Workspace, replacing rule: String, with replacement: String) throws -> RoutingTable {
        let current = try #require(workspace.routingTable(named: "table"))
        let text = """
            apiVersion: lapor/v1
            kind: RoutingTable
            metadata: {name: table, version: "2"}
            units: units
            categories: cats
            rules:
              - {id: thr, when: {category: upah, labels: [thr]}, route: BINWAS}
              - {id: upah, when: {category: upah}, route: PHI}
              - {id: pmi, when: {category: pmi}, route: external/KP2MI, disposition: forward}
              - {id: fallback, default: true, route: HUMAS}
            """
        let lines = text.split(separator: "\n").map { line in
            line.contains("{id: \(rule),") ? "  - \(replacement)" : String(line)
        }
        let loaded = WorkspaceLoader().load(text: lines.joined(separator: "\n"), name: "new.yaml")
        let table = try #require(loaded.workspace.routingTables.first)
        #expect(table.rules.count == current.rules.count)
        return table
    }

    static func run(_ whatIf: RoutingWhatIf, replications: Int = 2) throws -> SimulationComparison {
        RoutingWhatIf.comparison(
            old: try Simulator(model: whatIf.old).run(replications: replications),
            new: try Simulator(model: whatIf.new).run(replications: replications))
    }

    @Test("the same table on both sides gives identical runs: every paired difference is exactly 0")
    func sameTableNoDifference() throws {
        let workspace = try Self.workspace()
        let current = try #require(workspace.routingTable(named: "table"))
        let whatIf = try RoutingWhatIf.make(
            scenario: "what-if", in: workspace, table: "table", old: current, new: current
        ).get()
        let comparison = try Self.run(whatIf)
        #expect(comparison.baseline.results.map(\.tickets) == comparison.alternative.results.map(\.tickets))
        #expect(!comparison.rows.isEmpty)
        for row in comparison.rows {
            #expect(row.difference.mean == 0 && row.difference.halfWidth == 0, "\(row.group) \(row.metric)")
        }
    }

    @Test("THR reports moved from BINWAS to PHI: same arrivals, BINWAS empty, PHI takes exactly those tickets")
    func movedCategoryUnderCommonRandomNumbers() throws {
        let workspace = try Self.workspace()
        let current = try #require(workspace.routingTable(named: "table"))
        let new = try Self.table(
            workspace, replacing: "thr", with: "{id: thr, when: {category: upah, labels: [thr]}, route: PHI}")
        let whatIf = try RoutingWhatIf.make(scenario: "what-if", in: workspace, table: "table", old: current, new: new)
            .get()
        let comparison = try Self.run(whatIf)
        for (a, b) in zip(comparison.baseline.results, comparison.alternative.results) {
            // Common random numbers: the same tickets arrive at the same instants with the same facts.
            #expect(a.tickets.map(\.id) == b.tickets.map(\.id))
            #expect(a.tickets.map(\.opened) == b.tickets.map(\.opened))
            #expect(a.tickets.map(\.labels) == b.tickets.map(\.labels))
            #expect(a.tickets.map(\.region) == b.tickets.map(\.region))
            let thr = a.tickets.filter { $0.labels.contains("thr") }
            #expect(!thr.isEmpty)
            // Old: every THR ticket ends at BINWAS (or HUMAS after an escalation's reassignment); new: none at BINWAS.
            #expect(thr.allSatisfy { $0.unit == "BINWAS" || $0.unit == "HUMAS" })
            #expect(!b.tickets.contains { $0.unit == "BINWAS" })
            let phiBefore = a.tickets.count { $0.unit == "PHI" }
            let phiAfter = b.tickets.count { $0.unit == "PHI" }
            let binwasBefore = a.tickets.count { $0.unit == "BINWAS" }
            let humasShift = b.tickets.count { $0.unit == "HUMAS" } - a.tickets.count { $0.unit == "HUMAS" }
            #expect(phiAfter - phiBefore + humasShift == binwasBefore)
        }
        let arrivals = comparison.rows.first { $0.group == .all && $0.metric == .arrivals }
        #expect(arrivals?.difference.mean == 0)
        let binwas = comparison.rows.first {
            $0.group == GroupKey(kind: .unit, name: "BINWAS") && $0.metric == .arrivals
        }
        #expect(binwas?.alternative == 0)
        #expect((binwas?.baseline ?? 0) > 0)
        #expect(comparison.rows.contains { $0.group == .all && $0.metric == .breached })
        let text = RoutingWhatIf.text(comparison)
        #expect(text.contains("unit BINWAS"))
    }

    @Test("a new table that sends tickets to a unit without capacity in the scenario is refused (LAP806)")
    func newUnitWithoutCapacity() throws {
        let workspace = try Self.workspace()
        let current = try #require(workspace.routingTable(named: "table"))
        let new = try Self.table(
            workspace, replacing: "upah", with: "{id: upah, when: {category: upah}, route: external/KP2MI}")
        let result = RoutingWhatIf.make(scenario: "what-if", in: workspace, table: "table", old: current, new: new)
        guard case .failure(let errors) = result else {
            Issue.record("the what-if compiled")
            return
        }
        #expect(errors.all.contains { $0.code == .unitWithoutCapacity })
    }

    @Test("a scenario whose workflows do not use the table is refused (LAP524)")
    func scenarioWithoutTable() throws {
        let workspace = try Self.workspace()
        let current = try #require(workspace.routingTable(named: "table"))
        let result = RoutingWhatIf.make(scenario: "what-if", in: workspace, table: "other", old: current, new: current)
        guard case .failure(let errors) = result else {
            Issue.record("the what-if compiled")
            return
        }
        #expect(errors.all.map(\.code) == [.scenarioWithoutRoutingTable])
    }
}
