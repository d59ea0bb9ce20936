import Foundation

/// A dated day of a calendar with its kind: a non-working date skipped while counting, or a listed holiday.
public struct CalendarDay: Hashable, Sendable {
    /// The date.
    public var date: LocalDate
    /// Why it is (or is not) a working day.
    public var kind: DayKind

    /// Creates a calendar day.
    public init(date: LocalDate, kind: DayKind) {
        self.date = date
        self.kind = kind
    }
}

/// Why counting did not start at the given instant (see `WorkingCalendar.nextWorkingStart(atOrAfter:)`).
public enum StartAdjustment: Hashable, Sendable, CustomStringConvertible {
    /// The instant was before the day's first working interval.
    case beforeWorkingHours
    /// The instant was in a break between working intervals.
    case inBreak
    /// The instant was at or after the day's last working interval ended.
    case afterWorkingHours
    /// The instant was on a day that is not a working day.
    case nonWorkingDay(DayKind)

    /// A short phrase, e.g. `during a break` or `not a working day (weekend)`.
    public var description: String {
        switch self {
        case .beforeWorkingHours: "before working hours"
        case .inBreak: "during a break"
        case .afterWorkingHours: "after working hours"
        case .nonWorkingDay(let kind): "not a working day (\(kind))"
        }
    }
}

/// How a due instant was computed: the start, where counting began and why, and every date passed over.
public struct DueExplanation: Hashable, Sendable {
    /// The instant given.
    public var from: Instant
    /// The duration added.
    public var duration: Duration
    /// Where counting started: the normalized start for working time, `from` itself for elapsed time.
    public var countingFrom: Instant
    /// Why `countingFrom` differs from `from`, if it does.
    public var adjustment: StartAdjustment?
    /// The due instant.
    public var due: Instant
    /// Non-working dates from `from`'s date through the due date (empty for elapsed time).
    public var skipped: [CalendarDay]
    /// Working days after the counting start's date up to and including the due date (N for N working days).
    public var workingDays: Int

    /// Creates an explanation.
    public init(
        from: Instant, duration: Duration, countingFrom: Instant, adjustment: StartAdjustment?, due: Instant,
        skipped: [CalendarDay], workingDays: Int
    ) {
        self.from = from
        self.duration = duration
        self.countingFrom = countingFrom
        self.adjustment = adjustment
        self.due = due
        self.skipped = skipped
        self.workingDays = workingDays
    }

