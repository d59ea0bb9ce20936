import Foundation
import Lapor
import Testing

/// Behaviour of the interpreter on the shipped Lapor Menaker workflow. Expected instants are worked
/// out by hand from the 2025 calendar (Mon–Thu 07:30–16:00, break 12:00–13:00; Fri 07:30–16:30,
/// break 11:30–13:00: 7.5 working hours a day) and cross-checked with `lapor calendar due`.
@Suite("Engine")
struct EngineTests {
    static let opening = OpenTicket(id: "LM-1", category: "upah", labels: ["thr"], channel: "web", reporter: "R123")

    /// A ticket opened on Monday 7 July 2025 at 09:00, a week without holidays.
    static func opened() throws -> TestTicket {
        var ticket = TestTicket(Shipped.menaker)
        try ticket.run(.open(opening, by: reporter), at: "2025-07-07T09:00+07:00")
        return ticket
    }

    @Test("open routes the ticket, starts the three clocks and sets their first timers")
    func open() throws {
        let ticket = try Self.opened()
        #expect(
            ticket.journal.types == ["opened", "routed", "clock_started", "clock_started", "clock_started"])
        let state = ticket.ticket
        #expect(state.state == "diterima")
        #expect(state.unit == "BINWASNAKER_K3")
        #expect(state.definition == Shipped.menaker.hash)
        // verifikasi: 3 working days = 81,000 s; due Thursday 09:00. First mark: 50% = 1.5 days = Tue 13:45.
        let verifikasi = try #require(ticket.clock("verifikasi"))
        #expect(verifikasi.target == 3 * 27_000)
        #expect(local(verifikasi.marks.first { $0.kind == .breach }?.due) == "2025-07-10T09:00+07:00")
        // respon: 14 working days; reminders at 7 days (Wed 16th 09:00) and 11.2 days (Tue 22nd 10:30).
        let respon = try #require(ticket.clock("respon"))
        #expect(respon.target == 14 * 27_000)
        #expect(
            respon.marks.map { local($0.due) } == [
                "2025-07-16T09:00+07:00", "2025-07-22T10:30+07:00", "2025-07-25T09:00+07:00",
                "2025-07-25T09:00+07:00",
            ])
        #expect(respon.marks.map(\.kind) == [.reminder, .reminder, .reminder, .breach])
        // penyelesaian: 60 calendar days.
        let penyelesaian = try #require(ticket.clock("penyelesaian"))
        #expect(penyelesaian.measure == .elapsed)
        #expect(local(penyelesaian.marks.last?.due) == "2025-09-05T09:00+07:00")
        #expect(
            Engine.pendingTimers(state).map(\.description) == [
                "verifikasi/reminder#0", "respon/reminder#0", "penyelesaian/reminder#0",
            ])
        #expect(local(Engine.pendingTimers(state).first?.due) == "2025-07-08T13:45+07:00")
    }

    @Test("the common path open → verify → dispose → accept → respond → close meets every SLA")
    func happyPath() throws {
        var ticket = try Self.opened()
        try ticket.run(.transition("verify", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2025-07-07T10:05+07:00")
        try ticket.run(.transition("accept", by: adminUnit), at: "2025-07-07T13:00+07:00")
        try ticket.run(.transition("respond", by: unitActor), at: "2025-07-08T15:00+07:00")
        let closing = try ticket.run(.transition("close", by: reporter), at: "2025-07-09T08:00+07:00")
        #expect(closing.types == ["transitioned", "clock_stopped"])
        let state = ticket.ticket
        #expect(state.isClosed)
        #expect(state.state == "selesai")
        #expect(state.closedAt == moment("2025-07-09T08:00+07:00"))
        #expect(state.clocks.allSatisfy { $0.status == .stopped && $0.breachedAt == nil })
        // verify after one working hour.
        #expect(ticket.clock("verifikasi")?.consumed == 3_600)
        // respond: Mon 09:00–16:00 (6 h) + Tue 07:30–15:00 (6.5 h).
        #expect(ticket.clock("respon")?.consumed == Int64(45_000))
        #expect(Engine.pendingTimers(state).isEmpty)
        #expect(ticket.journal.map(\.sequence) == Array(1...ticket.journal.count))
    }

    @Test("waiting on the reporter pauses every clock; remaining time is exact after the pause")
    func pauseAndResume() throws {
        var ticket = try Self.opened()
        try ticket.run(.transition("verify", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("accept", by: unitActor), at: "2025-07-07T11:00+07:00")
        // Exactly one working day consumed by Tuesday 09:00.
        let pause = try ticket.run(.transition("request_info", by: unitActor), at: "2025-07-08T09:00+07:00")
        #expect(pause.types == ["transitioned", "clock_paused", "clock_paused"])
        #expect(ticket.clock("respon")?.consumed == 27_000)
        #expect(ticket.clock("penyelesaian")?.consumed == 86_400)
        #expect(Engine.pendingTimers(ticket.ticket).isEmpty)
        // A reply on Monday 14th 10:00 resumes them: 13 working days left → Thursday 31st 10:00.
        let reply = try ticket.run(.reporterReply("Slip gaji terlampir", by: reporter), at: "2025-07-14T10:00+07:00")
        #expect(reply.types == ["reporter_replied", "transitioned", "clock_resumed", "clock_resumed"])
        #expect(ticket.ticket.state == "diproses")
        let respon = try #require(ticket.clock("respon"))
        #expect(local(respon.marks.first { $0.kind == .breach }?.due) == "2025-07-31T10:00+07:00")
        #expect(
            try Engine.remaining(Shipped.menaker, ticket.ticket, sla: "respon", now: moment("2025-07-14T10:00+07:00"))
                == 13 * 27_000)
        // penyelesaian lost the 6 days 1 hour of the pause: due 11 September 10:00.
        #expect(
            local(ticket.clock("penyelesaian")?.marks.first { $0.kind == .breach }?.due)
                == "2025-09-11T10:00+07:00")
    }

    @Test("reminders, breach and the escalation ladder fire in order at their due instants")
    func breachAndEscalation() throws {
        var ticket = try Self.opened()
        try ticket.run(.transition("verify", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("accept", by: unitActor), at: "2025-07-07T11:00+07:00")
        // The host fires timers one by one up to 8 August 12:00.
        let until = moment("2025-08-08T12:00+07:00")
        var fired: [Event] = []
        while let timer = Engine.pendingTimers(ticket.ticket).first, timer.due <= until {
            fired += try ticket.run(.timer(timer), at: timer.due)
        }
        let respon = fired.filter {
            switch $0.payload {
            case .reminded(let r): r.sla == "respon"
            case .breached(let b): b.sla == "respon"
            case .escalated(let e): e.sla == "respon"
            default: false
            }
        }
        #expect(
            respon.map { "\($0.type) \(local($0.at))" } == [
                "reminded 2025-07-16T09:00+07:00", "reminded 2025-07-22T10:30+07:00",
                "reminded 2025-07-25T09:00+07:00", "breached 2025-07-25T09:00+07:00",
                // +1, +5 and +10 working days after the breach.
                "escalated 2025-07-28T09:00+07:00", "escalated 2025-08-01T09:00+07:00",
                "escalated 2025-08-08T09:00+07:00",
            ])
        #expect(ticket.ticket.reportTexts == ["himbauan", "rekomendasi"])
        #expect(ticket.clock("respon")?.escalationsTaken == 3)
        #expect(ticket.clock("respon")?.breachedAt == moment("2025-07-25T09:00+07:00"))
        // The penyelesaian reminder at 50% (30 days) fired on 6 August.
        #expect(
            fired.contains {
                if case .reminded(let r) = $0.payload {
                    return r.sla == "penyelesaian" && local($0.at) == "2025-08-06T09:00+07:00"
                }
                return false
            })
        // Responding now stops respon as breached.
        let late = try ticket.run(.transition("respond", by: unitActor), at: "2025-08-08T12:00+07:00")
        guard case .clockStopped(let stopped) = late.last?.payload else {
            Issue.record("expected clock_stopped, got \(late.types)")
            return
        }
        #expect(stopped.breached)
    }

    @Test("a command after missed timers first fires them, dated at their due instants")
    func catchUp() throws {
        var ticket = try Self.opened()
        // Nobody fired timers; Humas verifies on Friday 11 July, after the verifikasi breach (Thu 09:00).
        let events = try ticket.run(.transition("verify", by: humas), at: "2025-07-11T08:00+07:00")
        #expect(
            events.map { "\($0.type) \(local($0.at))" } == [
                "reminded 2025-07-08T13:45+07:00", "reminded 2025-07-10T09:00+07:00",
                "breached 2025-07-10T09:00+07:00", "transitioned 2025-07-11T08:00+07:00",
                "clock_stopped 2025-07-11T08:00+07:00",
            ])
        #expect(ticket.clock("verifikasi")?.breachedAt == moment("2025-07-10T09:00+07:00"))
    }

    @Test("reopen is allowed within 30 days of closing and refused after")
    func reopen() throws {
        var ticket = try Self.opened()
        try ticket.run(.transition("verify", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("dispose", by: humas), at: "2025-07-07T10:00+07:00")
        try ticket.run(.transition("accept", by: unitActor), at: "2025-07-07T11:00+07:00")
        try ticket.run(.transition("respond", by: unitActor), at: "2025-07-08T11:00+07:00")
        try ticket.run(.transition("close", by: unitActor), at: "2025-07-08T12:00+07:00")
        let late = ticket
        #expect(late.failure(.reopen(by: reporter), at: "2025-08-07T12:01+07:00")?.code == .reopenWindowPassed)
        let events = try ticket.run(.reopen(by: reporter), at: "2025-08-07T12:00+07:00")
        #expect(events.types == ["reopened"])
        #expect(ticket.ticket.state == "diproses")
        #expect(!ticket.ticket.isClosed)
        #expect(ticket.ticket.closedAt == nil)
    }
}
