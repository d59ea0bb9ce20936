import Foundation

/// Checks of every `Calendar` document, per year and across the years of one calendar.
struct CalendarChecks {
    let years: [CalendarYear]

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var firstOfName: [String: CalendarYear] = [:]
        var seenYears: [String: SourceLocation] = [:]
        for year in years {
            diagnostics += check(year)
            let name = year.metadata.name.value
            let key = "\(name)#\(year.year.value)"
            if let first = seenYears[key] {
                diagnostics.append(
                    .duplicateCalendarYear(name, year: year.year.value, at: year.year.location, first: first))
            } else {
                seenYears[key] = year.year.location
            }
            if let first = firstOfName[name] {
                if first.timeZone.value != year.timeZone.value {
                    diagnostics.append(
                        .inconsistentCalendar(
                            name, what: "the time zone", at: year.timeZone.location, first: first.timeZone.location))
                }
            } else {
                firstOfName[name] = year
            }
        }
        return diagnostics
    }

    private func check(_ calendar: CalendarYear) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let year = calendar.year.value
        if TimeZone(identifier: calendar.timeZone.value) == nil {
            diagnostics.append(.unknownTimeZone(calendar.timeZone.value, at: calendar.timeZone.location))
        }
        let workingDays = Set(calendar.workingDays.map(\.value))
        if workingDays.isEmpty {
            diagnostics.append(.invalidWorkingHours("the calendar has no working days", at: calendar.location))
        }
        diagnostics += hours(calendar.workingHours, workingDays: workingDays, at: calendar.location)
        if let ramadan = calendar.ramadan {
            for date in [ramadan.from, ramadan.until] where date.value.year != year {
                diagnostics.append(.dateOutsideYear(date.value, year: year, at: date.location))
            }
            if ramadan.until.value < ramadan.from.value {
                diagnostics.append(.invertedPeriod(ramadan.from.value, ramadan.until.value, at: ramadan.until.location))
            }
            diagnostics += hours(ramadan.workingHours, workingDays: workingDays, at: ramadan.location)
        }
        var seen: [LocalDate: SourceLocation] = [:]
        for day in calendar.holidays + calendar.cutiBersama {
            if day.date.value.year != year {
                diagnostics.append(.dateOutsideYear(day.date.value, year: year, at: day.date.location))
            }
            if let first = seen[day.date.value] {
                diagnostics.append(.duplicateDate(day.date.value, at: day.date.location, first: first))
            } else {
                seen[day.date.value] = day.date.location
            }
        }
        for day in calendar.cutiBersama where !workingDays.contains(day.date.value.weekday) {
            diagnostics.append(.leaveOnNonWorkingDay(day.date.value, at: day.date.location))
        }
        return diagnostics
    }

    private func hours(_ blocks: [WorkingHours], workingDays: Set<Weekday>, at location: SourceLocation)
        -> [Diagnostic]
    {
        var diagnostics: [Diagnostic] = []
        var covered: [Weekday: SourceLocation] = [:]
        for block in blocks {
            for day in block.days {
                if covered[day.value] != nil {
                    diagnostics.append(
                        .invalidWorkingHours("\(day.value.rawValue) has two working-hours blocks", at: day.location))
                }
                covered[day.value] = day.location
                if !workingDays.contains(day.value) {
                    diagnostics.append(
                        .invalidWorkingHours("\(day.value.rawValue) is not a working day", at: day.location))
                }
            }
            if block.end.value <= block.start.value {
                diagnostics.append(
                    .invalidWorkingHours(
                        "end \(block.end.value) is not after start \(block.start.value)",
                        at: block.end.location))
                continue
            }
            var previousEnd = block.start.value
            for pause in block.breaks {
                let range = pause.value
                if range.end <= range.start || range.start < previousEnd || range.end > block.end.value {
                    diagnostics.append(
                        .invalidWorkingHours(
                            "break \(range) must lie within \(block.start.value)-\(block.end.value), in order",
                            at: pause.location))
                }
                previousEnd = max(previousEnd, range.end)
            }
            if block.minutesPerDay <= 0 {
                diagnostics.append(.invalidWorkingHours("the day has no working time", at: block.location))
            }
        }
        for day in workingDays.sorted() where covered[day] == nil {
            diagnostics.append(.invalidWorkingHours("working day \(day.rawValue) has no working hours", at: location))
        }
        return diagnostics
    }
}
