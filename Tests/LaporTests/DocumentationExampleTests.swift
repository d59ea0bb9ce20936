import Foundation
import Lapor
import LaporYAML
import Testing

/// The code of the DocC article "Getting started" (Sources/Lapor/Lapor.docc/GettingStarted.md),
/// run on the shipped workspace, with what the article says it prints.
@Suite("Documentation example")
struct DocumentationExampleTests {
    @Test("GettingStarted: open, move and fire timers until the himbauan")
    func gettingStarted() throws {
        let loaded = WorkspaceLoader().check(path: Fixtures.repository.path)
        #expect(!loaded.diagnostics.hasErrors)
        let definition = try Definition.make(workflow: "lapor-menaker", in: loaded.workspace).get()

        var ticket: TicketState?
        let opening = Instant(parsing: "2026-03-02T09:00+07:00")!
        let facts = OpenTicket(id: "LM-1", category: "upah", labels: ["thr"], channel: "web")
        let opened = try Engine.run(definition, &ticket, .open(facts, by: Actor(role: "pelapor")), now: opening).get()
        #expect(opened.map(\.type) == ["opened", "routed", "clock_started", "clock_started", "clock_started"])
        guard case .routed(let routed) = opened[1].payload else {
            Issue.record("the second event routes the ticket")
            return
        }
        #expect(routed.unit == "BINWASNAKER_K3" && routed.rule == "upah-thr")
        #expect(try TicketState.replay(opened) == ticket)

        let humas = Actor(role: "humas")
        _ = try Engine.run(definition, &ticket, .transition("verify", by: humas), now: opening).get()
        _ = try Engine.run(definition, &ticket, .transition("dispose", by: humas), now: opening).get()
        let accepted = Instant(parsing: "2026-03-02T10:00+07:00")!
        _ = try Engine.run(definition, &ticket, .transition("accept", by: Actor(role: "unit")), now: accepted).get()

        let later = Instant(parsing: "2026-03-30T09:00+07:00")!
        var types: [String] = []
        while let current = ticket, let timer = Engine.pendingTimers(current).first, timer.due <= later {
            let fired = try Engine.run(definition, &ticket, .timer(timer), now: timer.due).get()
            types += fired.map(\.type)
        }
        #expect(types.contains("breached") && types.last == "escalated")
        #expect(ticket?.reportTexts == ["himbauan"])
        let respon = try #require(ticket?.clock("respon"))
        #expect(respon.breachedAt?.formatted(at: definition.calendar.offset) == "2026-03-27T08:30+07:00")
    }
}
