import Foundation
import Lapor
import LaporYAML
import Testing

/// `reopen.restarts` and `permissions`: workflow policy beyond transitions, on the minimal workspace
/// (14-working-day `respon` SLA; 2026 calendar whose only days off in March are weekends).
@Suite("Engine: reopen restarts and command permissions")
struct EnginePolicyTests {
    static let base = DefinitionHashTests.base
    static let reopenLine = "reopen: {to: diproses, by: [humas], within: 30 days}"

    static func definition(_ text: String) throws -> Definition {
        try DefinitionHashTests.definition(text)
    }

    /// A ticket opened Monday 2 March 2026 09:00, disposed, and closed Tuesday 3 March 10:00.
    static func closed(_ definition: Definition) throws -> TestTicket {
        var ticket = TestTicket(definition)
        try ticket.run(.open(OpenTicket(id: "D-1", category: "upah"), by: humas), at: "2026-03-02T09:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2026-03-02T09:10+07:00")
        try ticket.run(.transition("close", by: unitActor), at: "2026-03-03T10:00+07:00")
        #expect(ticket.clock("respon")?.status == .stopped)
        return ticket
    }

    @Test("reopening restarts the SLAs the policy lists, with their whole target")
    func restarts() throws {
        let text = Self.base.replacingOccurrences(
            of: Self.reopenLine, with: "reopen: {to: diproses, by: [humas], within: 30 days, restarts: respon}")
        let definition = try Self.definition(text)
        var ticket = try Self.closed(definition)
        let events = try ticket.run(.reopen(by: humas), at: "2026-03-04T09:00+07:00")
        #expect(events.types == ["reopened", "clock_started"])
        let clock = try #require(ticket.clock("respon"))
        #expect(clock.status == .running)
        #expect(clock.consumed == 0)
        #expect(local(clock.startedAt) == "2026-03-04T09:00+07:00")
        #expect(clock.breachedAt == nil)
        // 14 working days after Wednesday 4 March 09:00: Tuesday 24 March 09:00 (weekends skipped).
        let breach = try #require(clock.marks.first { $0.kind == .breach })
        #expect(local(breach.due) == "2026-03-24T09:00+07:00")
        // The reminders start over too: 50% of the target is 7 working days, Friday 13 March 09:00.
        #expect(local(clock.marks.first?.due) == "2026-03-13T09:00+07:00")
        #expect(Engine.pendingTimers(ticket.ticket).first.map { local($0.due) } == "2026-03-13T09:00+07:00")
        // Replaying the journal gives the same ticket.
        #expect(try TicketState.replay(ticket.journal) == ticket.state)
    }

    @Test("without restarts a reopened ticket keeps its clocks stopped, and the hash is unchanged")
    func noRestarts() throws {
        let plain = try Self.definition(Self.base)
        var ticket = try Self.closed(plain)
        #expect(try ticket.run(.reopen(by: humas), at: "2026-03-04T09:00+07:00").types == ["reopened"])
        #expect(ticket.clock("respon")?.status == .stopped)
        #expect(Engine.pendingTimers(ticket.ticket).isEmpty)
        let restarting = try Self.definition(
            Self.base.replacingOccurrences(
                of: Self.reopenLine, with: "reopen: {to: diproses, by: [humas], within: 30 days, restarts: [respon]}"))
        #expect(restarting.hash != plain.hash)
        #expect(!plain.normalized.contains("restarts"))
    }

    static let guarded: String = base.replacingOccurrences(
        of: "roles: [humas, unit]", with: "roles: [humas, unit, pelapor]"
    )
    .replacingOccurrences(
        of: reopenLine, with: reopenLine + "\npermissions: {assign: humas, note: [humas, unit], reply: [pelapor]}")

    @Test("permissions limit who may assign, note and reply, and point at the declaration")
    func permissions() throws {
        let definition = try Self.definition(Self.guarded)
        var ticket = TestTicket(definition)
        try ticket.run(.open(OpenTicket(id: "D-2", category: "upah"), by: humas), at: "2026-03-02T09:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2026-03-02T09:10+07:00")
        let assign = try #require(ticket.failure(.assign(unit: "BINWAS", by: unitActor), at: "2026-03-02T10:00+07:00"))
        #expect(assign.code == .roleNotAllowed)
        #expect(assign.message == "role 'unit' may not assign a ticket")
        #expect(assign.location.description == "ticket D-2")
        #expect(assign.notes.first?.message == "allowed roles: humas")
        #expect(assign.notes.first?.location?.line == 20)
        let note = try #require(ticket.failure(.note("saya", by: reporter), at: "2026-03-02T10:00+07:00"))
        #expect(note.code == .roleNotAllowed)
        #expect(note.message == "role 'pelapor' may not add a note")
        #expect(note.notes.first?.message == "allowed roles: humas, unit")
        let reply = try #require(ticket.failure(.reporterReply("jawab", by: humas), at: "2026-03-02T10:00+07:00"))
        #expect(reply.message == "role 'humas' may not reply for the reporter")
        // The roles listed may.
        #expect(try ticket.run(.assign(unit: "BINWAS", by: humas), at: "2026-03-02T10:00+07:00").types == ["assigned"])
        #expect(try ticket.run(.note("dicek", by: unitActor), at: "2026-03-02T10:05+07:00").types == ["noted"])
        #expect(
            try ticket.run(.reporterReply("sudah", by: reporter), at: "2026-03-02T10:10+07:00").types
                == ["reporter_replied"])
    }

    @Test("without permissions every declared role may assign, note and reply")
    func noPermissions() throws {
        let open = Self.base.replacingOccurrences(of: "roles: [humas, unit]", with: "roles: [humas, unit, pelapor]")
        var ticket = TestTicket(try Self.definition(open))
        try ticket.run(.open(OpenTicket(id: "D-3", category: "upah"), by: humas), at: "2026-03-02T09:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2026-03-02T09:10+07:00")
        #expect(
            try ticket.run(.assign(unit: "BINWAS", by: reporter), at: "2026-03-02T10:00+07:00").types == ["assigned"])
        #expect(try ticket.run(.note("saya", by: reporter), at: "2026-03-02T10:05+07:00").types == ["noted"])
        #expect(try Self.definition(open).hash != Self.definition(Self.guarded).hash)
    }
}
