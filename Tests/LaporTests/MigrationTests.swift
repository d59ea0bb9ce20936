import Foundation
import Lapor
import LaporYAML
import Testing

/// The shipped plan `plans/pusban-to-lapor-menaker.yaml` applied to Pusat Bantuan tickets.
@Suite("Migration plans")
struct MigrationTests {
    static let migration: Migration = {
        guard let plan = Shipped.workspace.migrationPlan(named: "pusban-to-lapor-menaker") else {
            fatalError("shipped plan missing")
        }
        switch Migration.make(plan: plan, in: Shipped.workspace) {
        case .success(let migration): return migration
        case .failure(let errors): fatalError("shipped plan does not compile: \(errors.all)")
        }
    }()

    static let system = Actor(role: "sistem")

    /// A Pusat Bantuan ticket with the unit since `accepted`.
    static func inProcess(opened: String, accepted: String) throws -> TestTicket {
        var ticket = TestTicket(Shipped.pusban)
        try ticket.run(.open(OpenTicket(id: "PB-1", category: "pengaduan", labels: []), by: reporter), at: opened)
        try ticket.run(.transition("escalate", by: humas), at: accepted)
        try ticket.run(.transition("accept", by: unitActor), at: accepted)
        return ticket
    }

    @Test("keep_elapsed carries consumed working time; from_opening counts from the filing; verifikasi does not run")
    func carriesTime() throws {
        // Opened Monday 3 November 2025 09:00; 7 working days used by the cut-over on Wednesday 12th 09:00.
        var ticket = try Self.inProcess(opened: "2025-11-03T09:00+07:00", accepted: "2025-11-03T09:30+07:00")
        let unit = ticket.ticket.unit
        let events = try ticket.run(.migrate(Self.migration, by: Self.system), at: "2025-11-12T09:00+07:00")
        // The 50% reminder (7 of 14 working days) is due at the cut-over instant and fires first.
        #expect(events.types == ["reminded", "migrated", "clock_started", "clock_started"])
        ticket.definition = Shipped.menaker
        let state = ticket.ticket
        #expect(state.definition == Shipped.menaker.hash)
        #expect(state.workflow == "lapor-menaker")
        #expect(state.state == "diproses")
        #expect(state.unit == unit)
        #expect(state.clock("verifikasi") == nil)
        let respon = try #require(state.clock("respon"))
        #expect(respon.consumed == 7 * 27_000)
        // 50% (7 days) has passed and is not sent again; 80% is 4.2 working days on: Tue 18th 10:30.
        #expect(
            respon.marks.map { "\($0.kind) \(local($0.due))" } == [
                "reminder 2025-11-18T10:30+07:00", "reminder 2025-11-21T09:00+07:00", "breach 2025-11-21T09:00+07:00",
            ])
        let penyelesaian = try #require(state.clock("penyelesaian"))
        #expect(penyelesaian.consumed == 9 * 86_400)
        #expect(local(penyelesaian.marks.last?.due) == "2026-01-02T09:00+07:00")
        // The ticket goes on under Lapor Menaker.
        try ticket.run(.transition("respond", by: unitActor), at: "2025-11-13T10:00+07:00")
        #expect(ticket.ticket.state == "ditanggapi")
    }

    @Test("a breach and the escalation steps taken are carried, not repeated")
    func carriesBreach() throws {
        var ticket = try Self.inProcess(opened: "2025-10-01T09:00+07:00", accepted: "2025-10-01T09:30+07:00")
        let cutover = moment("2025-11-12T09:00+07:00")
        while let timer = Engine.pendingTimers(ticket.ticket).first, timer.due <= cutover {
            try ticket.run(.timer(timer), at: timer.due)
        }
        let before = try #require(ticket.clock("respon"))
        #expect(before.breachedAt == moment("2025-10-21T09:00+07:00"))
        #expect(before.escalationsTaken == 3)
        let used = try #require(try Engine.remaining(Shipped.pusban, ticket.ticket, sla: "respon", now: cutover))
        let events = try ticket.run(.migrate(Self.migration, by: Self.system), at: cutover)
        #expect(!events.types.contains("breached"))
        #expect(!events.types.contains("escalated"))
        let after = try #require(ticket.clock("respon"))
        #expect(after.breachedAt == before.breachedAt)
        #expect(after.escalationsTaken == 3)
        #expect(after.marks.isEmpty)
        #expect(after.target - after.consumed == used)
        // penyelesaian (60 days from 1 October) is not yet due on 12 November.
        #expect(ticket.clock("penyelesaian")?.breachedAt == nil)
    }

    @Test("an overdue clock that was not breached breaches at the migration instant")
    func breachesOnMigration() throws {
        // Opened 15 September 2025: 60 days are over on 14 November, so migrate on 17 November.
        var ticket = try Self.inProcess(opened: "2025-09-15T09:00+07:00", accepted: "2025-09-15T09:30+07:00")
        try ticket.run(.transition("request_info", by: unitActor), at: "2025-09-15T10:00+07:00")
        let events = try ticket.run(.migrate(Self.migration, by: Self.system), at: "2025-11-17T09:00+07:00")
        let breaches = events.filter { $0.type == "breached" }
        #expect(breaches.count == 0, "paused clocks do not breach")
        #expect(ticket.ticket.state == "menunggu_pelapor")
        #expect(ticket.clock("penyelesaian")?.status == .paused)
        ticket.definition = Shipped.menaker
        let reply = try ticket.run(.reporterReply("dokumen", by: reporter), at: "2025-11-17T10:00+07:00")
        #expect(reply.map { "\($0.type) \(local($0.at))" }.contains("breached 2025-11-17T10:00+07:00"))
    }

    @Test("closed tickets and tickets of another definition are refused")
    func refused() throws {
        var ticket = try Self.inProcess(opened: "2025-11-03T09:00+07:00", accepted: "2025-11-03T09:30+07:00")
        try ticket.run(.transition("answer", by: unitActor), at: "2025-11-04T09:00+07:00")
        try ticket.run(.transition("close", by: humas), at: "2025-11-04T10:00+07:00")
        #expect(
            ticket.failure(.migrate(Self.migration, by: Self.system), at: "2025-11-12T09:00+07:00")?.code
                == .migrationNotApplicable)
        let menaker = try EngineTests.opened()
        #expect(
            menaker.failure(.migrate(Self.migration, by: Self.system), at: "2025-07-08T09:00+07:00")?.code
                == .migrationNotApplicable)
    }

    @Test("the fixture plan validates clean and every reachable open state of the source is mapped")
    func fixturePlanIsClean() {
        #expect(Fixtures.check(Fixtures.path("migration")).isEmpty)
    }
}

