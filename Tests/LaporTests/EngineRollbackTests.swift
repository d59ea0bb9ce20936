import Foundation
import Testing

@testable import Lapor

/// `Engine.run` leaves the ticket as it was on a refusal: without a copy when every refusal of the
/// step comes before its first event, with one otherwise.
@Suite("Engine.run: refusals leave the ticket as it was")
struct EngineRollbackTests {
    /// Runs `input` with `Engine.run` and returns the diagnostic; records an issue on success.
    static func refusal(_ state: inout TicketState?, _ input: Input, at now: String) -> Diagnostic? {
        switch Engine.run(Shipped.menaker, &state, input, now: moment(now)) {
        case .success(let events):
            Issue.record("expected a refusal, got \(events.types)")
            return nil
        case .failure(let diagnostic): return diagnostic
        }
    }

    @Test("a refusal before any event: no copy is needed and the ticket is unchanged")
    func beforeEffects() throws {
        var state = try EngineCommandTests.disposed().state
        let before = state
        let input = Input.transition("return", by: unitActor)
        #expect(
            Engine.refusesBeforeEffects(Shipped.menaker, state?.clocks, input, now: moment("2025-07-07T11:00+07:00")))
        #expect(Self.refusal(&state, input, at: "2025-07-07T11:00+07:00")?.code == .roleNotAllowed)
        #expect(state == before)
        #expect(Self.refusal(&state, .note(" ", by: humas), at: "2025-07-07T11:00+07:00")?.code == .invalidCommand)
        #expect(state == before)
    }

    @Test("a refusal after due timers fired restores the ticket without their events")
    func afterTimers() throws {
        var state = try EngineCommandTests.disposed().state
        let before = state
        // Six weeks later the reminders and the breaches of `respon` are due: they fire before the
        // command is checked, and the refusal must undo them.
        let input = Input.transition("return", by: unitActor)
        let now = "2025-08-18T09:00+07:00"
        #expect(!Engine.refusesBeforeEffects(Shipped.menaker, state?.clocks, input, now: moment(now)))
        let due = try Engine.step(Shipped.menaker, state, .transition("accept", by: unitActor), now: moment(now)).get()
        #expect(due.types.contains("breached"))
        #expect(Self.refusal(&state, input, at: now)?.code == .roleNotAllowed)
        #expect(state == before)
    }

    @Test("a step whose due instants fall past the last calendar fails after its first event and is undone")
    func pastTheCalendar() throws {
        // Opened late in the last declared year and put on hold; resuming at the end of December
        // computes `respon`'s remaining due instants in 2028, which has no calendar.
        var state: TicketState?
        let opening = OpenTicket(id: "LM-9", category: "upah", labels: ["thr"])
        _ = try Engine.run(Shipped.menaker, &state, .open(opening, by: reporter), now: moment("2027-10-18T09:00+07:00"))
            .get()
        _ = try Engine.run(
            Shipped.menaker, &state, .transition("hold", by: humas), now: moment("2027-10-18T10:00+07:00")
        )
        .get()
        let before = state
        let now = "2027-12-27T09:00+07:00"
        let input = Input.transition("resume", by: humas)
        #expect(!Engine.refusesBeforeEffects(Shipped.menaker, state?.clocks, input, now: moment(now)))
        let diagnostic = try #require(Self.refusal(&state, input, at: now))
        #expect(diagnostic.code == .calendarYearNotCovered)
        #expect(state == before)
    }

    @Test(
        "the calendar-safe range runs from the first calendar day to a midnight twice the longest span before the end")
    func safeRange() throws {
        let safe = try #require(Shipped.menaker.calendarSafe)
        // The shipped calendars are 2025, 2026 and 2027.
        #expect(local(safe.lowerBound) == "2025-01-01T00:00+07:00")
        let end = moment("2028-01-01T00:00+07:00")
        // The longest span of lapor-menaker is `penyelesaian`: 60 days, then 1 working day after the
        // breach; twice that is more than 120 days, and less than 130 days with weekends and holidays.
        let days = (end.secondsSinceEpoch - safe.upperBound.secondsSinceEpoch) / 86_400
        #expect(days > 120 && days < 130, "\(local(safe.upperBound))")
        #expect(safe.upperBound.secondsSinceEpoch % 86_400 == 17 * 3_600)  // a Jakarta midnight
        // A calendar with a gap between its years has no safe range.
        let gap =
            DefinitionHashTests.base + """
                ---
                apiVersion: lapor/v1
                kind: Calendar
                metadata: {name: cal}
                year: 2028
                time_zone: Asia/Jakarta
                working_days: [mon, tue, wed, thu, fri]
                working_hours:
                  - {days: [mon, tue, wed, thu, fri], start: "07:30", end: "15:30"}
                """
        #expect(try DefinitionHashTests.definition(gap).calendarSafe == nil)
        #expect(try DefinitionHashTests.definition(DefinitionHashTests.base).calendarSafe != nil)
    }
}
