import Foundation
import Lapor
import LaporYAML

/// The loader and validator under libFuzzer (see Fuzz/README.md).
///
/// Each input is one config file. It is decoded next to the shipped workspace (so that references
/// to real catalogs, calendars and workflows are followed), validated, rendered in every diagnostic
/// format, and its test suites, if it has any, are run through the router and the engine. Anything
/// that traps — a crash, an overflow, an out-of-bounds index, an ASan report — is a bug, however
/// absurd the input.
enum LoaderFuzz {
    /// The shipped workspace, loaded once: the repository root is `LAPOR_FUZZ_WORKSPACE` or the
    /// directory above `Fuzz/`.
    static let shipped: Workspace = {
        let root =
            ProcessInfo.processInfo.environment["LAPOR_FUZZ_WORKSPACE"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return WorkspaceLoader().load(path: root).workspace
    }()

    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        let loaded = WorkspaceLoader().load(text: text, name: "fuzz.yaml")
        var workspace = shipped
        let fuzzed = loaded.workspace
        workspace.workflows += fuzzed.workflows
        workspace.routingTables += fuzzed.routingTables
        workspace.unitCatalogs += fuzzed.unitCatalogs
        workspace.categoryCatalogs += fuzzed.categoryCatalogs
        workspace.calendars += fuzzed.calendars
        workspace.migrationPlans += fuzzed.migrationPlans
        workspace.scenarios = fuzzed.scenarios
        workspace.testSuites = fuzzed.testSuites
        let diagnostics = (loaded.diagnostics + Validator().validate(workspace)).sortedForOutput()
        let printer = DiagnosticPrinter(sources: loaded.sources)
        for format in DiagnosticPrinter.Format.allCases {
            _ = printer.render(diagnostics, format: format, fileCount: 1)
        }
        // The runner needs a valid workspace, as `lapor test` does.
        guard !diagnostics.hasErrors else { return }
        let report = TestReport.run(workspace)
        _ = report.text()
        _ = report.junit()
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func laporFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    LoaderFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if LAPOR_FUZZING
    /// libFuzzer's driver (compiler-rt), run from `main` because SwiftPM names an executable's entry point.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// Under libFuzzer (`-sanitize=fuzzer -DLAPOR_FUZZING`): hands the command line to libFuzzer.
    @main
    struct Fuzz {
        static func main() {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, laporFuzzOneInput))
        }
    }
#else
    /// Without libFuzzer: runs each file named on the command line through the harness once, to
    /// replay a corpus or a crashing input under a normal build.
    @main
    struct Replay {
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                data.withUnsafeBytes { LoaderFuzz.run($0) }
                print("ok \(path)")
            }
        }
    }
#endif
