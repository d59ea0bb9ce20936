import Foundation
import Lapor
import LaporYAML
import Testing

/// The shipped `id-government` calendar (2025 and 2026), built once.
private let shipped: WorkingCalendar? = {
    let workspace = WorkspaceLoader().load(path: Fixtures.repository.path).workspace
    return try? WorkingCalendar.make(named: "id-government", in: workspace).get()
}()

private func calendar() throws -> WorkingCalendar { try #require(shipped) }

private func instant(_ text: String) throws -> Instant { try #require(Instant(parsing: text)) }

private func date(_ text: String) throws -> LocalDate { try #require(LocalDate(parsing: text)) }

private let jakarta = UTCOffset(minutes: 7 * 60) ?? .utc

/// The diagnostic `body` throws, or `nil` if it throws nothing (or something else).
private func thrown(_ body: () throws -> Void) -> Diagnostic? {
    do {
        try body()
        return nil
    } catch {
        return error as? Diagnostic
    }
}

/// Builds a calendar from YAML text holding `Calendar` documents.
private func make(yaml: String) -> Result<WorkingCalendar, Diagnostic> {
    let loaded = WorkspaceLoader().load(text: yaml, name: "calendar.yaml")
    guard loaded.diagnostics.isEmpty, let name = loaded.workspace.calendars.first?.metadata.name.value else {
        return .failure(loaded.diagnostics.first ?? .unknownDocument(.calendar, name: "", known: [], at: .file("")))
    }
    return WorkingCalendar.make(named: name, in: loaded.workspace)
}

private func calendarYAML(name: String = "test", year: Int, zone: String = "Asia/Jakarta") -> String {
    """
    apiVersion: lapor/v1
    kind: Calendar
    metadata: {name: \(name)}
    year: \(year)
    time_zone: \(zone)
    working_days: [mon, tue, wed, thu, fri]
    working_hours:
      - {days: [mon, tue, wed, thu], start: "07:30", end: "16:00", breaks: ["12:00-13:00"]}
      - {days: [fri], start: "07:30", end: "16:30", breaks: ["11:30-13:00"]}
    holidays:
      - {date: \(year)-12-25, name: Natal}

    """
}

@Suite("Instants")
struct WorkingCalendarInstantTests {
    @Test(
        "ISO 8601 with an offset parses to the same UTC second whatever the spelling",
        arguments: [
            "2025-03-20T10:00+07:00", "2025-03-20T03:00:00Z", "2025-03-20T10:00+0700", "2025-03-20T10:00:00+07:00",
            "2025-03-19T22:00-05:00", "2025-03-20t03:00z", "2025-03-20T03:00:00.999Z", "2025-03-20T12:30+09:30",
        ])
    func parses(text: String) {
        #expect(Instant(parsing: text)?.secondsSinceEpoch == 1_742_439_600)
    }

    @Test(
        "malformed instants are rejected, never guessed",
        arguments: [
            "2025-03-20T10:00", "2025-03-20 10:00+07:00", "2025-02-30T10:00Z", "2025-03-20T24:00Z",
            "2025-03-20T10:60Z", "2025-03-20T10:00:60Z", "2025-03-20T10:00+07", "2025-03-20T10:00+7:00",
            "2025-03-20T10:00+24:00", "", "2025-03-20T10:00Z ", " 2025-03-20T10:00Z", "2025-03-20T10:00:00.Z",
            "+2025-03-20T10:00Z", "25-03-20T10:00Z", "2025-3-20T10:00Z", "2025-03-20T1:00Z", "２０２５-03-20T10:00Z",
            "2025-03-20T10:00+07:00:00", "0000-01-01T00:00Z",
        ])
    func rejects(text: String) {
        #expect(Instant(parsing: text) == nil)
    }

    @Test("formatting shows seconds only when not zero, and Z for UTC")
    func formats() throws {
        let t = Instant(secondsSinceEpoch: 1_742_439_600)
        #expect(t.formatted(at: jakarta) == "2025-03-20T10:00+07:00")
        #expect(t.formatted(at: .utc) == "2025-03-20T03:00Z")
        #expect(try #require(t.adding(seconds: 30)).formatted(at: jakarta) == "2025-03-20T10:00:30+07:00")
        #expect(t.formatted(at: try #require(UTCOffset(minutes: -210))) == "2025-03-19T23:30-03:30")
        #expect(Instant(secondsSinceEpoch: -1).formatted(at: .utc) == "1969-12-31T23:59:59Z")
        #expect(Instant.parseWithOffset("2025-03-20T10:00+0700")?.offset == jakarta)
    }

    @Test("instants encode as ISO text and decode back")
    func codable() throws {
        let t = try instant("2025-03-20T10:00:07+07:00")
        let data = try JSONEncoder().encode([t])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-03-20T03:00:07Z"]"#)
        #expect(try JSONDecoder().decode([Instant].self, from: data) == [t])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Instant].self, from: Data(#"["x"]"#.utf8)) }
    }

    @Test("formatting and parsing round-trip on seeded random instants and offsets")
    func roundTrip() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let t = Instant(secondsSinceEpoch: Int64(random.next(below: 8_000_000_000)) - 2_000_000_000)
            let offset = try #require(UTCOffset(minutes: random.next(below: 24 * 60 * 2 - 1) - (24 * 60 - 1)))
            #expect(Instant.parseWithOffset(t.formatted(at: offset))?.instant == t)
        }
    }
}

@Suite("Working calendar")
struct WorkingCalendarTests {
    // MARK: Days

    @Test(
        "every date has a kind: working, weekend, holiday or cuti bersama (holiday wins on a weekend)",
        arguments: [
            ("2025-03-20", "working day"), ("2025-03-22", "weekend"), ("2025-03-23", "weekend"),
            ("2025-03-28", "cuti bersama: Cuti bersama Hari Suci Nyepi"),
            ("2025-03-29", "holiday: Hari Suci Nyepi (Tahun Baru Saka 1947)"),
            ("2025-03-31", "holiday: Idul Fitri 1446 Hijriah"), ("2025-04-07", "cuti bersama: Cuti bersama Idul Fitri"),
            ("2025-04-08", "working day"), ("2025-12-25", "holiday: Kelahiran Yesus Kristus (Natal)"),
            ("2025-12-26", "cuti bersama: Cuti bersama Natal"), ("2026-03-21", "holiday: Idul Fitri 1447 Hijriah"),
            ("2026-12-24", "cuti bersama: Cuti bersama Natal"), ("2026-12-31", "working day"),
        ])
    func dayKinds(day: String, expected: String) throws {
        let cal = try calendar()
        #expect(try cal.dayKind(try date(day)).description == expected)
        #expect(try cal.isWorkingDay(try date(day)) == (expected == "working day"))
    }

    @Test(
        "working intervals have the breaks removed and follow Ramadan hours within the Ramadan period",
        arguments: [
            ("2025-07-07", "07:30-12:00 13:00-16:00"),  // Monday
            ("2025-07-11", "07:30-11:30 13:00-16:30"),  // Friday
            ("2025-03-20", "08:00-12:00 12:30-15:00"),  // Thursday in Ramadan 1446
            ("2025-03-21", "08:00-11:30 12:30-15:30"),  // Friday in Ramadan 1446
            ("2026-02-18", "07:30-12:00 13:00-16:00"),  // the day before Ramadan 1447
            ("2026-02-19", "08:00-12:00 12:30-15:00"),  // first day of Ramadan 1447
            ("2025-07-12", ""),  // Saturday
            ("2025-03-31", ""),  // Idul Fitri
        ])
    func intervals(day: String, expected: String) throws {
        let ranges = try calendar().workingIntervals(on: try date(day))
        #expect(ranges.map(\.description).joined(separator: " ") == expected)
    }

    // MARK: Normalization

    @Test(
        "instants outside working time move to the start of the next working interval; inside ones stay",
        arguments: [
            ("2025-07-07T10:00+07:00", "2025-07-07T10:00+07:00"),  // inside: stays
            ("2025-07-07T10:00:42+07:00", "2025-07-07T10:00:42+07:00"),  // inside, with seconds: stays
            ("2025-07-07T07:30+07:00", "2025-07-07T07:30+07:00"),  // start is inclusive
            ("2025-07-07T06:00+07:00", "2025-07-07T07:30+07:00"),  // before start
            ("2025-07-07T11:59:59+07:00", "2025-07-07T11:59:59+07:00"),  // last second before the break
            ("2025-07-07T12:00+07:00", "2025-07-07T13:00+07:00"),  // break start: end is exclusive
            ("2025-07-07T12:45+07:00", "2025-07-07T13:00+07:00"),  // in the break
            ("2025-07-11T11:45+07:00", "2025-07-11T13:00+07:00"),  // Friday's longer break
            ("2025-07-07T16:00+07:00", "2025-07-08T07:30+07:00"),  // at the end: next day
            ("2025-07-11T16:15+07:00", "2025-07-11T16:15+07:00"),  // Friday works until 16:30
            ("2025-07-11T16:30+07:00", "2025-07-14T07:30+07:00"),  // Friday end: Monday
            ("2025-07-12T10:00+07:00", "2025-07-14T07:30+07:00"),  // Saturday
            ("2025-03-20T07:45+07:00", "2025-03-20T08:00+07:00"),  // Ramadan starts at 08:00
            ("2025-03-20T12:15+07:00", "2025-03-20T12:30+07:00"),  // Ramadan break 12:00-12:30
            ("2025-03-27T15:00+07:00", "2025-04-08T07:30+07:00"),  // Thu before Nyepi and Lebaran 2025
            ("2025-12-24T16:00+07:00", "2025-12-29T07:30+07:00"),  // Christmas, cuti bersama, weekend
            ("2025-12-24T01:00Z", "2025-12-24T08:00+07:00"),  // 08:00 in Jakarta: inside
            ("2026-03-17T15:00+07:00", "2026-03-25T07:30+07:00"),  // Nyepi + Lebaran 2026, Ramadan over
        ])
    func normalization(start: String, expected: String) throws {
        let cal = try calendar()
        let result = try cal.nextWorkingStart(atOrAfter: try instant(start))
        #expect(result.formatted(at: cal.offset) == expected)
    }

    // MARK: Hand-checked due dates

    @Test(
        "working days keep the working time into the day, across Lebaran, Christmas and weekends",
        arguments: [
            // Lebaran 2025. Thu 2025-03-20 is in Ramadan (08:00-12:00, 12:30-15:00), so 10:00 is 2 working hours
            // into the day. Working days after it: Fri 21 (1), Mon 24-Thu 27 (2-5); then Fri 28 cuti Nyepi,
            // Sat 29 Nyepi, Sun 30, Mon 31 + Tue 1 Apr Idul Fitri, Wed 2-Fri 4 cuti, Sat 5, Sun 6, Mon 7 cuti;
            // Tue 8-Fri 11 (6-9), Mon 14-Thu 17 (10-13); Fri 18 Good Friday, Sat 19, Sun 20 Easter; Mon 21 (14).
            // Ramadan is over: 2 working hours into a normal Monday is 07:30 + 2 h = 09:30.
            ("2025-03-20T10:00+07:00", 14, "2025-04-21T09:30+07:00"),
            // Lebaran 2026. Tue 2026-03-17 in Ramadan: 09:00 is 1 working hour in. Wed 18 cuti, Thu 19 Nyepi,
            // Fri 20 cuti, Sat 21 + Sun 22 Idul Fitri, Mon 23 + Tue 24 cuti; Wed 25 (1), Thu 26 (2), Fri 27 (3),
            // Mon 30 (4), Tue 31 (5); 1 working hour into a normal day is 08:30.
            ("2026-03-17T09:00+07:00", 5, "2026-03-31T08:30+07:00"),
            // Ramadan 2026 back to normal: Tue 17 Mar 14:45 is 4 h + 2 h 15 into the day (6 h 15); on Tue 31 Mar
            // 6 h 15 is 4 h 30 (07:30-12:00) + 1 h 45 from 13:00 = 14:45.
            ("2026-03-17T14:45+07:00", 5, "2026-03-31T14:45+07:00"),
            // Into Ramadan 2026, clamped: Wed 18 Feb 15:30 is 7 h into a 7 h 30 day; Thu 19 Feb is the first
            // Ramadan day, 6 h 30 long, so the due instant is its end, 15:00.
            ("2026-02-18T15:30+07:00", 1, "2026-02-19T15:00+07:00"),
            // Christmas 2025: Wed 24 Dec 14:00 (5 h 30 in); Thu 25 Natal, Fri 26 cuti, weekend; Mon 29 at 5 h 30
            // = 13:00 + 1 h = 14:00.
            ("2025-12-24T14:00+07:00", 1, "2025-12-29T14:00+07:00"),
            // Christmas 2026: Wed 23 Dec; Thu 24 cuti, Fri 25 Natal, weekend; Mon 28 (1), Tue 29 (2).
            ("2026-12-23T10:00+07:00", 2, "2026-12-29T10:00+07:00"),
            // Mon 10:00 + 1 working day = Tue 10:00 (Mon 2 June 2025; Sun 1 June is a holiday, no matter).
            ("2025-06-02T10:00+07:00", 1, "2025-06-03T10:00+07:00"),
            // Fri 15:00 is 4 h + 2 h = 6 h into Friday (90-minute break); 6 h into Monday is 14:30.
            ("2025-06-13T15:00+07:00", 1, "2025-06-16T14:30+07:00"),
            // 07:30 of day D + N working days = 07:30 of the N-th working day after D.
            ("2025-07-07T07:30+07:00", 5, "2025-07-14T07:30+07:00"),
            // Before start counts from 07:30, so also lands on 07:30.
            ("2025-07-07T05:00+07:00", 1, "2025-07-08T07:30+07:00"),
            // In the break: counts from 13:00 (4 h 30 in), which maps to 13:00, not 12:00, on the next day.
            ("2025-07-07T12:15+07:00", 1, "2025-07-08T13:00+07:00"),
            // Saturday + 0 working days = the normalized start, Monday 07:30.
            ("2025-07-12T10:00+07:00", 0, "2025-07-14T07:30+07:00"),
            // Seconds are kept.
            ("2025-07-07T10:00:30+07:00", 3, "2025-07-10T10:00:30+07:00"),
        ])
    func workingDays(start: String, days: Int, expected: String) throws {
        let cal = try calendar()
        let due = try cal.adding(Duration(days, .workingDays), to: try instant(start))
        #expect(due.formatted(at: cal.offset) == expected)
    }

    @Test(
        "working hours walk the working intervals; the due instant may be an interval's end",
        arguments: [
            ("2025-07-07T15:00+07:00", 1, "2025-07-07T16:00+07:00"),  // exactly to the end of Monday
            ("2025-07-07T15:00+07:00", 2, "2025-07-08T08:30+07:00"),  // 1 h Monday, 1 h Tuesday
            ("2025-07-11T11:00+07:00", 1, "2025-07-11T13:30+07:00"),  // Friday: 30 min, break, 30 min
            ("2025-07-12T10:00+07:00", 3, "2025-07-14T10:30+07:00"),  // Saturday: from Monday 07:30
            ("2025-03-20T11:30+07:00", 1, "2025-03-20T13:00+07:00"),  // Ramadan: 30 min, break 12:00-12:30
            ("2025-07-07T12:30+07:00", 0, "2025-07-07T13:00+07:00"),  // 0: the normalized start
            // Thu 27 Mar 2025 14:00 (Ramadan, 1 h left) + 8 h: 1 h + Tue 8 Apr 07:30 + 7 h (4 h 30 to 12:00,
            // 2 h 30 from 13:00) = 15:30.
            ("2025-03-27T14:00+07:00", 8, "2025-04-08T15:30+07:00"),
        ])
    func workingHours(start: String, hours: Int, expected: String) throws {
        let cal = try calendar()
        let due = try cal.adding(Duration(hours, .workingHours), to: try instant(start))
        #expect(due.formatted(at: cal.offset) == expected)
    }

    @Test("days and hours are plain elapsed time: no normalization, no calendar needed")
    func elapsed() throws {
        let cal = try calendar()
        // 3 April 2025 is cuti bersama: elapsed days do not care.
        #expect(
            try cal.adding(Duration(14, .days), to: try instant("2025-03-20T10:00+07:00")).formatted(at: cal.offset)
                == "2025-04-03T10:00+07:00")
        // Into 2028, which the calendar does not declare: fine for elapsed time.
        #expect(
            try cal.adding(Duration(10, .hours), to: try instant("2027-12-31T20:00+07:00")).formatted(at: cal.offset)
                == "2028-01-01T06:00+07:00")
    }

    // MARK: Errors

    @Test(
        "counting into a year the calendar does not declare fails with LAP501 naming that year",
        arguments: [
            ("2027-12-31T10:00+07:00", Duration(1, .workingDays), 2028),
            ("2027-12-30T10:00+07:00", Duration(14, .workingDays), 2028),
            ("2027-12-31T15:00+07:00", Duration(2, .workingHours), 2028),  // a Friday: work ends at 16:30
            ("2027-12-31T16:30+07:00", Duration(0, .workingDays), 2028),  // normalizing already leaves 2027
            ("2024-12-31T10:00+07:00", Duration(1, .workingDays), 2024),
            ("2024-12-31T17:00Z", Duration(1, .workingDays), 2025),  // 00:00 on 1 Jan 2025 in Jakarta: covered
            ("2025-06-02T10:00+07:00", Duration(Int.max, .workingDays), 2028),
            ("2025-06-02T10:00+07:00", Duration(Int.max, .workingHours), 2028),
        ])
    func yearNotCovered(start: String, duration: Duration, year: Int) throws {
        let cal = try calendar()
        let t = try instant(start)
        let error = thrown { _ = try cal.adding(duration, to: t) }
        if year == 2025 {
            #expect(error == nil)
            return
        }
        #expect(error?.code == .calendarYearNotCovered)
        #expect(error?.message.contains("no year \(year)") == true, "\(String(describing: error))")
        #expect(error?.location.file.hasSuffix("id-\(min(max(year, 2025), 2027)).yaml") == true)
    }

    @Test("other operations refuse undeclared years too")
    func otherOperationsRefuse() throws {
        let cal = try calendar()
        let inside = try instant("2027-12-30T10:00+07:00")
        let outside = try instant("2028-01-04T10:00+07:00")
        #expect(thrown { _ = try cal.workingMinutes(from: inside, to: outside) }?.code == .calendarYearNotCovered)
        #expect(thrown { _ = try cal.dayKind(try date("2028-01-01")) }?.code == .calendarYearNotCovered)
        #expect(thrown { _ = try cal.workingIntervals(on: try date("2024-12-31")) }?.code == .calendarYearNotCovered)
        #expect(thrown { _ = try cal.holidayListing(year: 2028) }?.code == .calendarYearNotCovered)
        #expect(thrown { _ = try cal.addingWorkingMinutes(60, to: outside) }?.code == .calendarYearNotCovered)
        #expect(try cal.workingMinutes(from: outside, to: inside) == 0)
    }

    @Test("a gap year between declared years is never guessed")
    func gapYear() throws {
        let cal = try make(yaml: calendarYAML(year: 2025) + "---\n" + calendarYAML(year: 2027)).get()
        #expect(cal.years == [2025, 2027])
        let t = try instant("2025-12-31T10:00+07:00")
        let crossing = thrown { _ = try cal.adding(Duration(2, .workingDays), to: t) }
        #expect(crossing?.code == .calendarYearNotCovered)
        #expect(crossing?.message.contains("no year 2026") == true)
        let span = thrown { _ = try cal.workingMinutes(from: t, to: try instant("2027-01-05T10:00+07:00")) }
        #expect(span?.message.contains("no year 2026") == true)
        #expect(
            try cal.adding(Duration(1, .workingDays), to: try instant("2027-01-04T10:00+07:00")).formatted(
                at: cal.offset) == "2027-01-05T10:00+07:00")
    }

    @Test("a working day that ends at 24:00 on the last declared day still counts up to that midnight")
    func midnightEnd() throws {
        let yaml = calendarYAML(year: 2026).replacingOccurrences(
            of: """
                  - {days: [mon, tue, wed, thu], start: "07:30", end: "16:00", breaks: ["12:00-13:00"]}
                  - {days: [fri], start: "07:30", end: "16:30", breaks: ["11:30-13:00"]}
                """,
            with: """
                  - {days: [mon, tue, wed, thu, fri], start: "00:00", end: "24:00"}
                """)
        let cal = try make(yaml: yaml).get()
        let t = try instant("2026-12-31T23:00+07:00")
        let due = try cal.addingWorkingMinutes(60, to: t)
        #expect(due.formatted(at: cal.offset) == "2027-01-01T00:00+07:00")
        #expect(try cal.workingMinutes(from: t, to: due) == 60)
        let explained = try cal.explainDue(from: t, adding: Duration(1, .workingHours))
        #expect(explained.due == due && explained.workingDays == 0 && explained.skipped.isEmpty)
        #expect(
            try cal.adding(Duration(1, .workingDays), to: try instant("2026-12-28T00:00+07:00")).formatted(
                at: cal.offset) == "2026-12-29T00:00+07:00")
    }

    @Test("negative amounts fail with LAP503", arguments: DurationUnit.allCases)
    func negative(unit: DurationUnit) throws {
        let cal = try calendar()
        let t = try instant("2025-07-07T10:00+07:00")
        #expect(thrown { _ = try cal.adding(Duration(-1, unit), to: t) }?.code == .negativeDuration)
        #expect(thrown { _ = try cal.addingWorkingMinutes(-5, to: t) }?.code == .negativeDuration)
    }

    @Test("a time zone with daylight saving time is refused; an unknown calendar name is reported")
    func construction() throws {
        guard case .failure(let dst) = make(yaml: calendarYAML(year: 2026, zone: "Europe/Berlin")) else {
            Issue.record("Europe/Berlin must be refused")
            return
        }
        #expect(dst.code == .unknownTimeZone)
        #expect(dst.notes.contains { $0.message.contains("daylight saving") })
        #expect(dst.location.line == 5)
        let utc = try make(yaml: calendarYAML(year: 2026, zone: "UTC")).get()
        #expect(utc.offset == .utc)
        let workspace = WorkspaceLoader().load(path: Fixtures.repository.path).workspace
        guard case .failure(let unknown) = WorkingCalendar.make(named: "id-goverment", in: workspace) else {
            Issue.record("unknown calendar must fail")
            return
        }
        #expect(unknown.code == .unknownDocument)
        #expect(unknown.notes.contains { $0.message.contains("id-government") })
    }

    @Test("the minimal fixture's one-year calendar works and refuses the next year")
    func minimalFixture() throws {
        let workspace = WorkspaceLoader().load(path: Fixtures.path("minimal")).workspace
        let cal = try WorkingCalendar.make(named: "cal", in: workspace).get()
        // 2026-02-16 is cuti bersama there (Monday): Fri 13 Feb 10:00 + 1 working day = Tue 17 Feb 10:00
        // (no Imlek holiday in that fixture, no Ramadan hours).
        #expect(
            try cal.adding(Duration(1, .workingDays), to: try instant("2026-02-13T10:00+07:00")).formatted(
                at: cal.offset) == "2026-02-17T10:00+07:00")
        #expect(
            thrown { _ = try cal.nextWorkingStart(atOrAfter: try instant("2025-12-31T10:00+07:00")) }?.code
                == .calendarYearNotCovered)
    }

    // MARK: Explanations and listings

    @Test("explainDue lists the counting start, every skipped date with its reason and the working days")
    func explanation() throws {
        let cal = try calendar()
        let lebaran = try cal.explainDue(
            from: try instant("2025-03-20T10:00+07:00"), adding: Duration(14, .workingDays))
        #expect(lebaran.adjustment == nil)
        #expect(lebaran.workingDays == 14)
        #expect(lebaran.due.formatted(at: cal.offset) == "2025-04-21T09:30+07:00")
        // 6 weekend days, Nyepi + 4 Lebaran holidays + Good Friday + Easter, 6 cuti bersama.
        #expect(lebaran.skipped.count == 18)
        #expect(lebaran.skipped.first == CalendarDay(date: try date("2025-03-22"), kind: .weekend))
        #expect(lebaran.skipped.contains { $0.kind == .holiday("Idul Fitri 1446 Hijriah") })
        #expect(lebaran.skipped.filter { if case .cutiBersama = $0.kind { true } else { false } }.count == 5)
        let text = lebaran.render(at: cal.offset)
        #expect(text.contains("due:       2025-04-21T09:30+07:00 (Mon)"))
        #expect(text.contains("  2025-04-18 Fri  holiday: Wafat Yesus Kristus"))

        let weekend = try cal.explainDue(
            from: try instant("2025-12-27T09:00+07:00"), adding: Duration(4, .workingHours))
        #expect(weekend.adjustment == .nonWorkingDay(.weekend))
        #expect(weekend.countingFrom.formatted(at: cal.offset) == "2025-12-29T07:30+07:00")
        #expect(weekend.due.formatted(at: cal.offset) == "2025-12-29T11:30+07:00")
        #expect(weekend.skipped.map(\.date.description) == ["2025-12-27", "2025-12-28"])
        #expect(weekend.workingDays == 0)

        let reasons: [(String, StartAdjustment)] = [
            ("2025-07-07T06:00+07:00", .beforeWorkingHours), ("2025-07-07T12:10+07:00", .inBreak),
            ("2025-07-07T16:00+07:00", .afterWorkingHours),
            ("2025-12-25T10:00+07:00", .nonWorkingDay(.holiday("Kelahiran Yesus Kristus (Natal)"))),
        ]
        for (start, reason) in reasons {
            #expect(
                try cal.explainDue(from: try instant(start), adding: Duration(1, .workingDays)).adjustment == reason)
        }
        let elapsed = try cal.explainDue(from: try instant("2025-12-24T10:00+07:00"), adding: Duration(3, .days))
        #expect(elapsed.skipped.isEmpty && elapsed.adjustment == nil)
        #expect(elapsed.render(at: cal.offset).contains("elapsed time"))
        #expect(lebaran.json(at: cal.offset).contains(#""due" : "2025-04-21T09:30+07:00""#))
    }

    @Test("the holiday listing of 2026 holds 17 holidays and 8 cuti bersama with weekdays")
    func holidays() throws {
        let listing = try calendar().holidayListing(year: 2026)
        let holidays = listing.days.filter { if case .holiday = $0.kind { true } else { false } }
        #expect(holidays.count == 17)
        #expect(listing.days.count == 25)
        #expect(
            listing.days.first == CalendarDay(date: try date("2026-01-01"), kind: .holiday("Tahun Baru 2026 Masehi")))
        let text = listing.render()
        #expect(text.hasPrefix("calendar id-government, 2026 (Asia/Jakarta, UTC+07:00): 17 holidays, 8 cuti bersama\n"))
        #expect(text.contains("2026-03-21 Sat  holiday       Idul Fitri 1447 Hijriah\n"))
        #expect(listing.json().contains(#""weekday" : "sat""#))
    }

    // MARK: Properties

    /// A seeded instant in 2025–2026 (local Jakarta), sometimes on a boundary, sometimes with seconds.
    private static func randomInstant(_ random: inout SplitMix64) -> Instant {
        let first = LocalDate(year: 2025, month: 1, day: 1)?.daysSinceEpoch ?? 0
        let day = first + random.next(below: 730)
        let boundaries = [450, 480, 690, 720, 750, 780, 900, 930, 960, 990]
        let second: Int
        switch random.next(below: 3) {
        case 0: second = random.next(below: 86_400)
        case 1: second = random.next(below: 1440) * 60
        default: second = boundaries[random.next(below: boundaries.count)] * 60 + random.next(below: 3) - 1
        }
        return Instant(date: LocalDate(daysSinceEpoch: day), secondOfDay: second, offset: jakarta)
    }

    @Test("workingMinutes inverts addingWorkingMinutes on 5,000 seeded instants")
    func inverse() throws {
        let cal = try calendar()
        var random = SplitMix64(seed: 20_250_320)
        var checked = 0
        for _ in 0..<5_000 {
            let t = Self.randomInstant(&random)
            let minutes = 1 + (random.next(below: 2) == 0 ? random.next(below: 600) : random.next(below: 60_000))
            do throws(Diagnostic) {
                let due = try cal.addingWorkingMinutes(minutes, to: t)
                #expect(try cal.workingMinutes(from: t, to: due) == minutes, "\(t) + \(minutes)")
                #expect(try cal.workingMinutes(from: t, to: cal.nextWorkingStart(atOrAfter: t)) == 0)
                #expect(due > t)
                checked += 1
            } catch {
                #expect(error.code == .calendarYearNotCovered)
            }
        }
        #expect(checked > 4_000)
    }

    @Test("outside Ramadan, N working days are exactly N x 7.5 working hours, and due instants grow with N")
    func workingDayLength() throws {
        let cal = try calendar()
        var random = SplitMix64(seed: 42)
        let ramadan = [
            (try date("2025-03-01"), try date("2025-03-30")), (try date("2026-02-19"), try date("2026-03-20")),
            (try date("2027-02-09"), try date("2027-03-09")),
        ]
        var checked = 0
        for _ in 0..<3_000 {
            let t = Self.randomInstant(&random)
            let count = random.next(below: 40)
            do throws(Diagnostic) {
                let start = try cal.nextWorkingStart(atOrAfter: t)
                let due = try cal.adding(Duration(count, .workingDays), to: t)
                let next = try cal.adding(Duration(count + 1, .workingDays), to: t)
                #expect(due < next)
                let first = start.localDate(at: cal.offset)
                let last = due.localDate(at: cal.offset)
                guard !ramadan.contains(where: { $0.0 <= last && first <= $0.1 }) else { continue }
                #expect(try cal.workingMinutes(from: t, to: due) == count * 450, "\(t) + \(count)")
                checked += 1
            } catch {
                #expect(error.code == .calendarYearNotCovered)
            }
        }
        #expect(checked > 1_500)
    }

    // MARK: Oracle

    @Test("agrees with the independent Python oracle (holidays package) on every row of oracle.tsv")
    func oracle() throws {
        let cal = try calendar()
        let text = try String(contentsOfFile: Fixtures.path("calendar/oracle.tsv"), encoding: .utf8)
        var rows = 0
        var mismatches: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t").map(String.init)
            try #require(fields.count == 4, "malformed row: \(line)")
            let start = try instant(fields[0 + 1])
            let actual: String
            switch fields[0] {
            case "working_days":
                actual = try cal.adding(Duration(try #require(Int(fields[2])), .workingDays), to: start)
                    .formatted(at: cal.offset)
            case "working_hours":
                actual = try cal.adding(Duration(try #require(Int(fields[2])), .workingHours), to: start)
                    .formatted(at: cal.offset)
            case "working_minutes":
                actual = String(try cal.workingMinutes(from: start, to: try instant(fields[2])))
            default:
                Issue.record("unknown row kind \(fields[0])")
                continue
            }
            rows += 1
            if actual != fields[3] { mismatches.append("\(line)\tgot \(actual)") }
        }
        #expect(rows == 5_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    // MARK: Throughput (printed, never asserted)

    @Test("throughput of adding 14 working days and of workingMinutes (printed only)")
    func throughput() throws {
        let cal = try calendar()
        var random = SplitMix64(seed: 1)
        let starts = (0..<1_024).map { _ in
            Instant(
                secondsSinceEpoch: 1_735_664_400 + Int64(random.next(below: 600 * 86_400)))  // 2025-01-01 .. 2026-08
        }
        let operations = 500_000
        let clock = ContinuousClock()
        var sink: Int64 = 0
        let fourteen = Duration(14, .workingDays)
        let addTime = try clock.measure {
            for index in 0..<operations {
                sink &+= try cal.adding(fourteen, to: starts[index & 1_023]).secondsSinceEpoch
            }
        }
        let spanTime = try clock.measure {
            for index in 0..<operations {
                let from = starts[index & 1_023]
                let to = starts[(index &+ 7) & 1_023]
                sink &+= Int64(try cal.workingMinutes(from: from, to: to))
            }
        }
        let minutes = 14 * 450
        let walkTime = try clock.measure {
            for index in 0..<operations {
                sink &+= try cal.addingWorkingMinutes(minutes, to: starts[index & 1_023]).secondsSinceEpoch
            }
        }
        func rate(_ elapsed: Swift.Duration) -> String {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            return String(
                format: "%.2f M ops/s (%.0f ns/op)", Double(operations) / seconds / 1e6,
                seconds * 1e9 / Double(operations))
        }
        print(
            "WorkingCalendar throughput: adding(14 working_days): \(rate(addTime)); "
                + "addingWorkingMinutes(6300): \(rate(walkTime)); workingMinutes: \(rate(spanTime)) [sink \(sink & 1)]")
    }
}
