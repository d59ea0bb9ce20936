import Foundation
import Lapor
import Testing

/// Commands that are not allowed: each returns its diagnostic and no events.
@Suite("Engine: refused commands")
struct EngineCommandTests {
    static func disposed() throws -> TestTicket {
        var ticket = try EngineTests.opened()
        try ticket.run(.transition("verify", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2025-07-07T10:05+07:00")
        return ticket
    }

    @Test("unknown event, with a suggestion")
    func unknownEvent() throws {
        let ticket = try Self.disposed()
        let diagnostic = try #require(ticket.failure(.transition("acept", by: unitActor), at: "2025-07-07T11:00+07:00"))
        #expect(diagnostic.code == .unknownEvent)
        #expect(diagnostic.notes.first?.message == "did you mean 'accept'?")
        #expect(diagnostic.location.description == "ticket LM-1")
    }

    @Test("event that does not leave the current state lists the ones that do")
    func eventNotAllowed() throws {
        let ticket = try Self.disposed()
        let diagnostic = try #require(ticket.failure(.transition("close", by: humas), at: "2025-07-07T11:00+07:00"))
        #expect(diagnostic.code == .eventNotAllowed)
        #expect(diagnostic.message == "event 'close' cannot be taken in state 'didisposisikan'")
        #expect(diagnostic.notes.map(\.message) == ["events allowed in 'didisposisikan': accept, return"])
    }

    @Test("role not allowed points at the transition's declaration")
    func roleNotAllowed() throws {
        let ticket = try Self.disposed()
        let diagnostic = try #require(
            ticket.failure(.transition("return", by: unitActor), at: "2025-07-07T11:00+07:00"))
        #expect(diagnostic.code == .roleNotAllowed)
        #expect(diagnostic.notes.first?.message == "allowed roles: admin_unit")
        #expect(diagnostic.notes.first?.location?.file.hasSuffix("workflows/lapor-menaker.yaml") == true)
        let undeclared = try #require(
            ticket.failure(.transition("accept", by: Actor(role: "direktur")), at: "2025-07-07T11:00+07:00"))
        #expect(undeclared.code == .unknownActorRole)
    }

    @Test("a closed ticket accepts only reopen")
    func closed() throws {
        var ticket = try Self.disposed()
        try ticket.run(.transition("accept", by: unitActor), at: "2025-07-07T11:00+07:00")
        try ticket.run(.transition("respond", by: unitActor), at: "2025-07-07T12:00+07:00")
        try ticket.run(.transition("close", by: humas), at: "2025-07-07T13:00+07:00")
        for input in [
            Input.transition("follow_up", by: reporter), .note("tambahan", by: humas),
            .assign(unit: "PHI_JSK", by: humas), .reporterReply("halo", by: reporter),
        ] {
            #expect(ticket.failure(input, at: "2025-07-08T09:00+07:00")?.code == .ticketClosed)
        }
        #expect(ticket.failure(.reopen(by: unitActor), at: "2025-07-08T09:00+07:00")?.code == .roleNotAllowed)
    }

    @Test("reopening an open ticket is refused")
    func reopenOpen() throws {
        let ticket = try Self.disposed()
        #expect(ticket.failure(.reopen(by: humas), at: "2025-07-07T11:00+07:00")?.code == .reopenNotAllowed)
    }

    @Test("a ticket runs only under the definition it is pinned to")
    func definitionMismatch() throws {
        var ticket = try Self.disposed()
        ticket.definition = Shipped.pusban
        let diagnostic = try #require(ticket.failure(.note("x", by: humas), at: "2025-07-07T11:00+07:00"))
        #expect(diagnostic.code == .definitionMismatch)
        #expect(diagnostic.message.hasPrefix("ticket 'LM-1' is pinned to lapor-menaker 2025.11"))
    }

