/// SLA clocks: starting, pausing, resuming and stopping them on state changes, and firing their marks.
///
/// A clock counts seconds of its measure (working time of the calendar, or elapsed time). Its target
/// is fixed in seconds when it starts: the working time between the start and the due instant the
/// calendar gives for the SLA's target. Pauses stop the count; the remaining seconds are added from
/// the resume instant, so remaining time is exact across pauses, weekends and holidays. Reminder
/// points, the breach and escalation steps are marks at consumed-second thresholds; while the clock
/// runs each mark has a due instant, and the first one is the clock's pending timer.
extension Session {
    /// Starts, stops, pauses or resumes every SLA clock as `state` is entered.
    mutating func enter(_ state: String, at instant: Instant) throws(Diagnostic) {
        guard let index = definition.stateIndex[state] else { return }
        try enter(stateAt: index, at: instant)
    }

    /// `enter(_:at:)` for the state at `index` of the definition.
    mutating func enter(stateAt index: Int, at instant: Instant) throws(Diagnostic) {
        let closes = definition.terminalStates[index]
        for sla in definition.slaPlans.indices {
            let effect = definition.effect(state: index, sla: sla)
            // Reading clocks by position copies no clock.
            let position = opened ? clockPosition(plan: sla) : nil
            let status = position.map { ticket.clocks[$0].status }
            let active = status.map { $0 != .stopped } ?? false
            // Nothing to start, stop, pause or resume: most states leave most clocks as they are.
            if effect == 0, !closes, status != .paused { continue }
            let plan = definition.slaPlans[sla]
            let pauses = effect & Definition.SLAEffect.pauses != 0
            if let position, active, effect & Definition.SLAEffect.stops != 0 || closes {
                let consumed = try definition.consumed(ticket.clocks, at: position, instant)
                let breached = ticket.clocks[position].breachedAt != nil
                try emit(
                    .clockStopped(.init(sla: plan.id, consumed: consumed, breached: breached)), at: instant, by: nil)
            } else if !active, effect & Definition.SLAEffect.starts != 0, !closes {
                try emit(
                    .clockStarted(try started(plan, at: instant, consumed: 0, paused: pauses)), at: instant, by: nil)
            } else if let position, active {
                if status == .running, pauses {
                    let consumed = try definition.consumed(ticket.clocks, at: position, instant)
                    try emit(.clockPaused(.init(sla: plan.id, consumed: consumed)), at: instant, by: nil)
                } else if status == .paused, !pauses {
                    let marks = try withDues(
                        Array(ticket.clocks[position].marks), measure: ticket.clocks[position].measure,
                        consumed: ticket.clocks[position].consumed, since: instant)
                    try emit(.clockResumed(.init(sla: plan.id, marks: marks)), at: instant, by: nil)
                }
            }
        }
    }

    /// The position in the ticket's clocks of the clock of the SLA at `sla` in the definition's plans.
    ///
    /// Clocks usually start in the plans' order, and a clock's id is the plan's own string: the clock
    /// at the plan's index is tried first, and its id compares equal without reading the characters.
    func clockPosition(plan sla: Int) -> Int? {
        let id = definition.slaPlans[sla].id
        if sla < ticket.clocks.count, ticket.clocks[sla].sla == id { return sla }
        return ticket.clockPosition(id)
    }

    /// The target of `plan` in seconds of its measure for a clock starting at `instant`: the measure
    /// from `instant` to the due instant the calendar gives for the SLA's target.
    func target(_ plan: Definition.SLAPlan, at instant: Instant) throws(Diagnostic) -> Int64 {
        try definition.measure(
            plan.measure, from: instant, to: try definition.calendar.adding(plan.target, to: instant))
    }

    /// The `clock_started` payload of `plan` at `instant`.
    ///
    /// `consumed` is time carried over by a migration: reminder points it has passed are not sent again.
    /// With `breachedAt`, the breach is carried too and the escalation ladder continues after the
    /// `escalationsTaken` steps already taken.
    func started(
        _ plan: Definition.SLAPlan, at instant: Instant, consumed: Int64, paused: Bool, breachedAt: Instant? = nil,
        escalationsTaken: Int = 0
    ) throws(Diagnostic) -> EventPayload.ClockStarted {
        let measure = plan.measure
        let calendar = definition.calendar
        let target = try target(plan, at: instant)
        var marks: [ClockMark] = []
        marks.reserveCapacity(plan.reminders.count + max(1, plan.escalations.count))
        for (index, reminder) in plan.reminders.enumerated() {
            let threshold: Int64
            switch reminder.point {
            case .percent(let percent): threshold = (target * Int64(percent) + 99) / 100
            case .offset(let offset):
                threshold = try definition.measure(measure, from: instant, to: try calendar.adding(offset, to: instant))
            }
            if consumed > 0 && threshold <= consumed { continue }
            marks.append(ClockMark(kind: .reminder, index: index, threshold: threshold))
        }
        if let breachedAt {
            marks += try escalationMarks(plan, target: target, breachedAt: breachedAt, skipping: escalationsTaken)
        } else {
            marks.append(ClockMark(kind: .breach, index: 0, threshold: target))
        }
        marks.sortByPrecedence()
        if !paused { try setDues(&marks, measure: measure, consumed: consumed, since: instant) }
        return .init(
            sla: plan.id, measure: measure, target: target, consumed: consumed, paused: paused,
            breachedAt: breachedAt, escalationsTaken: escalationsTaken, marks: marks)
    }

