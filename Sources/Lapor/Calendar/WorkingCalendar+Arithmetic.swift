extension WorkingCalendar {
    // MARK: Days

    /// The kind of `date`: working day, weekend, holiday or cuti bersama; `LAP501` outside the declared years.
    public func dayKind(_ date: LocalDate) throws(Diagnostic) -> DayKind {
        kind(at: try dayIndex(date))
    }

    /// Whether `date` is a working day; `LAP501` outside the declared years.
    public func isWorkingDay(_ date: LocalDate) throws(Diagnostic) -> Bool {
        days[try dayIndex(date)].kind == .working
    }

    /// The working intervals of `date` with breaks removed (empty on non-working days); `LAP501` outside the
    /// declared years.
    public func workingIntervals(on date: LocalDate) throws(Diagnostic) -> [TimeRange] {
        let entry = days[try dayIndex(date)]
        return slice(of: entry).map { interval in
            TimeRange(
                start: TimeOfDay(minutes: Int(interval.start) / 60), end: TimeOfDay(minutes: Int(interval.end) / 60))
        }
    }

    // MARK: Instants

    /// The instant from which working time is counted for `instant` — THE rule for instants outside working time.
    ///
    /// An instant inside a working interval (start inclusive, end exclusive) stays where it is. An instant
    /// before the day's first interval, during a break, at or after the day's last end, or on a weekend,
    /// holiday or cuti bersama day moves to the start of the next working interval. Fails with `LAP501`
    /// when `instant` or that next interval lies in a year the calendar does not declare.
    public func nextWorkingStart(atOrAfter instant: Instant) throws(Diagnostic) -> Instant {
        let position = try locate(instant)
        let start = try nextWorkingPosition(position)
        return start == position ? instant : self.instant(start)
    }

    /// `instant` plus `duration`.
    ///
    /// - `working_hours`: from the normalized start (`nextWorkingStart`), walk N×60 working minutes; the
    ///   result is the earliest instant at which they have elapsed (so it may be the end of an interval).
    /// - `working_days`: from the normalized start, the same working time into the day (working seconds
    ///   since the day's first start) on the N-th following working day, clamped to that day's working
    ///   length (then the day's end); within a day an offset on a break boundary gives the later start.
    /// - `days`, `hours`: plain elapsed time (24 h, 1 h) from `instant`; the calendar is not consulted.
    ///
    /// Fails with `LAP503` for a negative amount and `LAP501` when working time must be counted in a year
    /// the calendar does not declare.
    public func adding(_ duration: Duration, to instant: Instant) throws(Diagnostic) -> Instant {
        guard duration.amount >= 0 else { throw .negativeDuration(duration.description, at: location) }
        switch duration.unit {
        case .days: return try elapsed(duration, seconds: 86_400, from: instant)
        case .hours: return try elapsed(duration, seconds: 3_600, from: instant)
        case .workingHours, .workingDays: return self.instant(try advance(try locate(instant), by: duration))
        }
    }

    /// `instant` plus `minutes` working minutes: the earliest instant at which that much working time has
    /// elapsed after the normalized start; 0 gives the normalized start. `LAP503` if negative.
    ///
    /// For `minutes > 0`, `workingMinutes(from: t, to: addingWorkingMinutes(minutes, to: t)) == minutes`.
    public func addingWorkingMinutes(_ minutes: Int, to instant: Instant) throws(Diagnostic) -> Instant {
        guard minutes >= 0 else { throw .negativeDuration("\(minutes) working minutes", at: location) }
        let (seconds, overflow) = minutes.multipliedReportingOverflow(by: 60)
        let position = try locate(instant)
        guard !overflow else { throw notCovered(dayIndex: Int(days[position.day].segmentEnd)) }
        return self.instant(try advance(position, bySeconds: Int64(seconds)))
    }

    /// Working minutes between two instants (whole minutes, rounded down); 0 when `end <= start`.
    public func workingMinutes(from start: Instant, to end: Instant) throws(Diagnostic) -> Int {
        Int(try workingSeconds(from: start, to: end) / 60)
    }

    /// `instant` plus `seconds` working seconds: the earliest instant at which that much working time has
    /// elapsed after the normalized start; 0 gives the normalized start. `LAP503` if negative.
    ///
    /// SLA clocks count in seconds so that remaining time stays exact across pauses.
    public func addingWorkingSeconds(_ seconds: Int64, to instant: Instant) throws(Diagnostic) -> Instant {
        guard seconds >= 0 else { throw .negativeDuration("\(seconds) working seconds", at: location) }
        return self.instant(try advance(try locate(instant), bySeconds: seconds))
    }

    /// Working seconds between two instants; 0 when `end <= start`.
    public func workingSeconds(from start: Instant, to end: Instant) throws(Diagnostic) -> Int64 {
        guard start < end else { return 0 }
        let from = try locate(start)
        let segmentEnd = Int(days[from.day].segmentEnd)
        var endDay = end.localDay(at: offset) - Int64(firstDay)
        var endSecond = Int32(end.secondOfDay(at: offset))
        if endDay == Int64(segmentEnd), endSecond == 0 {
            // Midnight after the segment's last day is that day's 24:00.
            endDay -= 1
            endSecond = 86_400
        }
        guard endDay < Int64(segmentEnd) else { throw notCovered(dayIndex: segmentEnd) }
        return workedUntil(Position(day: Int(endDay), second: endSecond)) - workedUntil(from)
    }

    // MARK: Internals

    /// A place in the day table: a day index and seconds after local midnight.
    struct Position: Equatable {
        var day: Int
        var second: Int32
    }

    func kind(at index: Int) -> DayKind {
        let entry = days[index]
        let label = entry.nameIndex >= 0 ? names[Int(entry.nameIndex)] : ""
        switch entry.kind {
        case .working: return .working
        case .weekend, .uncovered: return .weekend
        case .holiday: return .holiday(label)
        case .cutiBersama: return .cutiBersama(label)
        }
    }

    func dayIndex(_ date: LocalDate) throws(Diagnostic) -> Int {
        let index = date.daysSinceEpoch - firstDay
        guard index >= 0, index < days.count, days[index].kind != .uncovered else {
            throw notCovered(year: date.year)
        }
        return index
    }

    func notCovered(year: Int) -> Diagnostic {
        let nearest = years.min { abs($0 - year) < abs($1 - year) } ?? year
        return .calendarYearNotCovered(name, year: year, at: yearLocations[nearest] ?? location)
    }

    func notCovered(dayIndex: Int) -> Diagnostic {
        notCovered(year: LocalDate(daysSinceEpoch: firstDay + dayIndex).year)
    }

    func locate(_ instant: Instant) throws(Diagnostic) -> Position {
        let localDay = instant.localDay(at: offset)
        let index = localDay - Int64(firstDay)
        guard index >= 0, index < Int64(days.count), days[Int(index)].kind != .uncovered else {
            throw notCovered(year: LocalDate(daysSinceEpoch: Int(localDay)).year)
        }
        return Position(day: Int(index), second: Int32(instant.secondOfDay(at: offset)))
    }

    func instant(_ position: Position) -> Instant {
        let local = Int64(firstDay + position.day) * 86_400 + Int64(position.second)
        return Instant(secondsSinceEpoch: local - Int64(offset.seconds))
    }

    func slice(of entry: DayEntry) -> ArraySlice<WorkInterval> {
        let first = Int(entry.firstInterval)
        return intervals[first..<first + Int(entry.intervalCount)]
    }

    /// Working seconds of the position's day before it.
    func workedBefore(_ position: Position) -> Int32 {
        var worked: Int32 = 0
        for interval in slice(of: days[position.day]) {
            if position.second <= interval.start { break }
            if position.second < interval.end { return interval.before + position.second - interval.start }
            worked = interval.before + interval.end - interval.start
        }
        return worked
    }

    /// Working seconds from the table's start up to `position`.
    func workedUntil(_ position: Position) -> Int64 {
        days[position.day].cumulativeSeconds + Int64(workedBefore(position))
    }

    /// The normalization rule on table positions.
    func nextWorkingPosition(_ position: Position) throws(Diagnostic) -> Position {
        let entry = days[position.day]
        for interval in slice(of: entry) where position.second < interval.end {
            return Position(day: position.day, second: max(position.second, interval.start))
        }
        let next = Int(entry.ordinal) + (entry.kind == .working ? 1 : 0)
        guard next < workingDayIndices.count, workingDayIndices[next] < entry.segmentEnd else {
            throw notCovered(dayIndex: Int(entry.segmentEnd))
        }
        let day = Int(workingDayIndices[next])
        return Position(day: day, second: intervals[Int(days[day].firstInterval)].start)
    }

    /// The due position of a non-negative working-time `duration` from `position`.
    func advance(_ position: Position, by duration: Duration) throws(Diagnostic) -> Position {
        guard duration.unit == .workingHours else { return try advance(position, byWorkingDays: duration.amount) }
        let (seconds, overflow) = duration.amount.multipliedReportingOverflow(by: 3_600)
        guard !overflow else { throw notCovered(dayIndex: Int(days[position.day].segmentEnd)) }
        return try advance(position, bySeconds: Int64(seconds))
    }

    /// The earliest position at which `seconds` working seconds have elapsed after `position`.
    func advance(_ position: Position, bySeconds seconds: Int64) throws(Diagnostic) -> Position {
        guard seconds > 0 else { return try nextWorkingPosition(position) }
        return try positionReaching(workedUntil(position), plus: seconds, after: position)
    }

    /// The earliest position at which `worked + seconds` working seconds (counted from the table's
    /// start) have elapsed, for a `worked` read at `start` (`workedUntil(start)`) and `seconds > 0`.
    ///
    /// Several due instants from one start (the marks of a clock) locate the start once.
    func positionReaching(_ worked: Int64, plus seconds: Int64, after start: Position) throws(Diagnostic) -> Position {
        let segmentEnd = Int(days[start.day].segmentEnd)
        let available: Int64
        if segmentEnd < days.count {
            available = days[segmentEnd].cumulativeSeconds
        } else if let last = days.last {
            available = last.cumulativeSeconds + Int64(last.totalSeconds)
        } else {
            available = 0
        }
        let (target, overflow) = worked.addingReportingOverflow(seconds)
        guard !overflow, target <= available else { throw notCovered(dayIndex: segmentEnd) }
        // The first day whose working time reaches the target (running totals never decrease).
        var low = start.day
        var high = segmentEnd - 1
        while low < high {
            let middle = (low + high) / 2
            if days[middle].cumulativeSeconds + Int64(days[middle].totalSeconds) >= target {
                high = middle
            } else {
                low = middle + 1
            }
        }
        let remaining = Int32(target - days[low].cumulativeSeconds)
        var second: Int32 = 0
        for interval in slice(of: days[low]) {
            second = interval.end
            if remaining <= interval.before + interval.end - interval.start {
                second = interval.start + remaining - interval.before
                break
            }
        }
        return Position(day: low, second: second)
    }

    /// The working-days rule: the same working offset into the N-th following working day, clamped.
    func advance(_ position: Position, byWorkingDays count: Int) throws(Diagnostic) -> Position {
        let start = try nextWorkingPosition(position)
        let entry = days[start.day]
        let index = Int(entry.ordinal) + min(count, workingDayIndices.count)
        guard index < workingDayIndices.count, workingDayIndices[index] < entry.segmentEnd else {
            throw notCovered(dayIndex: Int(entry.segmentEnd))
        }
        return positionInDay(Int(workingDayIndices[index]), atWorkingOffset: workedBefore(start))
    }

    /// The instant `offset` working seconds into a working day (the later start on a break boundary),
    /// or the day's end when the day is shorter.
    func positionInDay(_ day: Int, atWorkingOffset offset: Int32) -> Position {
        var second: Int32 = 0
        for interval in slice(of: days[day]) {
            second = interval.end
            if offset < interval.before + interval.end - interval.start {
                second = interval.start + offset - interval.before
                break
            }
        }
        return Position(day: day, second: second)
    }

    private func elapsed(_ duration: Duration, seconds unit: Int, from instant: Instant) throws(Diagnostic)
        -> Instant
    {
        let (seconds, overflow) = duration.amount.multipliedReportingOverflow(by: unit)
        guard !overflow, let result = instant.adding(seconds: Int64(seconds)), result.localDate(at: offset).year <= 9999
        else {
            throw .invalidValue(
                "duration", value: duration.description, expected: "an amount that stays before the year 10000",
                at: location)
        }
        return result
    }
}
