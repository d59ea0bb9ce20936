import Foundation
import GRDB
import Lapor

/// The daily report Biro Humas keeps: per unit, what came in and was answered on a day, what is in
/// process and overdue at the end of it, and the himbauan/rekomendasi lines sent about late tickets.
public struct DailyReport: Hashable, Sendable, Encodable {
    /// One unit's figures.
    public struct UnitLine: Hashable, Sendable, Encodable {
        /// The unit id (`-` for tickets not yet routed).
        public var unit: String
        /// Tickets routed or assigned to the unit that day.
        public var received = 0
        /// Tickets whose SLA clock stopped that day (answered), within the target.
        public var answered = 0
        /// Of those, answered after the target.
        public var answeredLate = 0
        /// Open tickets with a running or paused clock at the end of the day.
        public var inProcess = 0
        /// Of those, the ones past the target, with working days late.
        public var overdue: [Overdue] = []
        /// Daily-report lines (himbauan, rekomendasi) issued that day.
        public var lines: [String] = []

        enum CodingKeys: String, CodingKey {
            case unit, received, answered, overdue, lines
            case answeredLate = "answered_late"
            case inProcess = "in_process"
        }
    }

    /// A ticket past its target at the end of the day.
    public struct Overdue: Hashable, Sendable, Encodable {
        /// Ticket id.
        public var ticket: String
        /// Category.
        public var category: String
        /// When the target passed.
        public var due: String
        /// Working days after the due date up to the report's date.
        public var daysLate: Int

        enum CodingKeys: String, CodingKey {
            case ticket, category, due
            case daysLate = "days_late"
        }
    }

    /// The day (local date of the calendar).
    public var date: String
    /// The SLA that counts as "answered".
    public var sla: String
    /// Units in id order.
    public var units: [UnitLine]
}

extension TicketStore {
    /// The daily report for `date` (local to the calendar of `definitions`), as of the end of that day.
    ///
    /// Replays the journal up to the end of the day ticket by ticket (memory does not grow with the
    /// journal), so a report for a past day shows that day as it was. `sla` is the clock whose stop
    /// counts as an answer (`respon` in both shipped workflows); `unit` keeps one unit.
    public func dailyReport(date: LocalDate, sla: String = "respon", unit: String? = nil, definitions: DefinitionSet)
        throws(Diagnostic) -> DailyReport
    {
        guard let calendar = definitions.all.first?.calendar else {
            throw .noWorkflowInEffect(date: date.description, inEffect: [], known: [])
        }
        let start = Instant(date: date, secondOfDay: 0, offset: calendar.offset)
        let end = Instant(secondsSinceEpoch: start.secondsSinceEpoch + 86_400)
        var units: [String: DailyReport.UnitLine] = [:]
        func update(_ unit: String?, _ change: (inout DailyReport.UnitLine) -> Void) {
            let key = unit ?? "-"
            change(&units[key, default: DailyReport.UnitLine(unit: key)])
        }
        var lateness: [(unit: String?, ticket: TicketState, breachedAt: Instant)] = []
        try read { db in
            try Self.foldTickets(db, until: end) { event, state in
                guard event.at >= start else { return }
                switch event.payload {
                case .routed(let routed): update(routed.unit) { $0.received += 1 }
                case .assigned(let assigned): update(assigned.unit) { $0.received += 1 }
                case .clockStopped(let stopped) where stopped.sla == sla:
                    update(state.unit) { line in
                        line.answered += 1
                        if stopped.breached { line.answeredLate += 1 }
                    }
                case .escalated(let escalated):
                    for message in OutboxMessage.messages(for: event, ticket: state, calendar: calendar)
                    where message.channel == "daily_report" {
                        update(escalated.unit) { $0.lines.append(message.text) }
                    }
                default: break
                }
            } _: { state in
                guard !state.isClosed, let clock = state.clock(sla), clock.status != .stopped else { return }
                update(state.unit) { $0.inProcess += 1 }
                if let breachedAt = clock.breachedAt { lateness.append((state.unit, state, breachedAt)) }
            } onCorrupt: { diagnostic in
                throw Refused(diagnostic: diagnostic)
            }
        }
        for (unit, ticket, breachedAt) in lateness {
            var days = 0
            var day = breachedAt.localDate(at: calendar.offset)
            while day < date {
                day = LocalDate(daysSinceEpoch: day.daysSinceEpoch + 1)
                if try calendar.isWorkingDay(day) { days += 1 }
            }
            update(unit) {
                $0.overdue.append(
                    DailyReport.Overdue(
                        ticket: ticket.id, category: ticket.category, due: breachedAt.formatted(at: calendar.offset),
                        daysLate: days))
            }
        }
        var lines = units.values.sorted { $0.unit < $1.unit }
        if let unit { lines = lines.filter { $0.unit == unit } }
        for index in lines.indices { lines[index].overdue.sort { ($0.daysLate, $0.ticket) > ($1.daysLate, $1.ticket) } }
        return DailyReport(date: date.description, sla: sla, units: lines)
    }
}
