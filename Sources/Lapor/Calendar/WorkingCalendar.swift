import Foundation

/// What kind of day a date is in a working calendar.
public enum DayKind: Hashable, Sendable, CustomStringConvertible {
    /// A working day: a working weekday that is neither a holiday nor cuti bersama.
    case working
    /// A weekday the calendar does not work (e.g. Saturday, Sunday).
    case weekend
    /// A national holiday, with its name.
    case holiday(String)
    /// A collective-leave day (SKB 3 Menteri), with its name.
    case cutiBersama(String)

    /// Whether work happens on such a day.
    public var isWorking: Bool { self == .working }

    /// `working`, `weekend`, `holiday: NAME` or `cuti bersama: NAME`.
    public var description: String {
        switch self {
        case .working: "working day"
        case .weekend: "weekend"
        case .holiday(let name): "holiday: \(name)"
        case .cutiBersama(let name): "cuti bersama: \(name)"
        }
    }
}

/// A working calendar: the working days and hours of every declared year of one `Calendar`, ready
/// for fast arithmetic on instants.
///
/// Built once from the `CalendarYear` documents of one name, it precomputes a table of days (kind,
/// working intervals with breaks removed, Ramadan hours within the Ramadan period, running totals of
/// working seconds and working days), so every operation is a few array reads and at most one
/// binary search, whatever the amount added. Any operation that touches a date in a year the
/// calendar does not declare fails with `LAP501`: Lapor never guesses holidays.
///
/// **The normalization rule.** An instant outside working time stands for the next moment work
/// happens: an instant inside a working interval (start inclusive, end exclusive) stays where it is;
/// an instant before the day's first interval, during a break, at or after the day's last end, or on
/// a weekend, holiday or cuti bersama day moves to the start of the next working interval. See
/// `nextWorkingStart(atOrAfter:)` and `docs/calendar.md`.
///
/// A class: the interpreter consults one calendar many times per step, by reference.
public final class WorkingCalendar: Sendable {
    /// The calendar's name (`metadata.name` of its documents).
    public let name: String
    /// The IANA time zone the calendar is written in.
    public let timeZone: String
    /// The fixed UTC offset of that zone over the covered years.
    public let offset: UTCOffset
    /// The declared years, ascending.
    public let years: [Int]
    /// Where the earliest year's document starts; used for run-time diagnostics.
    public let location: SourceLocation

    let yearLocations: [Int: SourceLocation]
    /// Days since the epoch of the table's first day (1 January of the first declared year).
    let firstDay: Int
    let days: [DayEntry]
    /// Table indices of the working days, ascending.
    let workingDayIndices: [Int32]
    /// Working intervals of all days, flattened; a day refers to a slice.
    let intervals: [WorkInterval]
    /// Names of holidays and cuti bersama days, referred to by index.
    let names: [String]

    init(
        name: String, timeZone: String, offset: UTCOffset, years: [Int], location: SourceLocation,
        yearLocations: [Int: SourceLocation], firstDay: Int, days: [DayEntry], workingDayIndices: [Int32],
        intervals: [WorkInterval], names: [String]
    ) {
        self.name = name
        self.timeZone = timeZone
        self.offset = offset
        self.years = years
        self.location = location
        self.yearLocations = yearLocations
        self.firstDay = firstDay
        self.days = days
        self.workingDayIndices = workingDayIndices
        self.intervals = intervals
        self.names = names
    }

    /// Builds the calendar named `name` from the workspace's `Calendar` documents.
    public static func make(named name: String, in workspace: Workspace) -> Result<WorkingCalendar, Diagnostic> {
        let years = workspace.calendarYears(named: name)
        guard !years.isEmpty else {
            let known = Array(Set(workspace.calendars.map(\.metadata.name.value))).sorted()
            return .failure(
                .unknownDocument(.calendar, name: name, known: known, at: .file(workspace.files.first ?? ".")))
        }
        return make(years: years)
    }

    /// Builds a calendar from the year documents of one calendar (any order; same name expected).
    public static func make(years documents: [CalendarYear]) -> Result<WorkingCalendar, Diagnostic> {
        do throws(Diagnostic) {
            return .success(try CalendarBuilder(documents: documents).build())
        } catch {
            return .failure(error)
        }
    }
}

/// One working interval in seconds after local midnight, with the working seconds before it that day.
struct WorkInterval: Sendable {
    var start: Int32
    var end: Int32
    /// Working seconds of the same day before `start`.
    var before: Int32
}

