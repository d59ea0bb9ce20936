import Foundation
import Testing

@testable import Lapor

/// Random command sequences on the shipped Lapor Menaker workflow: the invariants of the interpreter.
@Suite("Engine properties")
struct EnginePropertyTests {
    static let roles = ["pelapor", "humas", "admin_unit", "unit", "unit_head", "sistem"]
    static let units = ["BINWASNAKER_K3", "PHI_JSK", "BINALAVOTAS", "external/KP2MI"]
    static let categories = ["upah", "hubungan_kerja", "pekerja_migran", "informasi_umum", "tidak_ada"]

    /// Runs `steps` random inputs on one ticket; returns the journal and checks invariants on the way.
    static func run(seed: UInt64, steps: Int) throws -> [Event] {
        var random = SplitMix64(seed: seed)
        let definition = Shipped.menaker
        var now = moment("2025-01-02T08:00+07:00")
        now.secondsSinceEpoch += Int64(random.next(below: 300 * 86_400))
        var ticket = TestTicket(definition)
        let open = OpenTicket(
            id: "T\(seed)", category: categories[random.next(below: categories.count)],
            labels: random.next(below: 2) == 0 ? ["thr"] : [], region: "31")
        try ticket.run(.open(open, by: Actor(role: "pelapor")), at: now)
        let events = definition.workflow.transitions.map(\.event.value) + ["nonsense"]
        for _ in 0..<steps {
            now.secondsSinceEpoch += Int64(random.next(below: 3 * 86_400))
            let actor = Actor(role: roles[random.next(below: roles.count)])
            let input: Input
            switch random.next(below: 10) {
            case 0: input = .note("catatan", by: actor)
            case 1: input = .reporterReply("balasan", by: Actor(role: "pelapor"))
            case 2: input = .assign(unit: units[random.next(below: units.count)], by: actor)
            case 3: input = .reopen(by: actor)
            case 4:
                guard let timer = Engine.pendingTimers(ticket.ticket).first else { continue }
                now = max(now, timer.due)
                input = .timer(timer)
            case 5, 6, 7:
                // Mostly valid moves, so that tickets travel the whole graph.
                let allowed = definition.events(from: ticket.ticket.state)
                guard !allowed.isEmpty else { continue }
                let event = allowed[random.next(below: allowed.count)]
                let roles = definition.workflow.transitions.filter {
                    $0.event.value == event && $0.from.contains { $0.value == ticket.ticket.state }
                }.flatMap { $0.roles.map(\.value) }
                input = .transition(
                    event, by: Actor(role: roles.isEmpty ? actor.role : roles[random.next(below: roles.count)]))
            default: input = .transition(events[random.next(below: events.count)], by: actor)
            }
            let before = ticket.ticket
            // `run` folds in place: the same events as `step`, the state their fold gives, and on a
            // refusal the state as it was.
            var inPlace: TicketState? = before
            let ran = Engine.run(definition, &inPlace, input, now: now)
            switch Engine.step(definition, before, input, now: now) {
            case .failure(let diagnostic):
                #expect(ran == .failure(diagnostic))
                #expect(inPlace == before)
                #expect(diagnostic.severity == .error)
                if before.isClosed, case .reopen = input {
                } else if before.isClosed, case .timer = input {
                } else if before.isClosed {
                    #expect(diagnostic.code == .ticketClosed || diagnostic.code == .unknownActorRole)
                }
            case .success(let new):
                #expect(!new.isEmpty)
                #expect(ran == .success(new))
                try ticket.run(input, at: now)
                #expect(inPlace == ticket.state)
                try checkInvariants(ticket.ticket, journal: ticket.journal, definition: definition, now: now)
            }
        }
        return ticket.journal
    }

    static func checkInvariants(_ state: TicketState, journal: [Event], definition: Definition, now: Instant) throws {
        #expect(definition.workflow.states.contains { $0.id.value == state.state })
        #expect(state.isClosed == definition.isTerminal(state.state))
        for clock in state.clocks {
            // The next timer is read from the copy of the first mark's due instant kept beside the marks.
            #expect(clock.firstDue == clock.marks.first?.due)
            #expect(clock.consumed >= 0)
            #expect(clock.target > 0)
            let remaining = try #require(try Engine.remaining(definition, state, sla: clock.sla, now: now))
            #expect(remaining <= clock.target)
            #expect(
                Array(clock.marks)
                    == clock.marks.sorted { ($0.threshold, $0.kind, $0.index) < ($1.threshold, $1.kind, $1.index) })
            if clock.status == .running {
                #expect(clock.marks.allSatisfy { $0.due.map { $0 > now || $0 == now } ?? false })
            }
        }
        if state.isClosed {
            #expect(state.clocks.allSatisfy { $0.status == .stopped })
            #expect(Engine.pendingTimers(state).isEmpty)
        }
        // Replaying the journal gives the same state; events survive a JSON round trip.
        #expect(try TicketState.replay(journal) == state)
        let data = try Event.encoder.encode(journal)
        #expect(try JSONDecoder().decode([Event].self, from: data) == journal)
        #expect(journal.map(\.sequence) == Array(1...journal.count))
        #expect(zip(journal, journal.dropFirst()).allSatisfy { $0.at <= $1.at })
    }

    @Test("invariants hold over 300 random tickets of 40 commands", arguments: 0..<6)
    func invariants(batch: Int) throws {
        var types: [String: Int] = [:]
        for seed in 0..<50 {
            for event in try Self.run(seed: UInt64(batch * 50 + seed), steps: 40) { types[event.type, default: 0] += 1 }
        }
        // The sequences reach every kind of event, so the invariants are checked where it matters.
        for type in [
            "transitioned", "routed", "assigned", "noted", "reporter_replied", "reopened", "clock_paused",
            "clock_resumed", "clock_stopped", "reminded", "breached", "escalated",
        ] {
            #expect(types[type, default: 0] > 0, "no '\(type)' in batch \(batch): \(types)")
        }
    }

    @Test("the same inputs give byte-identical events")
    func determinism() throws {
        for seed: UInt64 in [7, 99, 1234] {
            let first = try Event.encoder.encode(try Self.run(seed: seed, steps: 60))
            let second = try Event.encoder.encode(try Self.run(seed: seed, steps: 60))
            #expect(first == second)
        }
    }
}