    /// A human description with instants shown at `offset`, as `lapor calendar due --explain` prints it.
    public func render(at offset: UTCOffset) -> String {
        func stamp(_ instant: Instant) -> String {
            "\(instant.formatted(at: offset)) (\(instant.localDate(at: offset).weekday.label))"
        }
        var lines = ["from:      \(stamp(from))", "adding:    \(duration)"]
        guard duration.unit.isWorkingTime else {
            lines.append("due:       \(stamp(due))")
            lines.append("elapsed time: working hours, holidays and cuti bersama do not apply")
            return lines.joined(separator: "\n") + "\n"
        }
        if let adjustment {
            lines.append("counting:  from \(stamp(countingFrom)); the given instant is \(adjustment)")
        } else {
            lines.append("counting:  from the given instant (inside working hours)")
        }
        lines.append("due:       \(stamp(due))")
        lines.append("working days after the start date: \(workingDays)")
        lines.append("non-working dates passed over: \(skipped.count)")
        for day in skipped {
            lines.append("  \(day.date) \(day.date.weekday.label)  \(day.kind)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The explanation as pretty JSON (sorted keys), instants at `offset`.
    public func json(at offset: UTCOffset) -> String {
        let document = JSONDue(
            from: from.formatted(at: offset), duration: duration.description,
            countingFrom: countingFrom.formatted(at: offset), adjustment: adjustment?.description,
            due: due.formatted(at: offset), workingDays: duration.unit.isWorkingTime ? workingDays : nil,
            skipped: skipped.map(JSONDay.init))
        return encodeJSON(document)
    }
}

/// The holidays and cuti bersama of one year of a calendar, as `lapor calendar holidays` lists them.
public struct HolidayListing: Hashable, Sendable {
    /// The calendar's name.
    public var calendar: String
    /// The year listed.
    public var year: Int
    /// The calendar's time zone.
    public var timeZone: String
    /// The zone's fixed UTC offset.
    public var offset: UTCOffset
    /// Holidays and cuti bersama days, by date (weekend holidays included).
    public var days: [CalendarDay]

    /// Creates a listing.
    public init(calendar: String, year: Int, timeZone: String, offset: UTCOffset, days: [CalendarDay]) {
        self.calendar = calendar
        self.year = year
        self.timeZone = timeZone
        self.offset = offset
        self.days = days
    }

    /// One line per day after a summary line.
    public func render() -> String {
        let holidays = days.filter { if case .holiday = $0.kind { true } else { false } }.count
        let leave = days.count - holidays
        var lines = [
            "calendar \(calendar), \(year) (\(timeZone), UTC\(offset)): \(holidays) holidays, \(leave) cuti bersama"
        ]
        for day in days {
            let (kind, name) = Self.split(day.kind)
            lines.append(
                "\(day.date) \(day.date.weekday.label)  \(kind.padding(toLength: 12, withPad: " ", startingAt: 0))  \(name)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The listing as pretty JSON (sorted keys).
    public func json() -> String {
        encodeJSON(
            JSONHolidays(
                calendar: calendar, year: year, timeZone: timeZone, offset: offset.description,
                days: days.map(JSONDay.init)))
    }

    static func split(_ kind: DayKind) -> (kind: String, name: String) {
        switch kind {
        case .working: ("working", "")
        case .weekend: ("weekend", "")
        case .holiday(let name): ("holiday", name)
        case .cutiBersama(let name): ("cuti bersama", name)
        }
    }
}

extension WorkingCalendar {
    /// `instant` plus `duration`, with the counting start, every non-working date passed over and the number
    /// of working days; fails like `adding(_:to:)`.
    public func explainDue(from instant: Instant, adding duration: Duration) throws(Diagnostic) -> DueExplanation {
        guard duration.unit.isWorkingTime else {
            let due = try adding(duration, to: instant)
            return DueExplanation(
                from: instant, duration: duration, countingFrom: instant, adjustment: nil, due: due, skipped: [],
                workingDays: 0)
        }
        guard duration.amount >= 0 else { throw .negativeDuration(duration.description, at: location) }
        let position = try locate(instant)
        let start = try nextWorkingPosition(position)
        let end = try advance(position, by: duration)
        var adjustment: StartAdjustment?
        if start != position {
            let entry = days[position.day]
            let dayIntervals = slice(of: entry)
            if entry.kind != .working {
                adjustment = .nonWorkingDay(kind(at: position.day))
            } else if let first = dayIntervals.first, position.second < first.start {
                adjustment = .beforeWorkingHours
            } else if let last = dayIntervals.last, position.second >= last.end {
                adjustment = .afterWorkingHours
            } else {
                adjustment = .inBreak
            }
        }
        var skipped: [CalendarDay] = []
        if position.day <= end.day {
            for day in position.day...end.day where days[day].kind != .working {
                skipped.append(CalendarDay(date: LocalDate(daysSinceEpoch: firstDay + day), kind: kind(at: day)))
            }
        }
        return DueExplanation(
            from: instant, duration: duration, countingFrom: self.instant(start), adjustment: adjustment,
            due: self.instant(end), skipped: skipped, workingDays: Int(days[end.day].ordinal - days[start.day].ordinal))
    }

    /// The holidays and cuti bersama of `year`, by date; `LAP501` if the calendar does not declare it.
    public func holidayListing(year: Int) throws(Diagnostic) -> HolidayListing {
        guard years.contains(year), let first = LocalDate(year: year, month: 1, day: 1) else {
            throw notCovered(year: year)
        }
        let start = try dayIndex(first)
        var listed: [CalendarDay] = []
        var index = start
        while index < days.count, LocalDate(daysSinceEpoch: firstDay + index).year == year {
            switch days[index].kind {
            case .holiday, .cutiBersama:
                listed.append(CalendarDay(date: LocalDate(daysSinceEpoch: firstDay + index), kind: kind(at: index)))
            case .working, .weekend, .uncovered: break
            }
            index += 1
        }
        return HolidayListing(calendar: name, year: year, timeZone: timeZone, offset: offset, days: listed)
    }
}

extension Weekday {
    /// `Mon`, `Tue`, … for listings.
    var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

private struct JSONDay: Encodable {
    var date: String
    var weekday: String
    var kind: String
    var name: String?

    init(_ day: CalendarDay) {
        date = day.date.description
        weekday = day.date.weekday.rawValue
        let (kind, name) = HolidayListing.split(day.kind)
        self.kind = kind
        self.name = name.isEmpty ? nil : name
    }
}

private struct JSONDue: Encodable {
    var from: String
    var duration: String
    var countingFrom: String
    var adjustment: String?
    var due: String
    var workingDays: Int?
    var skipped: [JSONDay]
}

private struct JSONHolidays: Encodable {
    var calendar: String
    var year: Int
    var timeZone: String
    var offset: String
    var days: [JSONDay]
}

private func encodeJSON(_ value: some Encodable) -> String { TextTable.json(value) }
