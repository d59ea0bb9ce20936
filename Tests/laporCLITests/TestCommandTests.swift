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