/// One day of the precomputed table.
struct DayEntry: Sendable {
    enum Kind: UInt8, Sendable {
        case working, weekend, holiday, cutiBersama, uncovered
    }

    /// Working seconds from the table's first day up to this day's midnight.
    var cumulativeSeconds: Int64
    /// Working days in the table before this day.
    var ordinal: Int32
    /// Index of the first uncovered day at or after this one (or the table's length).
    var segmentEnd: Int32
    /// First interval of this day in `intervals`.
    var firstInterval: Int32
    /// Number of intervals (0 unless working).
    var intervalCount: Int32
    /// Working seconds in this day.
    var totalSeconds: Int32
    /// Index into `names`, or -1.
    var nameIndex: Int32
    var kind: Kind
}

/// Turns year documents into the day table, reporting the first problem that prevents arithmetic.
private struct CalendarBuilder {
    /// Most years one calendar may span, first to last (keeps the day table small on hostile input).
    static let maximumSpan = 200

    let documents: [CalendarYear]

    func build() throws(Diagnostic) -> WorkingCalendar {
        let sorted = documents.sorted { $0.year.value < $1.year.value }
        guard let first = sorted.first, let last = sorted.last else {
            throw .unknownDocument(.calendar, name: "", known: [], at: .file("."))
        }
        let name = first.metadata.name.value
        var byYear: [Int: CalendarYear] = [:]
        for document in sorted {
            if let earlier = byYear[document.year.value] {
                throw .duplicateCalendarYear(
                    name, year: document.year.value, at: document.year.location, first: earlier.year.location)
            }
            if document.timeZone.value != first.timeZone.value {
                throw .inconsistentCalendar(
                    name, what: "the time zone", at: document.timeZone.location, first: first.timeZone.location)
            }
            byYear[document.year.value] = document
        }
        guard let firstDate = LocalDate(year: first.year.value, month: 1, day: 1) else {
            throw .invalidValue("year", value: "\(first.year.value)", expected: "1-9999", at: first.year.location)
        }
        guard let lastDate = LocalDate(year: last.year.value, month: 12, day: 31),
            last.year.value - first.year.value < CalendarBuilder.maximumSpan
        else {
            throw .invalidValue(
                "year", value: "\(last.year.value)",
                expected: "a year within \(CalendarBuilder.maximumSpan) years of \(first.year.value)",
                at: last.year.location)
        }
        let offset = try fixedOffset(first, from: firstDate, through: lastDate)

        var days: [DayEntry] = []
        var intervals: [WorkInterval] = []
        var names: [String] = []
        var workingDayIndices: [Int32] = []
        var cumulative: Int64 = 0
        let firstDay = firstDate.daysSinceEpoch
        days.reserveCapacity(lastDate.daysSinceEpoch - firstDay + 1)
        for year in first.year.value...last.year.value {
            let document = byYear[year]
            let plan = try document.map { document throws(Diagnostic) in try YearPlan(document) }
            guard let start = LocalDate(year: year, month: 1, day: 1) else { continue }
            let length = LocalDate.daysIn(month: 2, year: year) == 29 ? 366 : 365
            for offsetInYear in 0..<length {
                let date = start.adding(days: offsetInYear)
                var entry = DayEntry(
                    cumulativeSeconds: cumulative, ordinal: Int32(workingDayIndices.count), segmentEnd: 0,
                    firstInterval: Int32(intervals.count), intervalCount: 0, totalSeconds: 0, nameIndex: -1,
                    kind: .uncovered)
                if let plan {
                    let (kind, label) = plan.kind(of: date)
                    entry.kind = kind
                    if let label {
                        entry.nameIndex = Int32(names.count)
                        names.append(label)
                    }
                    if kind == .working {
                        var before: Int32 = 0
                        for range in plan.intervals(on: date) {
                            intervals.append(WorkInterval(start: range.start, end: range.end, before: before))
                            before += range.end - range.start
                        }
                        entry.intervalCount = Int32(intervals.count) - entry.firstInterval
                        entry.totalSeconds = before
                        cumulative += Int64(before)
                        workingDayIndices.append(Int32(days.count))
                    }
                }
                days.append(entry)
            }
        }
        var segmentEnd = Int32(days.count)
        for index in days.indices.reversed() {
            if days[index].kind == .uncovered { segmentEnd = Int32(index) }
            days[index].segmentEnd = segmentEnd
        }
        return WorkingCalendar(
            name: name, timeZone: first.timeZone.value, offset: offset, years: sorted.map(\.year.value),
            location: first.location, yearLocations: byYear.mapValues(\.location), firstDay: firstDay, days: days,
            workingDayIndices: workingDayIndices, intervals: intervals, names: names)
    }

