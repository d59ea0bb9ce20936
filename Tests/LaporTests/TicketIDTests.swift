import Foundation
import Lapor
import Testing

/// Ticket ids: `PREFIX-YEAR-NNNNNN`, as `lapor ticket open` and the simulator give them.
@Suite("Ticket ids")
struct TicketIDTests {
    @Test("initials of the workflow's name, the local year, at least six digits")
    func format() {
        #expect(TicketID.initials(of: "lapor-menaker") == "LM")
        #expect(TicketID.initials(of: "pusat-bantuan") == "PB")
        #expect(TicketID.initials(of: "desk") == "D")
        #expect(TicketID.make(prefix: "LM-2026", number: 42) == "LM-2026-000042")
        #expect(TicketID.make(prefix: "LM-2026", number: 1_234_567) == "LM-2026-1234567")
        #expect(TicketID.make(prefix: "LM-2026", number: 999_999) == "LM-2026-999999")
        #expect(TicketID.make(prefix: "LM-2026", number: 1_000_000) == "LM-2026-1000000")
        #expect(TicketID.make(prefix: "D-2026", number: 1) == "D-2026-000001")
        #expect(TicketID.make(prefix: "PUSAT-BANTUAN-2026", number: 7) == "PUSAT-BANTUAN-2026-000007")
        #expect(TicketID.make(prefix: "", number: 0) == "-000000")
    }

    @Test("the year is the one of the calendar's time zone: 00:10 in Jakarta on 1 January is the new year")
    func localYear() {
        #expect(TicketID.prefix(Shipped.menaker, at: moment("2025-12-31T23:30+07:00")) == "LM-2025")
        // 2025-12-31T17:10Z: still 2025 in UTC.
        #expect(TicketID.prefix(Shipped.menaker, at: moment("2026-01-01T00:10+07:00")) == "LM-2026")
    }
}
