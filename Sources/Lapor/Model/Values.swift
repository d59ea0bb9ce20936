/// The unit of a duration in a config.
public enum DurationUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Working days of the workflow's calendar.
    case workingDays = "working_days"
    /// Working hours of the workflow's calendar.
    case workingHours = "working_hours"
    /// Calendar days (24 h each), regardless of holidays.
    case days
    /// Clock hours, regardless of working time.
    case hours

    /// Whether counting this unit needs a working calendar.
    public var isWorkingTime: Bool { self == .workingDays || self == .workingHours }
}

/// A non-negative amount of time as written in a config, e.g. `14 working_days`.
public struct Duration: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How many units.
    public var amount: Int
    /// Which unit.
    public var unit: DurationUnit

    /// Creates a duration.
    public init(_ amount: Int, _ unit: DurationUnit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `N unit` (singular unit names accepted); `nil` if malformed or negative.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        // A cap far above any real SLA keeps every later computation free of overflow.
        guard parts.count == 2, let amount = Int(parts[0]), (0...Duration.maxAmount).contains(amount) else {
            return nil
        }
        var unitName = String(parts[1])
        if DurationUnit(rawValue: unitName) == nil, !unitName.hasSuffix("s") { unitName += "s" }
        guard let unit = DurationUnit(rawValue: unitName) else { return nil }
        self.init(amount, unit)
    }

    /// The largest amount a config may write; far above any real SLA.
    public static let maxAmount = 100_000

    /// The canonical spelling, e.g. `14 working_days`.
    public var description: String { "\(amount) \(unit.rawValue)" }

    /// Minutes, for units that are comparable without a calendar: working days count 7.5
    /// working hours (Perpres 21/2023), calendar days 24 h.
    ///
    /// Returns `nil` when `self` and `other` belong to different families (working time versus
    /// elapsed time), which cannot be compared without a calendar and a start instant.
    public func comparableMinutes(against other: Duration) -> (Int, Int)? {
        guard unit.isWorkingTime == other.unit.isWorkingTime else { return nil }
        return (minutes, other.minutes)
    }

    private var minutes: Int {
        switch unit {
        case .workingDays: amount * 450
        case .workingHours: amount * 60
        case .days: amount * 1440
        case .hours: amount * 60
        }
    }
}

/// A day of the week.
public enum Weekday: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 0 for Monday … 6 for Sunday.
    public var index: Int { Weekday.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.index < rhs.index }
}

/// A civil date without time zone, e.g. `2026-03-21`.
public struct LocalDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int

    /// Creates a date; `nil` if it does not exist in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Parses `YYYY-MM-DD`; `nil` if malformed or not a real date.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (index 3).
        let index = ((daysSinceEpoch % 7) + 7 + 3) % 7
        return Weekday.allCases[index]
    }

    /// The date `count` days later (earlier if negative).
    public func adding(days count: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + count) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let y = String(year).leftPadded(to: 4)
        let m = String(month).leftPadded(to: 2)
        let d = String(day).leftPadded(to: 2)
        return "\(y)-\(m)-\(d)"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A time of day in minutes after midnight, written `HH:MM`.
public struct TimeOfDay: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Minutes after midnight, 0–1440 (1440 is the end of the day).
    public var minutes: Int

    /// Creates a time from minutes after midnight.
    public init(minutes: Int) { self.minutes = minutes }

    /// Parses `HH:MM` (24-hour, `24:00` allowed); `nil` if malformed.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
            h * 60 + m <= 1440
        else { return nil }
        minutes = h * 60 + m
    }

    /// `HH:MM`.
    public var description: String {
        "\(String(minutes / 60).leftPadded(to: 2)):\(String(minutes % 60).leftPadded(to: 2))"
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

/// A half-open time range within a day, written `HH:MM-HH:MM`.
public struct TimeRange: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Start, inclusive.
    public var start: TimeOfDay
    /// End, exclusive.
    public var end: TimeOfDay

    /// Creates a range.
    public init(start: TimeOfDay, end: TimeOfDay) {
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM`; `nil` if malformed (an inverted range parses; the validator reports it).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let s = TimeOfDay(parsing: String(parts[0])),
            let e = TimeOfDay(parsing: String(parts[1]))
        else { return nil }
        self.init(start: s, end: e)
    }

    /// `HH:MM-HH:MM`.
    public var description: String { "\(start)-\(end)" }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
