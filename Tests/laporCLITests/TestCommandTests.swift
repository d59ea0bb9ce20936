import Foundation
import Testing

/// `lapor test --junit FILE`: the JUnit XML a CI system reads.
@Suite("lapor test JUnit output")
struct TestCommandTests {
    @Test("--junit writes the results as JUnit XML (golden file test-failing-junit.xml)")
    func junitGolden() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-junit-\(getpid()).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try GoldenTests.run(["test", "tests-failing", "--junit", file.path], in: "Tests/Fixtures")
        #expect(result.status == 1)
        let actual = try String(contentsOf: file, encoding: .utf8)
        let golden = GoldenTests.repository.appendingPathComponent("Tests/Fixtures/golden/test-failing-junit.xml")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(actual == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test("the JUnit counts agree with the cases: 6 tests, 3 failures, 1 error, one element per case")
    func junitCounts() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-junit-count-\(getpid()).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try GoldenTests.run(["test", "tests-failing", "--junit", file.path], in: "Tests/Fixtures")
        let xml = try String(contentsOf: file, encoding: .utf8)
        #expect(xml.contains(#"<testsuites name="lapor test" tests="6" failures="3" errors="1">"#))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 6)
        #expect(xml.components(separatedBy: "<failure ").count - 1 == 3)
        #expect(xml.components(separatedBy: "<error ").count - 1 == 1)
    }

    @Test("a passing run exits 0 and --suite picks one suite")
    func suiteFilter() throws {
        let result = try GoldenTests.run(["test", "--suite", "pusat-bantuan"], in: ".")
        #expect(result.status == 0)
        #expect(result.output.hasSuffix("25 cases in 1 suite: 25 passed, 0 failed\n"))
        #expect(!result.output.contains("suite lapor-menaker"))
    }
}

/// `lapor generate`: a synthetic workspace on disk that `lapor validate` checks like any other.
@Suite("lapor generate")
struct GenerateCommandTests {
    @Test("a generated workspace with planted defects validates to exactly those defects")
    func generateAndValidate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-generate-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = try GoldenTests.run(
            [
                "generate", "--out", directory.path, "--units", "20", "--categories", "200", "--rules", "2000",
                "--shadowed", "2", "--uncovered", "3",
            ], in: ".")
        #expect(generated.status == 0)
        #expect(
            generated.output.hasSuffix(
                "20 units, 200 categories, 2000 rules; planted: 20 shadowed rules (2 categories), 3 uncovered categories\n"
            ))
        let validated = try GoldenTests.run(["validate", directory.path], in: ".")
        #expect(validated.status == 1)
        #expect(validated.output.hasSuffix("20 errors, 3 warnings in 3 files\n"))
        #expect(validated.output.components(separatedBy: "error[LAP204]").count - 1 == 20)
        #expect(validated.output.components(separatedBy: "warning[LAP206]").count - 1 == 3)
    }
}
