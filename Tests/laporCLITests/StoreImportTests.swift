import Foundation
import Testing

/// `lapor store import` followed by the commands an operator runs next.
@Suite("CLI: store import")
struct StoreImportTests {
    @Test("after store import, ticket open numbers after the imported tickets; store rebuild keeps that")
    func openAfterImport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lapor-import-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (file, events) = try StoreCrashTests.largeExport(directory, copies: 1)
        let workspace = GoldenTests.repository.path
        let store = directory.appendingPathComponent("imported.sqlite").path
        let imported = try GoldenTests.run(["store", "import", file, "--store", store], in: ".")
        #expect(imported.output == "imported \(events) events\n")

        func open(_ store: String, _ now: String) throws -> (output: String, status: Int32) {
            try GoldenTests.run(
                [
                    "ticket", "open", "--category", "upah", "--label", "thr", "--channel", "web", "--store", store,
                    "--workspace", workspace, "--now", now,
                ], in: ".")
        }
        // The export holds `LM-0-000001` to `LM-0-000003` (renamed from `LM-2026-…`): prefix `LM-0`.
        let first = try open(store, "2026-03-03T09:00+07:00")
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.hasPrefix("LM-2026-000001 "), "\(first.output)")

        // An export with the `LM-2026-…` ids themselves: the next one is number 4.
        let source = directory.appendingPathComponent("source.sqlite").path
        let export = try GoldenTests.run(["store", "export", "--store", source], in: ".")
        let same = directory.appendingPathComponent("same.jsonl")
        try export.output.write(to: same, atomically: true, encoding: .utf8)
        let copy = directory.appendingPathComponent("copy.sqlite").path
        #expect(try GoldenTests.run(["store", "import", same.path, "--store", copy], in: ".").status == 0)
        for (now, id) in [("2026-03-03T09:00+07:00", "LM-2026-000004"), ("2026-03-03T09:05+07:00", "LM-2026-000005")] {
            let opened = try open(copy, now)
            #expect(opened.status == 0, "\(opened.output)")
            #expect(opened.output.hasPrefix("\(id) "), "\(opened.output)")
        }
        let rebuilt = try GoldenTests.run(["store", "rebuild", "--store", copy], in: ".")
        #expect(rebuilt.output == "rebuilt 5 tickets from the events\n")
        let verify = try GoldenTests.run(["store", "verify", "--store", copy], in: ".")
        #expect(verify.status == 0, "\(verify.output)")
        let afterRebuild = try open(copy, "2026-03-03T09:10+07:00")
        #expect(afterRebuild.output.hasPrefix("LM-2026-000006 "), "\(afterRebuild.output)")
    }

    @Test("a line that is not valid UTF-8 is refused with its line number; nothing is imported")
    func invalidUTF8() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lapor-import-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (file, _) = try StoreCrashTests.largeExport(directory, copies: 1)
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
        // A byte that starts no UTF-8 sequence, in place of a letter of line 3's ticket id.
        let target = try #require(lines[2].firstIndex(of: UInt8(ascii: "L")))
        lines[2][target] = 0xFF
        let broken = directory.appendingPathComponent("broken.jsonl")
        try Data(lines.joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]).write(to: broken)
        let store = directory.appendingPathComponent("imported.sqlite").path
        let imported = try GoldenTests.run(["store", "import", broken.path, "--store", store], in: ".")
        #expect(imported.status == 1)
        #expect(imported.output.contains("broken.jsonl:3:1: error[LAP709]"), "\(imported.output)")
        #expect(imported.output.contains("line 3 is not a journal event: the line is not valid UTF-8"))
        let verify = try GoldenTests.run(["store", "verify", "--store", store], in: ".")
        #expect(verify.output == "ok: 0 tickets, 0 events replayed; projections match\n")
    }
}
