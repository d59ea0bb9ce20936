import Foundation
import Testing

/// Runs the built `lapor` binary and compares its whole output and exit status with a golden file.
///
/// Set `UPDATE_GOLDEN=1` to rewrite the golden files; review the diff by hand before committing.
@Suite("CLI golden output")
struct GoldenTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        /// Working directory relative to the repository root.
        var directory: String = "Tests/Fixtures"
        var description: String { name }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let cases: [Case] = [
        Case(name: "validate-shipped", arguments: ["validate"], directory: "."),
        Case(name: "validate-shipped-json", arguments: ["validate", "--format", "json"], directory: "."),
        Case(name: "validate-multi-error", arguments: ["validate", "broken/multi-error"]),
        Case(name: "validate-multi-error-json", arguments: ["validate", "broken/multi-error", "--format", "json"]),
        Case(
            name: "validate-multi-error-sarif", arguments: ["validate", "broken/multi-error", "--format", "sarif"]),
        Case(name: "test-shipped", arguments: ["test"], directory: "."),
        Case(name: "test-failing", arguments: ["test", "tests-failing"]),
        Case(name: "test-unknown-reference", arguments: ["test", "broken/LAP901-unknown-test-reference"]),
        Case(name: "validate-warning", arguments: ["validate", "broken/LAP206-default-only"]),
        Case(name: "validate-warning-strict", arguments: ["validate", "--strict", "broken/LAP206-default-only"]),
        Case(name: "validate-missing-path", arguments: ["validate", "no/such/dir"]),
        Case(name: "validate-minimal", arguments: ["validate", "minimal"]),
        // Checked by hand: 10 + 1 tickets a day over the 149 days of 2026-02-02 … 2026-06-30 is 1,639 expected
        // arrivals; the pmi share is 1/11; pmi tickets leave to external/KP2MI (forward) without a breach.
        Case(
            name: "simulate-minimal",
            arguments: [
                "simulate", "what-if", "--workspace", "simulation/minimal", "--replications", "2", "--serial",
                "--no-progress",
            ]),
        Case(
            name: "simulate-unknown-scenario",
            arguments: ["simulate", "no-such", "--workspace", "simulation/minimal", "--no-progress"]),
        Case(
            name: "simulate-broken-scenario",
            arguments: ["simulate", "what-if", "--workspace", "broken/LAP806-routed-unit-without-capacity"]),
        Case(
            name: "ticket-show-missing-store",
            arguments: ["ticket", "show", "LM-2026-000001", "--store", "no/such/lapor.sqlite"], directory: "."),
        Case(
            name: "ticket-open-not-a-store",
            arguments: [
                "ticket", "open", "--category", "upah", "--store", "README.md", "--now", "2026-03-02T09:00+07:00",
            ], directory: "."),
        Case(
            name: "ticket-open-bad-now",
            arguments: ["ticket", "open", "--category", "upah", "--now", "yesterday"], directory: "."),
        Case(
            name: "route-explain-disnaker",
            arguments: [
                "route", "explain", "--table", "lapor-menaker", "--category", "hubungan_kerja", "--label", "pkwt",
                "--region", "31",
            ], directory: "."),
        Case(
            name: "route-explain-pmi",
            arguments: ["route", "explain", "--table", "lapor-menaker", "--category", "pekerja_migran"],
            directory: "."),
        // Without --table in a workspace of two tables: the one whose rules name the category (upah:
        // only lapor-menaker's rules do); a category both tables' rules name (informasi_umum) or none
        // does (bansos) is refused with the tables to choose from.
        Case(
            name: "route-explain-table-by-category",
            arguments: ["route", "explain", "--category", "upah", "--label", "thr"], directory: "."),
        Case(
            name: "route-explain-category-in-two-tables",
            arguments: ["route", "explain", "--category", "informasi_umum"], directory: "."),
        Case(
            name: "route-explain-no-table-names-category",
            arguments: ["route", "explain", "--category", "bansos"], directory: "."),
        Case(
            name: "route-explain-unknown-table",
            arguments: ["route", "explain", "--table", "lapor-menakr", "--category", "upah"], directory: "."),
        Case(
            name: "route-explain-unknown-category",
            arguments: ["route", "explain", "--table", "pusat-bantuan", "--category", "upah"], directory: "."),
        // Checked by hand against routing/lapor-menaker.yaml and examples/routing/lapor-menaker-2026.yaml: the
        // outsourcing rule takes hubungan_kerja with outsourcing and without phk (from PHI_JSK outside 31/32, from
        // DISNAKER in 31/32); without the region rule the rest of 31/32 goes to PHI_JSK; upah-minimum first
        // takes upah with upah_minimum and thr or upah_tidak_dibayar.
        Case(
            name: "routing-diff-example",
            arguments: ["routing", "diff", "lapor-menaker", "examples/routing/lapor-menaker-2026.yaml"],
            directory: "."),
        // export.jsonl: 6 Lapor Menaker tickets and 1 Pusat Bantuan ticket (not replayed); LM-1 (31) DISNAKER →
        // PHI_JSK, LM-2 (outsourcing, 35) PHI_JSK → BINWASNAKER_K3, LM-4 (thr + upah_minimum) BINWASNAKER_K3 →
        // PHI_JSK; LM-3, LM-5, LM-6 stay; LM-5's routed event was edited to PHI_JSK (recorded differs).
        Case(
            name: "routing-diff-replay-export",
            arguments: [
                "routing", "diff", "lapor-menaker", "examples/routing/lapor-menaker-2026.yaml", "--replay",
                "Tests/Fixtures/routing/export.jsonl",
            ], directory: "."),
        // tickets.csv without channel/region columns: t1 (outsourcing) PHI_JSK → BINWASNAKER_K3, t2 (thr +
        // upah_minimum) BINWASNAKER_K3 → PHI_JSK, t3 and t5 stay, t4 is Pusat Bantuan's.
        Case(
            name: "routing-diff-replay-csv-json",
            arguments: [
                "routing", "diff", "lapor-menaker", "examples/routing/lapor-menaker-2026.yaml", "--replay",
                "Tests/Fixtures/routing/tickets.csv", "--format", "json",
            ], directory: "."),
        Case(
            name: "routing-diff-replay-truncated",
            arguments: [
                "routing", "diff", "lapor-menaker", "examples/routing/lapor-menaker-2026.yaml", "--replay",
                "Tests/Fixtures/routing/export-truncated.jsonl",
            ], directory: "."),
        Case(
            name: "routing-diff-unknown-table",
            arguments: ["routing", "diff", "lapor-menaker", "lapor-menakr"], directory: "."),
        Case(
            name: "routing-diff-not-a-table",
            arguments: ["routing", "diff", "lapor-menaker", "routing/units.yaml"], directory: "."),
        Case(
            name: "routing-diff-broken-new",
            arguments: ["routing", "diff", "lapor-menaker", "Tests/Fixtures/routing/broken-new.yaml"], directory: "."),
        // The minimal scenario with THR reports moved from BINWAS to PHI: run A is simulate-minimal's run (1684
        // arrivals, the same breach % per unit); B has the same arrivals (common random numbers), BINWAS none.
        Case(
            name: "routing-diff-scenario",
            arguments: [
                "routing", "diff", "table", "routing/minimal-thr-to-phi.yaml", "--workspace", "simulation/minimal",
                "--scenario", "what-if", "--replications", "2", "--serial", "--no-progress",
            ]),
        Case(
            name: "calendar-due-explain",
            arguments: ["calendar", "due", "--from", "2025-03-20T10:00+07:00", "--working-days", "14", "--explain"],
            directory: "."),
        Case(
            name: "calendar-due-json",
            arguments: [
                "calendar", "due", "--from", "2025-03-20T10:00+07:00", "--working-days", "14", "--format", "json",
            ], directory: "."),
        Case(
            name: "calendar-due-plain",
            arguments: ["calendar", "due", "--from", "2025-03-20T10:00+07:00", "--working-days", "14"],
            directory: "."),
        Case(
            name: "calendar-due-friday-afternoon",
            arguments: ["calendar", "due", "--from", "2025-05-23T15:00+07:00", "--working-days", "1", "--explain"],
            directory: "."),
        Case(name: "calendar-holidays-2026", arguments: ["calendar", "holidays", "2026"], directory: "."),
        Case(
            name: "calendar-holidays-2025-json", arguments: ["calendar", "holidays", "2025", "--format", "json"],
            directory: "."),
        Case(
            name: "calendar-due-year-not-covered",
            arguments: ["calendar", "due", "--from", "2031-01-06T10:00+07:00", "--working-days", "14"],
            directory: "."),
        Case(
            name: "calendar-due-past-last-year",
            arguments: ["calendar", "due", "--from", "2027-12-21T10:00+07:00", "--working-days", "14"],
            directory: "."),
        Case(name: "calendar-holidays-not-covered", arguments: ["calendar", "holidays", "2031"], directory: "."),
        Case(
            name: "calendar-due-malformed-instant",
            arguments: ["calendar", "due", "--from", "2025-03-20 10:00", "--working-days", "14"], directory: "."),
        // A benchmark of no tickets would print a rate of zero or infinity as if it were measured.
        Case(name: "bench-engine-no-tickets", arguments: ["bench", "engine", "--tickets", "0"], directory: "."),
        Case(
            name: "calendar-due-negative",
            arguments: ["calendar", "due", "--from", "2025-03-20T10:00+07:00", "--working-days=-3"], directory: "."),
        Case(
            name: "calendar-due-two-durations",
            arguments: [
                "calendar", "due", "--from", "2025-03-20T10:00+07:00", "--working-days", "1", "--hours", "2",
            ], directory: "."),
    ]

    static func binary() throws -> URL {
        var candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let argument = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent())
        }
        for directory in candidates {
            let url = directory.appendingPathComponent("lapor")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "lapor binary next to the test bundle"])
    }

    static func run(_ arguments: [String], in directory: String) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = repository.appendingPathComponent(directory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    @Test("output matches the golden file", arguments: cases)
    func golden(_ testCase: Case) throws {
        let result = try Self.run(testCase.arguments, in: testCase.directory)
        let actual = result.output + "exit: \(result.status)\n"
        let golden = Self.repository.appendingPathComponent("Tests/Fixtures/golden/\(testCase.name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected)
    }
}