    /// The zone's UTC offset, which must not change between `from` and `through` (no DST).
    private func fixedOffset(_ document: CalendarYear, from: LocalDate, through: LocalDate) throws(Diagnostic)
        -> UTCOffset
    {
        let identifier = document.timeZone.value
        let location = document.timeZone.location
        guard let zone = TimeZone(identifier: identifier) else { throw .unknownTimeZone(identifier, at: location) }
        let start = Date(timeIntervalSince1970: TimeInterval(from.daysSinceEpoch - 1) * 86_400)
        let end = Date(timeIntervalSince1970: TimeInterval(through.daysSinceEpoch + 2) * 86_400)
        let seconds = zone.secondsFromGMT(for: start)
        let transition = zone.nextDaylightSavingTimeTransition(after: start)
        let changes = transition.map { $0 < end } ?? false
        guard !changes, zone.secondsFromGMT(for: end) == seconds, seconds % 60 == 0,
            let offset = UTCOffset(minutes: seconds / 60)
        else {
            var diagnostic = Diagnostic.unknownTimeZone(identifier, at: location)
            diagnostic.notes.append(
                .init(
                    "the zone's UTC offset changes (daylight saving time) between \(from) and \(through); "
                        + "working calendars need a fixed offset"))
            throw diagnostic
        }
        return offset
    }
}

/// One declared year, ready to classify dates and give their working intervals.
private struct YearPlan {
    typealias Range = (start: Int32, end: Int32)

    let workingWeekdays: Set<Weekday>
    let normal: [Weekday: [Range]]
    let ramadan: (from: LocalDate, until: LocalDate, hours: [Weekday: [Range]])?
    let labels: [LocalDate: (DayEntry.Kind, String)]

    init(_ document: CalendarYear) throws(Diagnostic) {
        workingWeekdays = Set(document.workingDays.map(\.value))
        normal = try YearPlan.hours(document.workingHours, for: workingWeekdays, at: document.location)
        if let block = document.ramadan {
            let hours = try YearPlan.hours(block.workingHours, for: workingWeekdays, at: block.location)
            ramadan = (block.from.value, block.until.value, hours)
        } else {
            ramadan = nil
        }
        var labels: [LocalDate: (DayEntry.Kind, String)] = [:]
        for day in document.cutiBersama where day.date.value.year == document.year.value {
            labels[day.date.value] = (.cutiBersama, day.name)
        }
        // A date listed as both keeps the holiday, the stronger reason.
        for day in document.holidays where day.date.value.year == document.year.value {
            labels[day.date.value] = (.holiday, day.name)
        }
        self.labels = labels
    }

    func kind(of date: LocalDate) -> (DayEntry.Kind, String?) {
        if let (kind, name) = labels[date] { return (kind, name) }
        return (workingWeekdays.contains(date.weekday) ? .working : .weekend, nil)
    }

    func intervals(on date: LocalDate) -> [Range] {
        if let ramadan, ramadan.from <= date, date <= ramadan.until {
            return ramadan.hours[date.weekday] ?? []
        }
        return normal[date.weekday] ?? []
    }

    /// Working intervals (breaks removed, seconds) per working weekday; every working weekday needs some.
    static func hours(_ blocks: [WorkingHours], for weekdays: Set<Weekday>, at location: SourceLocation)
        throws(Diagnostic) -> [Weekday: [Range]]
    {
        var result: [Weekday: [Range]] = [:]
        for block in blocks {
            var ranges: [Range] = []
            if block.start.value < block.end.value {
                ranges = [(Int32(block.start.value.minutes * 60), Int32(block.end.value.minutes * 60))]
            }
            for pause in block.breaks where pause.value.start < pause.value.end {
                let cut = (Int32(pause.value.start.minutes * 60), Int32(pause.value.end.minutes * 60))
                ranges = ranges.flatMap { range -> [Range] in
                    var pieces: [Range] = []
                    if range.start < cut.0 { pieces.append((range.start, min(range.end, cut.0))) }
                    if cut.1 < range.end { pieces.append((max(range.start, cut.1), range.end)) }
                    return pieces
                }
            }
            guard !ranges.isEmpty else {
                throw .invalidWorkingHours("the day has no working time", at: block.location)
            }
            for day in block.days where result[day.value] == nil {
                result[day.value] = ranges
            }
        }
        for day in weekdays.sorted() where result[day] == nil {
            throw .invalidWorkingHours("working day \(day.rawValue) has no working hours", at: location)
        }
        return result
    }
}