/// The content hash pins behaviour, not layout.
@Suite("Definition hash")
struct DefinitionHashTests {
    static func definition(_ text: String) throws -> Definition {
        let loaded = WorkspaceLoader().load(text: text, name: "workspace.yaml")
        #expect(loaded.diagnostics.isEmpty)
        return try Definition.make(workflow: "desk", in: loaded.workspace).get()
    }

    static let base: String = {
        (try? String(contentsOfFile: Fixtures.path("minimal/workspace.yaml"), encoding: .utf8)) ?? ""
    }()

    @Test("comments, descriptions and flow vs block style keep the hash; behaviour changes it")
    func hash() throws {
        let original = try Self.definition(Self.base)
        #expect(original.hash == SHA256.hexDigest(original.normalized))
        #expect(original.hash.count == 64)
        let restyled = Self.base.replacingOccurrences(
            of: "  - {id: diproses}",
            with: "  - id: diproses   # the unit works on it\n    description: Ditangani unit")
        #expect(try Self.definition(restyled).hash == original.hash)
        let retargeted = Self.base.replacingOccurrences(of: "target: 14 working_days", with: "target: 15 working_days")
        #expect(try Self.definition(retargeted).hash != original.hash)
        let rerouted = Self.base.replacingOccurrences(of: "on: ask, by: [unit]", with: "on: ask, by: [unit, humas]")
        #expect(try Self.definition(rerouted).hash != original.hash)
        #expect(!original.normalized.contains("Ditangani"))
    }
}
