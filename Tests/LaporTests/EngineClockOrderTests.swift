import Foundation
import Lapor
import Testing

/// Clocks that start in another order than their SLAs are declared in: the interpreter finds each
/// clock by its SLA, not by its position.
@Suite("Engine: clocks started out of declaration order")
struct EngineClockOrderTests {
    /// The minimal workflow with a second SLA, `tindak`, declared first but started only in `diproses`.
    static func definition() throws -> Definition {
        let text = DefinitionHashTests.base.replacingOccurrences(
            of: "  - {id: respon, starts: [baru], stops: [selesai], target: 14 working_days}",
            with: """
                  - {id: tindak, starts: [diproses], stops: [selesai], target: 5 working_days}
                  - {id: respon, starts: [baru], stops: [selesai], target: 14 working_days}
                """)
        #expect(text != DefinitionHashTests.base)
        return try DefinitionHashTests.definition(text)
    }

    @Test("pausing, resuming and stopping reach the right clock when the second SLA started first")
    func outOfOrder() throws {
        var ticket = TestTicket(try Self.definition())
        try ticket.run(.open(OpenTicket(id: "D-1", category: "upah"), by: humas), at: "2026-03-02T09:00+07:00")
        #expect(ticket.ticket.clocks.map(\.sla) == ["respon"])
        try ticket.run(.transition("dispose", by: humas), at: "2026-03-02T09:10+07:00")
        // `tindak` is declared first but started second.
        #expect(ticket.ticket.clocks.map(\.sla) == ["respon", "tindak"])
        #expect(ticket.ticket.clockPosition("tindak") == 1)
        #expect(ticket.ticket.clockPosition("respon") == 0)
        #expect(ticket.ticket.clockPosition("penyelesaian") == nil)

        // Monday 2 March 2026, working hours from 07:30: 09:00–10:10 is 70 minutes of `respon`,
        // 09:10–10:10 is 60 minutes of `tindak`.
        let paused = try ticket.run(.transition("ask", by: unitActor), at: "2026-03-02T10:10+07:00")
        let pauses = paused.compactMap { event -> (String, Int64)? in
            guard case .clockPaused(let pause) = event.payload else { return nil }
            return (pause.sla, pause.consumed)
        }
        #expect(pauses.map(\.0) == ["tindak", "respon"])
        #expect(pauses.map(\.1) == [3_600, 4_200])
        #expect(ticket.clock("tindak")?.consumed == 3_600)
        #expect(ticket.clock("respon")?.consumed == 4_200)

        let resumed = try ticket.run(.transition("reply", by: humas), at: "2026-03-03T08:00+07:00")
        #expect(resumed.types == ["transitioned", "clock_resumed", "clock_resumed"])
        #expect(ticket.ticket.clocks.allSatisfy { $0.status == .running })

        // Tuesday 08:00–09:00 adds an hour to each.
        let closed = try ticket.run(.transition("close", by: unitActor), at: "2026-03-03T09:00+07:00")
        let stops = closed.compactMap { event -> (String, Int64)? in
            guard case .clockStopped(let stop) = event.payload else { return nil }
            return (stop.sla, stop.consumed)
        }
        #expect(stops.map(\.0) == ["tindak", "respon"])
        #expect(stops.map(\.1) == [7_200, 7_800])
        #expect(try TicketState.replay(ticket.journal) == ticket.state)
    }
}
