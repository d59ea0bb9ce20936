import Foundation
import Testing

/// `permissions` and `reopen.restarts` through the CLI and the store, on a copy of the shipped
/// workspace whose Lapor Menaker workflow declares both.
@Suite("CLI: workflow permissions and reopen restarts")
struct WorkflowPolicyCLITests {
    @Test("a role the permissions leave out cannot assign (store unchanged); a reopened ticket's respon SLA runs again")
    func policies() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lapor-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for folder in ["workflows", "routing"] {
            try FileManager.default.copyItem(
                at: GoldenTests.repository.appendingPathComponent(folder),
                to: directory.appendingPathComponent(folder))
        }
        let workflow = directory.appendingPathComponent("workflows/lapor-menaker.yaml")
        let reopen = "reopen: {to: diproses, by: [pelapor, humas], within: 30 days}"
        let text = try String(contentsOf: workflow, encoding: .utf8)
        #expect(text.contains(reopen + "\n"))
        try text.replacingOccurrences(
            of: reopen + "\n",
            with: "reopen: {to: diproses, by: [pelapor, humas], within: 30 days, restarts: [respon]}\n"
                + "permissions: {assign: [humas, admin_unit]}\n"
        ).write(to: workflow, atomically: true, encoding: .utf8)
        let workspace = directory.path
        #expect(try GoldenTests.run(["validate", workspace], in: ".").status == 0)
        let store = directory.appendingPathComponent("lapor.sqlite").path
        func lapor(_ arguments: [String], _ now: String) throws -> (output: String, status: Int32) {
            try GoldenTests.run(arguments + ["--store", store, "--workspace", workspace, "--now", now], in: ".")
        }
        func export() throws -> String { try GoldenTests.run(["store", "export", "--store", store], in: ".").output }

        let id = "LM-2026-000001"
        let opened = try lapor(
            ["ticket", "open", "--category", "upah", "--label", "thr", "--channel", "web"], "2026-03-02T09:00+07:00")
        #expect(opened.output.hasPrefix("\(id) "), "\(opened.output)")
        let before = try export()
        let refused = try lapor(["ticket", "assign", id, "SETJEN_HUMAS", "--as", "pelapor"], "2026-03-02T09:30+07:00")
        #expect(refused.status == 1)
        #expect(
            refused.output == """
                ticket \(id): error[LAP534]: role 'pelapor' may not assign a ticket
                \(workflow.path):45:24: note: allowed roles: humas, admin_unit
                1 error

                """)
        #expect(try export() == before)
        let assigned = try lapor(["ticket", "assign", id, "SETJEN_HUMAS", "--as", "humas"], "2026-03-02T09:30+07:00")
        #expect(assigned.status == 0, "\(assigned.output)")

        for (event, role, now) in [
            ("verify", "humas", "2026-03-02T10:00+07:00"), ("dispose", "humas", "2026-03-02T10:05+07:00"),
            ("accept", "unit", "2026-03-02T11:00+07:00"), ("respond", "unit", "2026-03-03T11:00+07:00"),
            ("close", "humas", "2026-03-03T12:00+07:00"),
        ] {
            let moved = try lapor(["ticket", "transition", id, event, "--as", role], now)
            #expect(moved.status == 0, "\(moved.output)")
        }
        let reopened = try lapor(["ticket", "reopen", id, "--as", "pelapor"], "2026-03-04T09:00+07:00")
        #expect(reopened.status == 0, "\(reopened.output)")
        // The 14 working days count again from the reopening; verifikasi and penyelesaian stay stopped.
        #expect(reopened.output.contains("  clock respon: running, due "), "\(reopened.output)")
        #expect(reopened.output.contains("  clock verifikasi: stopped"))
        #expect(reopened.output.contains("  clock penyelesaian: stopped"))
        #expect(reopened.output.contains("clock respon started"))
        let verify = try GoldenTests.run(["store", "verify", "--store", store], in: ".")
        #expect(verify.status == 0, "\(verify.output)")
    }
}
