import Foundation
import Lapor
import LaporYAML
import Testing

/// Inputs the fuzzer found (Tests/Fixtures/fuzz) and the yaml-test-suite's invalid YAML
/// (Fuzz/seeds/yaml-test-suite) go through what the fuzz harness does, without libFuzzer: load,
/// validate, print in every format. None may trap, and each must be refused with an error.
@Suite("Fuzz regressions and yaml-test-suite error inputs")
struct FuzzRegressionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func files(in relative: String) -> [String] {
        let directory = repository.appendingPathComponent(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" && $0 != "LICENSE" }.sorted().map {
            "\(relative)/\($0)"
        }
    }

    static let yamlTestSuite = files(in: "Fuzz/seeds/yaml-test-suite")
    static let regressions = files(in: "Tests/Fixtures/fuzz")

    /// What the harness does with one input; returns the diagnostics.
    static func exercise(_ relative: String) throws -> [Diagnostic] {
        let data = try Data(contentsOf: repository.appendingPathComponent(relative))
        let loaded = WorkspaceLoader().load(text: String(decoding: data, as: UTF8.self), name: "fuzz.yaml")
        let diagnostics = (loaded.diagnostics + Validator().validate(loaded.workspace)).sortedForOutput()
        let printer = DiagnosticPrinter(sources: loaded.sources)
        for format in DiagnosticPrinter.Format.allCases {
            #expect(!printer.render(diagnostics, format: format, fileCount: 1).isEmpty)
        }
        return diagnostics
    }

    @Test("the 94 invalid inputs of the yaml-test-suite are refused with an error, never a trap")
    func yamlTestSuiteErrors() throws {
        #expect(Self.yamlTestSuite.count == 94)
        for file in Self.yamlTestSuite {
            let diagnostics = try Self.exercise(file)
            #expect(diagnostics.hasErrors, "\(file) was accepted")
        }
    }

    @Test("every input the fuzzer found is refused with an error, never a trap", arguments: regressions)
    func fuzzRegression(_ file: String) throws {
        #expect(try Self.exercise(file).hasErrors)
    }
}
