import Foundation
import Lapor
import LaporYAML
import Testing

/// The shipped test suites and the runner's verdicts.
@Suite("Test suites")
struct TestSuiteTests {
    static let shipped = WorkspaceLoader().load(path: Fixtures.repository.path)

    @Test("the shipped suites route a case of every category of both desks' catalogs")
    func everyCategoryCovered() throws {
        let workspace = Self.shipped.workspace
        #expect(Set(workspace.testSuites.map(\.workflow.value)) == ["lapor-menaker", "pusat-bantuan"])
        for suite in workspace.testSuites {
            let workflow = try #require(workspace.workflow(named: suite.workflow.value))
            let table = try #require(workflow.routing.flatMap { workspace.routingTable(named: $0.value) })
            let catalog = try #require(workspace.categoryCatalog(named: table.categories.value))
            let tested = Set(suite.cases.map(\.ticket.category.value))
            let missing = Set(catalog.categories.map(\.id.value)).subtracting(tested)
            #expect(missing.isEmpty, "suite \(suite.metadata.name.value) has no case for \(missing.sorted())")
            let rules = Set(suite.cases.compactMap { $0.expect.rule?.value })
            let untested = Set(table.rules.filter { !$0.isDefault }.map(\.id.value)).subtracting(rules)
            #expect(
                untested.isEmpty, "suite \(suite.metadata.name.value) expects no case of rules \(untested.sorted())")
        }
    }

    @Test("every shipped case passes")
    func shippedPass() {
        let report = TestReport.run(Self.shipped.workspace)
        #expect(report.total == 52)
        #expect(report.allPassed, "\(report.text())")
    }

    @Test("a changed routing rule makes the routing cases that depend on it fail, at the expectation")
    func changedRuleFails() throws {
        var workspace = Self.shipped.workspace
        let index = try #require(workspace.routingTables.firstIndex { $0.metadata.name.value == "lapor-menaker" })
        let rule = try #require(workspace.routingTables[index].rules.firstIndex { $0.id.value == "pmi" })
        workspace.routingTables[index].rules[rule].disposition = .dispose
        let report = TestReport.run(workspace, suites: ["lapor-menaker"])
        let failed = report.runs[0].results.filter { !$0.passed }.map(\.name)
        #expect(
            failed == [
                "PMI complaints leave as bukan wewenang to external/KP2MI",
                "a forwarded PMI report stops every clock as bukan wewenang",
            ])
        guard case .failed(let failures) = report.runs[0].results.first(where: { !$0.passed })?.outcome else {
            Issue.record("expected a failed case")
            return
        }
        #expect(failures.map(\.message) == ["expected disposition 'forward', got 'dispose' (rule 'pmi')"])
        #expect(failures[0].location.file.hasSuffix("routing/tests/lapor-menaker.yaml"))
    }

    @Test("SLA outcomes: a 14-working-day target across Idul Fitri 2026 is met on 6 April, breached on 13 April")
    func slaOutcomeAcrossHolidays() throws {
        let workspace = Self.shipped.workspace
        let suite = try #require(workspace.testSuite(named: "lapor-menaker"))
        let met = try #require(suite.cases.first { $0.name.value.hasPrefix("a ticket opened 2026-03-13 10:00") })
        var late = met
        late.steps[3].at = Located(Instant(parsing: "2026-04-10T09:31+07:00")!, at: met.steps[3].location)
        var onTime = met
        onTime.steps[3].at = Located(Instant(parsing: "2026-04-10T09:29+07:00")!, at: met.steps[3].location)
        var edited = suite
        edited.cases = [onTime, late]
        let results = TestSuiteRunner.run(edited, in: workspace)
        #expect(results[0].passed)
        guard case .failed(let failures) = results[1].outcome else {
            Issue.record("a response a minute after the due instant must fail 'met: respon'")
            return
        }
        #expect(failures.map(\.message).contains("expected SLA 'respon' met, got breached"))
    }
}
