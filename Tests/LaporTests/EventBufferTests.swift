import Foundation
import Testing

@testable import Lapor

/// The interpreter builds each event in place (`EventBuffer`): the events must be exactly those the
/// `Event` initializer builds, in order, however many a step emits.
@Suite("EventBuffer: events built in place")
struct EventBufferTests {
    @Test("Event has the five stored properties the buffer initializes")
    func storedProperties() {
        let event = Event(
            ticket: "LM-1", sequence: 1, at: Instant(secondsSinceEpoch: 0), actor: nil,
            payload: .noted(.init(text: "x")))
        // A property added to Event would be left uninitialized by `EventBuffer.append(ticket:…)`.
        #expect(Mirror(reflecting: event).children.map(\.label) == ["ticket", "sequence", "at", "actor", "payload"])
    }

    @Test("events built in lent space and then on the heap equal the initializer's, in order")
    func lentThenGrown() {
        let expected = (1...19).map { number in
            Event(
                ticket: "LM-2026-\(String(repeating: "0", count: 20))\(number)", sequence: number,
                at: Instant(secondsSinceEpoch: Int64(number) * 60),
                actor: number.isMultiple(of: 2) ? Actor(role: "humas", id: "petugas-\(number)") : nil,
                payload: number.isMultiple(of: 3)
                    ? .noted(.init(text: "catatan nomor \(number), cukup panjang untuk disimpan di heap"))
                    : .assigned(.init(unit: "UNIT_\(number)", previous: nil)))
        }
        let space = UnsafeMutableBufferPointer<Event>.allocate(capacity: 2)
        defer { space.deallocate() }
        var buffer = EventBuffer(lending: space)
        for event in expected {
            buffer.append(
                ticket: event.ticket, sequence: event.sequence, at: event.at, actor: event.actor, payload: event.payload
            )
        }
        #expect(buffer.take() == expected)
        #expect(buffer.take().isEmpty)
        // Events left in the buffer are destroyed with it, and lent space is not freed by it.
        buffer.append(expected[0])
    }

    @Test("a step that fires more timers than the stack space holds returns every event, folded alike")
    func manyEventsInOneStep() throws {
        var ticket = try EngineCommandTests.disposed()
        let before = try #require(ticket.state)
        // Six weeks after opening (Monday 7 July 2025, 09:00): every reminder, the breach and the
        // escalation steps of `respon` and the first reminder of `penyelesaian` are due before the note.
        let events = try ticket.run(.note("masih menunggu", by: humas), at: "2025-08-18T09:00+07:00")
        // respon (14 working days of 7.5 h from Mon 7 Jul 09:00; no holiday in July 2025): 50 % on
        // Wed 16 Jul 09:00, 80 % (11.2 days) on Tue 22 Jul 10:30, 100 % and the breach on Fri 25 Jul
        // 09:00, escalations 1, 5 and 10 working days after it (28 Jul, 1 Aug, 8 Aug); penyelesaian
        // (60 days): 50 % on 6 Aug 09:00. Nine events, more than the seven the stack space holds.
        #expect(
            events.map { "\($0.type) \(local($0.at))" } == [
                "reminded 2025-07-16T09:00+07:00", "reminded 2025-07-22T10:30+07:00",
                "reminded 2025-07-25T09:00+07:00", "breached 2025-07-25T09:00+07:00",
                "escalated 2025-07-28T09:00+07:00", "escalated 2025-08-01T09:00+07:00",
                "reminded 2025-08-06T09:00+07:00", "escalated 2025-08-08T09:00+07:00",
                "noted 2025-08-18T09:00+07:00",
            ])
        #expect(events.map(\.sequence) == Array((before.eventCount + 1)...(before.eventCount + events.count)))
        var replayed: TicketState? = before
        for event in events { replayed = try TicketState.apply(event, to: replayed) }
        var stepped: TicketState? = before
        _ = try Engine.run(
            Shipped.menaker, &stepped, .note("masih menunggu", by: humas), now: moment("2025-08-18T09:00+07:00")
        ).get()
        #expect(replayed == stepped)
    }
}
