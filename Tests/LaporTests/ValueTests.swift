import Lapor
import Testing

@Suite("Config value syntax")
struct ValueTests {
    @Test(
        "durations parse in every unit, singular or plural",
        arguments: [
            ("14 working_days", Duration(14, .workingDays)), ("1 working_day", Duration(1, .workingDays)),
            ("4 working_hours", Duration(4, .workingHours)), ("60 days", Duration(60, .days)),
            ("1 day", Duration(1, .days)), ("36 hours", Duration(36, .hours)), ("0 days", Duration(0, .days)),
        ])
    func durations(text: String, expected: Duration) {
        #expect(Duration(parsing: text) == expected)
    }

    @Test(
        "malformed durations are rejected",
        arguments: ["14", "working_days", "-1 days", "14 workdays", "1.5 days", "14  ", "", "14 working_days x"])
    func badDurations(text: String) {
        #expect(Duration(parsing: text) == nil)
    }

    @Test("dates know their weekday (checked against a printed calendar)")
    func weekdays() throws {
        // 2025-03-31 Idul Fitri was a Monday; 2026-03-21 a Saturday; 1970-01-01 a Thursday.
        #expect(try #require(LocalDate(parsing: "2025-03-31")).weekday == .mon)
        #expect(try #require(LocalDate(parsing: "2026-03-21")).weekday == .sat)
        #expect(try #require(LocalDate(parsing: "1970-01-01")).weekday == .thu)
        #expect(try #require(LocalDate(parsing: "2024-02-29")).weekday == .thu)
    }

    @Test("day numbers round-trip across leap years and centuries")
    func dayNumbers() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(LocalDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
    }

    @Test(
        "impossible dates are rejected", arguments: ["2025-02-29", "2026-13-01", "2026-04-31", "26-01-01", "2026-1-1"])
    func badDates(text: String) {
        #expect(LocalDate(parsing: text) == nil)
    }

    @Test("times and ranges")
    func times() {
        #expect(TimeOfDay(parsing: "07:30")?.minutes == 450)
        #expect(TimeOfDay(parsing: "24:00")?.minutes == 1440)
        #expect(TimeOfDay(parsing: "24:01") == nil)
        #expect(TimeOfDay(parsing: "7:30") == nil)
        #expect(TimeRange(parsing: "12:00-13:00") == TimeRange(start: .init(minutes: 720), end: .init(minutes: 780)))
    }

    @Test("working days compare with working hours at 7.5 hours a day, never with calendar days")
    func comparable() {
        let result = Duration(2, .workingDays).comparableMinutes(against: Duration(15, .workingHours))
        #expect(result?.0 == 900 && result?.1 == 900)
        #expect(Duration(2, .workingDays).comparableMinutes(against: Duration(3, .days)) == nil)
    }
}
