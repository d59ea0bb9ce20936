import Foundation
import Lapor
import LaporYAML
import Testing

/// Each directory under `Fixtures/broken/` is a workspace whose YAML marks every line that must
/// carry a diagnostic with `# expect: LAPxxx`. The reported (file, line, code) set must equal the
/// marked set exactly: nothing missing, nothing extra.
@Suite("Broken configs: every code at the right line")
struct BrokenFixtureTests {
    struct Expectation: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var code: String
        var description: String { "\(code) at \(URL(fileURLWithPath: file).lastPathComponent):\(line)" }
    }

    static let fixtures = Fixtures.directories(in: "broken")

    /// Codes exercised by dedicated tests instead of a fixture directory (they need a file system
    /// state that a checked-in fixture cannot hold, such as a missing path or invalid bytes).
    static let testedInCode: Set<DiagnosticCode> = [
        .unreadableFile, .fileTooLarge, .invalidEncoding, .tooManyNodes, .noConfigFiles,
    ]

    static func expectations(in directory: String) -> Set<Expectation> {
        var result: Set<Expectation> = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            let file = directory + "/" + relative
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let marker = line.range(of: "# expect:") else { continue }
                for code in line[marker.upperBound...].split(separator: " ") where code.hasPrefix("LAP") {
                    result.insert(Expectation(file: file, line: index + 1, code: String(code)))
                }
            }
        }
        return result
    }

    @Test("the fixture reports exactly the marked diagnostics", arguments: fixtures)
    func fixtureMatchesMarkers(name: String) throws {
        let directory = Fixtures.path("broken/" + name)
        let expected = Self.expectations(in: directory)
        try #require(!expected.isEmpty, "fixture \(name) has no '# expect:' markers")
        let reported = Set(
            Fixtures.check(directory).filter { $0.severity != .note }.map {
                Expectation(file: $0.location.file, line: $0.location.line, code: $0.code.rawValue)
            })
        #expect(reported.subtracting(expected).isEmpty, "unexpected: \(reported.subtracting(expected))")
        #expect(expected.subtracting(reported).isEmpty, "missing: \(expected.subtracting(reported))")
    }

    @Test("every diagnostic code has a broken fixture named after it")
    func everyCodeHasAFixture() {
        let covered = Set(Self.fixtures.map { String($0.prefix(6)) })
        // LAP5xx codes come from run-time computations (calendar arithmetic, routing a ticket) and
        // LAP7xx from the store, not from configs; the engine and store tests cover them. LAP812 reports
        // an interpreter refusal during a simulation run, which the scenario checks exist to prevent.
        let missing = DiagnosticCode.allCases.filter {
            !Self.testedInCode.contains($0) && !covered.contains($0.rawValue) && !$0.rawValue.hasPrefix("LAP5")
                && !$0.rawValue.hasPrefix("LAP7") && $0 != .simulationStepFailed
        }
        #expect(missing.isEmpty, "codes without a fixture: \(missing.map(\.rawValue))")
    }

    @Test("a fixture's name matches a code it expects", arguments: fixtures.filter { $0.hasPrefix("LAP") })
    func fixtureNameMatchesCode(name: String) {
        let codes = Set(Self.expectations(in: Fixtures.path("broken/" + name)).map(\.code))
        #expect(codes.contains(String(name.prefix(6))))
    }
}