    @Test("time cannot go backwards; timers fire only when pending and due")
    func timeAndTimers() throws {
        let ticket = try Self.disposed()
        #expect(ticket.failure(.note("x", by: humas), at: "2025-07-07T10:04+07:00")?.code == .timeWentBackwards)
        let timer = try #require(Engine.pendingTimers(ticket.ticket).first)
        #expect(ticket.failure(.timer(timer), at: "2025-07-07T11:00+07:00")?.code == .timerNotDue)
        var stale = timer
        stale.index = 7
        #expect(ticket.failure(.timer(stale), at: "2025-08-07T11:00+07:00")?.code == .timerNotPending)
    }

    @Test("assignments: unknown or retired units, no-op assignments, empty notes")
    func assignAndNote() throws {
        var ticket = try Self.disposed()
        let unknown = try #require(ticket.failure(.assign(unit: "PHI_JSKK", by: humas), at: "2025-07-07T11:00+07:00"))
        #expect(unknown.code == .unknownAssignee)
        #expect(unknown.notes.first?.message == "did you mean 'PHI_JSK'?")
        #expect(
            ticket.failure(.assign(unit: "BINWASNAKER_K3", by: humas), at: "2025-07-07T11:00+07:00")?.code
                == .invalidCommand)
        #expect(ticket.failure(.note("  \n", by: humas), at: "2025-07-07T11:00+07:00")?.code == .invalidCommand)
        #expect(
            ticket.failure(.transition("accept", by: unitActor, unit: "PHI_JSK"), at: "2025-07-07T11:00+07:00")?.code
                == .invalidCommand)
        let events = try ticket.run(.assign(unit: "PHI_JSK", by: humas), at: "2025-07-07T11:00+07:00")
        #expect(events.types == ["assigned"])
        #expect(ticket.ticket.unit == "PHI_JSK")
    }

    @Test("opening twice, and commands on a ticket that does not exist")
    func openTwice() throws {
        let ticket = try EngineTests.opened()
        #expect(
            ticket.failure(.open(EngineTests.opening, by: reporter), at: "2025-07-07T10:00+07:00")?.code
                == .ticketExists)
        let missing = TestTicket(Shipped.menaker)
        #expect(missing.failure(.note("x", by: humas), at: "2025-07-07T10:00+07:00")?.code == .unknownTicket)
    }

    @Test("a dispose with an explicit unit overrides the router; the choice is recorded without a rule")
    func explicitUnit() throws {
        var ticket = try EngineTests.opened()
        try ticket.run(.transition("verify", by: humas), at: "2025-07-07T10:00+07:00")
        let events = try ticket.run(
            .transition("dispose", by: humas, unit: "PHI_JSK"), at: "2025-07-07T10:05+07:00")
        guard case .routed(let routed) = events[1].payload else {
            Issue.record("expected routed, got \(events.types)")
            return
        }
        #expect(routed.unit == "PHI_JSK")
        #expect(routed.rule == nil)
    }

    @Test("unknown categories are routed by the default rule")
    func unknownCategory() throws {
        var ticket = TestTicket(Shipped.menaker)
        try ticket.run(.open(OpenTicket(id: "LM-2", category: "upahh"), by: reporter), at: "2025-07-07T09:00+07:00")
        #expect(ticket.ticket.unit == "SETJEN_HUMAS")
        guard case .routed(let routed) = ticket.journal[1].payload else { return }
        #expect(routed.isDefault)
        #expect(routed.rule == "fallback")
    }

    @Test("a clock that needs a year the calendar lacks is an error, not a guess")
    func yearNotCovered() throws {
        let ticket = TestTicket(Shipped.menaker)
        let diagnostic = try #require(
            ticket.failure(.open(EngineTests.opening, by: reporter), at: "2031-03-03T09:00+07:00"))
        #expect(diagnostic.code == .calendarYearNotCovered)
        // Late December 2027: the 14-working-day target runs into 2028, which is not declared.
        let late = try #require(
            ticket.failure(.open(EngineTests.opening, by: reporter), at: "2027-12-21T09:00+07:00"))
        #expect(late.code == .calendarYearNotCovered)
        #expect(late.message.contains("2028"))
    }
}
