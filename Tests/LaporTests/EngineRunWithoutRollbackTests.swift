import Lapor
import Testing

/// `Engine.runWithoutRollback` (the simulator's entry point) against `Engine.run` on random walks of
/// the shipped Lapor Menaker workflow: on success the same events and the same state (and, without
/// the events, the same state and an empty list).
@Suite("Engine run without rollback")
struct EngineRunWithoutRollbackTests {
    @Test("the same events and state as run on every accepted input", arguments: [UInt64(3), 17, 29, 101])
    func sameAsRun(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let definition = Shipped.menaker
        var now = moment("2025-03-03T08:00+07:00")
        var plain: TicketState?
        var inPlace: TicketState?
        var silent: TicketState?
        var advanced: TicketState?
        var tickets = 0
        var accepted = 0
        for _ in 0..<120 {
            now.secondsSinceEpoch += Int64(random.next(below: 2 * 86_400))
            let input: Input
            if let state = plain, !state.isClosed, !definition.events(from: state.state).isEmpty {
                if random.next(below: 4) == 0, let timer = Engine.pendingTimers(state).first {
                    now = max(now, timer.due)
                    input = .timer(timer)
                } else {
                    let events = definition.events(from: state.state)
                    let event = events[random.next(below: events.count)]
                    let roles = definition.workflow.transitions.filter {
                        $0.event.value == event && $0.from.contains { $0.value == state.state }
                    }.flatMap { $0.roles.map(\.value) }
                    input = .transition(
                        event, by: Actor(role: roles.isEmpty ? "unit" : roles[random.next(below: roles.count)]))
                }
            } else {
                // A new ticket when there is none or the last one is closed.
                tickets += 1
                (plain, inPlace, silent, advanced) = (nil, nil, nil, nil)
                let category = ["upah", "hubungan_kerja", "k3", "jaminan_sosial"][random.next(below: 4)]
                input = .open(
                    OpenTicket(id: "R\(seed)-\(tickets)", category: category, region: "31"), by: Actor(role: "pelapor"))
            }
            let expected = Engine.run(definition, &plain, input, now: now)
            let got = Engine.runWithoutRollback(definition, &inPlace, input, now: now)
            #expect(got == expected)
            // Without the events: the same ticket, the same refusals, an empty list.
            let quiet = Engine.runWithoutRollback(definition, &silent, input, now: now, keepingEvents: false)
            // `advance` on an open ticket; opening goes through `runWithoutRollback`.
            var refusal: Diagnostic?
            if var ticket = advanced.take() {
                refusal = Engine.advance(definition, &ticket, input, now: now)
                advanced = ticket
            } else if case .failure(let diagnostic) = Engine.runWithoutRollback(definition, &advanced, input, now: now)
            {
                refusal = diagnostic
            }
            if case .success(let events) = expected {
                accepted += 1
                #expect(inPlace == plain)
                #expect(silent == plain)
                #expect(advanced == plain)
                #expect(refusal == nil)
                #expect(quiet == .success([]))
                #expect(!events.isEmpty)
            } else {
                #expect(quiet == expected)
                #expect(refusal.map { .failure($0) } == expected)
                // A refused input leaves the ticket of `runWithoutRollback` for reporting only: go on from
                // the state `run` kept.
                (inPlace, silent, advanced) = (plain, plain, plain)
            }
        }
        #expect(tickets > 1)
        #expect(accepted > 60)
    }

    @Test("a refusal gives the same diagnostic as run")
    func refusal() throws {
        let definition = Shipped.menaker
        let now = moment("2025-03-03T08:00+07:00")
        var ticket: TicketState?
        _ = try Engine.run(
            definition, &ticket, .open(OpenTicket(id: "R1", category: "upah"), by: Actor(role: "pelapor")), now: now
        ).get()
        var copy = ticket
        let input = Input.transition("no_such_event", by: Actor(role: "humas"))
        let expected = Engine.run(definition, &ticket, input, now: now)
        guard case .failure(let diagnostic) = expected else {
            Issue.record("an unknown event was accepted")
            return
        }
        #expect(Engine.runWithoutRollback(definition, &copy, input, now: now) == .failure(diagnostic))
        #expect(copy?.id == "R1")
    }
}