    /// Escalation marks after a breach at `breachedAt`: step k at the target plus the measure from the
    /// breach to `after_breach` later.
    func escalationMarks(_ plan: Definition.SLAPlan, target: Int64, breachedAt: Instant, skipping taken: Int)
        throws(Diagnostic) -> [ClockMark]
    {
        var marks: [ClockMark] = []
        marks.reserveCapacity(max(0, plan.escalations.count - taken))
        // By index: a step read whole is a copy of its located strings.
        for index in plan.escalations.indices where index >= taken {
            let later = try definition.calendar.adding(plan.escalations[index].afterBreach.value, to: breachedAt)
            let threshold = target + (try definition.measure(plan.measure, from: breachedAt, to: later))
            marks.append(ClockMark(kind: .escalation, index: index, threshold: threshold))
        }
        return marks
    }

    /// `marks` with the instants at which a clock running from `since` with `consumed` reaches them.
    func withDues(_ marks: [ClockMark], measure: ClockMeasure, consumed: Int64, since: Instant) throws(Diagnostic)
        -> [ClockMark]
    {
        var result = marks
        try setDues(&result, measure: measure, consumed: consumed, since: since)
        return result
    }

    /// Sets the due instant of every mark for a clock running from `since` with `consumed`.
    func setDues(_ marks: inout [ClockMark], measure: ClockMeasure, consumed: Int64, since: Instant)
        throws(Diagnostic)
    {
        guard measure == .working, !marks.isEmpty else {
            for index in marks.indices {
                marks[index].due = try definition.instant(
                    measure, after: marks[index].threshold - consumed, from: since)
            }
            return
        }
        // `calendar.addingWorkingSeconds` for each mark, with `since` located once.
        let calendar = definition.calendar
        var start: (position: WorkingCalendar.Position, worked: Int64)?
        for index in marks.indices {
            let seconds = marks[index].threshold - consumed
            guard seconds > 0 else {
                marks[index].due = since
                continue
            }
            if start == nil {
                let position = try calendar.locate(since)
                start = (position, calendar.workedUntil(position))
            }
            guard let (position, worked) = start else { continue }
            marks[index].due = calendar.instant(
                try calendar.positionReaching(worked, plus: seconds, after: position))
        }
    }

    /// Fires, in order, every mark of a running clock that is due by `now`.
    mutating func fireDueTimers() throws(Diagnostic) {
        while let (clock, mark) = try nextDue() {
            try fire(mark, of: clock)
        }
    }

    /// The position of the clock whose first mark is due earliest by `now`, and that mark.
    ///
    /// The earliest next timer (`Engine.nextTimerPosition`), if it is due. Positions, not clocks: a clock
    /// holds its marks inline, and a copy of it is a few hundred bytes.
    private func nextDue() throws(Diagnostic) -> (Int, ClockMark)? {
        guard opened else { throw .unknownTicket(id) }
        guard let (best, due) = Engine.nextTimerPosition(ticket.clocks), due <= now,
            let mark = ticket.clocks[best].marks.first
        else { return nil }
        return (best, mark)
    }

    private mutating func fire(_ mark: ClockMark, of position: Int) throws(Diagnostic) {
        // Fields, not the clock: a copy of it alive while the fold removes the mark would copy the marks.
        let sla = ticket.clocks[position].sla
        guard let plan = definition.plan(sla), let due = mark.due else {
            throw .corruptJournal(ticket: id, sequence: ticket.eventCount, "clock '\(sla)' is not defined")
        }
        let unit = ticket.unit
        switch mark.kind {
        case .reminder:
            guard plan.reminders.indices.contains(mark.index) else {
                throw .corruptJournal(
                    ticket: id, sequence: ticket.eventCount, "no reminder \(mark.index) on '\(sla)'")
            }
            let reminder = plan.reminders[mark.index]
            try emit(
                .reminded(
                    .init(
                        sla: sla, index: mark.index, point: reminder.text, notify: reminder.notify,
                        unit: unit)), at: due, by: nil)
        case .breach:
            var escalations = try escalationMarks(
                plan, target: ticket.clocks[position].target, breachedAt: due, skipping: 0)
            if let since = ticket.clocks[position].since {
                try setDues(
                    &escalations, measure: ticket.clocks[position].measure,
                    consumed: ticket.clocks[position].consumed, since: since)
            }
            try emit(.breached(.init(sla: sla, unit: unit, escalations: escalations)), at: due, by: nil)
        case .escalation:
            guard plan.escalations.indices.contains(mark.index) else {
                throw .corruptJournal(
                    ticket: id, sequence: ticket.eventCount, "no escalation \(mark.index) on '\(sla)'")
            }
            let step = mark.index
            try emit(
                .escalated(
                    .init(
                        sla: sla, step: step, action: plan.escalations[step].action.value.rawValue,
                        text: plan.escalations[step].text?.value, notify: plan.escalations[step].notify?.value,
                        unit: unit, reassignTo: plan.escalations[step].reassignTo?.value)), at: due, by: nil)
        }
    }
}

extension MutableCollection where Element == ClockMark, Index == Int {
    /// Sorts by `ClockMark.precedes`, by insertion: a clock has a handful of marks, mostly in order
    /// already, and the library's sort would allocate a buffer for them.
    mutating func sortByPrecedence() {
        guard count > 1 else { return }
        for next in (startIndex + 1)..<endIndex {
            var index = next
            while index > startIndex, ClockMark.precedes(self[index], self[index - 1]) {
                swapAt(index, index - 1)
                index -= 1
            }
        }
    }
}
