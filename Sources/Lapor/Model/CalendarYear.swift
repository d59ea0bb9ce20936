/// Working hours for some weekdays: a start, an end and unpaid breaks.
public struct WorkingHours: Hashable, Sendable {
    /// The weekdays these hours apply to.
    public var days: [Located<Weekday>]
    /// When work starts.
    public var start: Located<TimeOfDay>
    /// When work ends.
    public var end: Located<TimeOfDay>
    /// Breaks within the day, not counted as working time.
    public var breaks: [Located<TimeRange>]
    /// Where the block is declared.
    public var location: SourceLocation

    /// Creates working hours.
    public init(
        days: [Located<Weekday>], start: Located<TimeOfDay>, end: Located<TimeOfDay>,
        breaks: [Located<TimeRange>] = [], location: SourceLocation
    ) {
        self.days = days
        self.start = start
        self.end = end
        self.breaks = breaks
        self.location = location
    }

    /// Working minutes in one such day.
    public var minutesPerDay: Int {
        let gross = end.value.minutes - start.value.minutes
        let pauses = breaks.reduce(0) { $0 + max(0, $1.value.end.minutes - $1.value.start.minutes) }
        return gross - pauses
    }
}

/// Reduced working hours during Ramadan.
public struct RamadanHours: Hashable, Sendable {
    /// First day of Ramadan.
    public var from: Located<LocalDate>
    /// Last day of Ramadan.
    public var until: Located<LocalDate>
    /// Hours that replace the normal ones within the period.
    public var workingHours: [WorkingHours]
    /// Where the block is declared.
    public var location: SourceLocation

    /// Creates a Ramadan block.
    public init(
        from: Located<LocalDate>, until: Located<LocalDate>, workingHours: [WorkingHours],
        location: SourceLocation
    ) {
        self.from = from
        self.until = until
        self.workingHours = workingHours
        self.location = location
    }
}

/// A dated, named day: a national holiday or a cuti bersama day.
public struct DatedDay: Hashable, Sendable {
    /// The date.
    public var date: Located<LocalDate>
    /// Its name, e.g. `Idul Fitri 1447 H`.
    public var name: String
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a dated day.
    public init(date: Located<LocalDate>, name: String, location: SourceLocation) {
        self.date = date
        self.name = name
        self.location = location
    }
}

/// A `kind: Calendar` document: one year of a named working calendar.
public struct CalendarYear: Hashable, Sendable {
    /// Name (shared by every year of the calendar) and version.
    public var metadata: Metadata
    /// The year covered.
    public var year: Located<Int>
    /// IANA time zone, e.g. `Asia/Jakarta`.
    public var timeZone: Located<String>
    /// Weekdays that are working days unless a holiday or cuti bersama.
    public var workingDays: [Located<Weekday>]
    /// Working hours per weekday.
    public var workingHours: [WorkingHours]
    /// Ramadan hours, if declared.
    public var ramadan: RamadanHours?
    /// National holidays.
    public var holidays: [DatedDay]
    /// Collective leave days (SKB 3 Menteri).
    public var cutiBersama: [DatedDay]
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a calendar year.
    public init(
        metadata: Metadata, year: Located<Int>, timeZone: Located<String>, workingDays: [Located<Weekday>],
        workingHours: [WorkingHours], ramadan: RamadanHours? = nil, holidays: [DatedDay] = [],
        cutiBersama: [DatedDay] = [], location: SourceLocation
    ) {
        self.metadata = metadata
        self.year = year
        self.timeZone = timeZone
        self.workingDays = workingDays
        self.workingHours = workingHours
        self.ramadan = ramadan
        self.holidays = holidays
        self.cutiBersama = cutiBersama
        self.location = location
    }
}
