import ArgumentParser
import Lapor

/// `lapor bench calendar`: working-time arithmetic of the shipped calendar.
struct CalendarBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Time WorkingCalendar.adding and workingMinutes; baseline: walking the calendar day by day.",
        discussion: """
            Start instants are drawn before timing (fixed seed) from 2025-01-01 to 2026-11-30 local time, so \
            14 working days later is still inside the declared years. The baseline must agree with the \
            calendar on every sample, or the benchmark fails. Figures are for one core.
            """
    )

    @Option(help: "The workspace whose calendar is timed.")
    var workspace: String = "."

    @Option(help: "The calendar's name (required when the workspace has several).")
    var calendar: String?

    @Option(help: "Working days added to each start instant.")
    var workingDays: Int = 14

    @Option(help: "Longest span, in calendar days, given to workingMinutes(from:to:).")
    var spanDays: Int = 30

    @Option(help: "Samples per operation.")
    var samples: Int = 200_000

    @Option(help: "Samples the baseline is timed on (it is checked against the calendar on all of them).")
    var baselineSamples: Int = 20_000

    @Option(help: "Repetitions per measurement (the median is reported).")
    var repetitions: Int = 7

    @Option(help: "Seed of the instant generator.")
    var seed: UInt64 = 2025

    func validate() throws {
        try requireAtLeast(0, ["working-days": workingDays, "span-days": spanDays])
        try requireAtLeast(
            1, ["samples": samples, "baseline-samples": baselineSamples, "repetitions": repetitions])
    }

    func run() throws {
        let loaded = try loadCleanWorkspace(workspace)
        let names = Array(Set(loaded.workspace.calendars.map(\.metadata.name.value))).sorted()
        guard let name = calendar ?? (names.count == 1 ? names.first : nil) else {
            throw ValidationError("choose a calendar with --calendar (\(names.joined(separator: ", ")))")
        }
        let working: WorkingCalendar
        switch WorkingCalendar.make(named: name, in: loaded.workspace) {
        case .success(let built): working = built
        case .failure(let diagnostic): throw BenchFailure("calendar '\(name)': \(diagnostic.message)")
        }
        let naive = DayByDayCalendar(calendar: working)
        let offset = working.offset
        guard let first = LocalDate(year: 2025, month: 1, day: 1), let last = LocalDate(year: 2026, month: 11, day: 30)
        else { return }
        let low = Instant(date: first, secondOfDay: 0, offset: offset).secondsSinceEpoch
        let high = Instant(date: last, secondOfDay: 86_400, offset: offset).secondsSinceEpoch
        var random = SplitMix64(seed: seed)
        let starts = (0..<max(1, samples)).map { _ in
            Instant(secondsSinceEpoch: Int64.random(in: low..<high, using: &random))
        }
        let spans = starts.map { start in
            (
                start,
                Instant(
                    secondsSinceEpoch: start.secondsSinceEpoch
                        + Int64.random(in: 0...Int64(spanDays) * 86_400, using: &random))
            )
        }
        let duration = Lapor.Duration(workingDays, .workingDays)

        // Every sample must succeed, and the baseline must agree with the calendar, before anything is timed.
        for start in starts {
            let fast = try? working.adding(duration, to: start)
            let slow = try? naive.adding(workingDays: workingDays, to: start)
            guard fast != nil, fast == slow else {
                throw BenchFailure(
                    "adding \(duration) to \(start.formatted(at: offset)): calendar gives "
                        + "\(fast?.formatted(at: offset) ?? "an error"), day-by-day walk \(slow?.formatted(at: offset) ?? "an error")"
                )
            }
        }
        for (start, end) in spans {
            let fast = try? working.workingMinutes(from: start, to: end)
            let slow = try? naive.workingMinutes(from: start, to: end)
            guard fast != nil, fast == slow else {
                throw BenchFailure(
                    "working minutes from \(start.formatted(at: offset)) to \(end.formatted(at: offset)): calendar "
                        + "gives \(fast.map(String.init) ?? "an error"), day-by-day walk \(slow.map(String.init) ?? "an error")"
                )
            }
        }

        let years = working.years.map(String.init).joined(separator: ", ")
        print("calendar '\(name)' (\(working.timeZone); \(years)), one core")
        print(
            "operation                                 lapor ops/s          baseline ops/s         speed-up   checksum")
        let baselineCount = max(1, min(baselineSamples, starts.count))
        report(
            "adding(\(duration), to:)",
            lapor: time(starts) { start in (try? working.adding(duration, to: start))?.secondsSinceEpoch ?? 0 },
            baseline: time(starts.prefix(baselineCount)) { start in
                (try? naive.adding(workingDays: workingDays, to: start))?.secondsSinceEpoch ?? 0
            })
        report(
            "workingMinutes(from:to:), 0-\(spanDays) days",
            lapor: time(spans) { span in Int64((try? working.workingMinutes(from: span.0, to: span.1)) ?? 0) },
            baseline: time(spans.prefix(baselineCount)) { span in
                Int64((try? naive.workingMinutes(from: span.0, to: span.1)) ?? 0)
            })
    }

    /// Operations per second over `inputs` (median of the repetitions) and a checksum of the results.
    private func time<Inputs: Collection>(_ inputs: Inputs, _ operation: (Inputs.Element) -> Int64) -> (
        rate: Double, checksum: Int64
    ) {
        var checksum: Int64 = 0
        let seconds = medianSeconds(repetitions: repetitions) {
            for input in inputs { checksum &+= operation(input) }
        }
        return (Double(inputs.count) / max(seconds, 1e-12), checksum)
    }

    private func report(
        _ name: String, lapor: (rate: Double, checksum: Int64), baseline: (rate: Double, checksum: Int64)
    ) {
        print(
            name.padding(toLength: 42, withPad: " ", startingAt: 0)
                + rate(lapor.rate).padding(toLength: 21, withPad: " ", startingAt: 0)
                + rate(baseline.rate).padding(toLength: 23, withPad: " ", startingAt: 0)
                + String(format: "%.1fx", lapor.rate / max(baseline.rate, 1e-12)).padding(
                    toLength: 11, withPad: " ", startingAt: 0) + "\(lapor.checksum &+ baseline.checksum)")
    }
}

/// The baseline: working-time arithmetic by walking the calendar one day at a time through its
/// public per-day answers (`dayKind`, `workingIntervals(on:)`), following docs/calendar.md.
struct DayByDayCalendar {
    let calendar: WorkingCalendar

    /// The working intervals of `date` in seconds after local midnight.
    private func intervals(_ date: LocalDate) throws(Diagnostic) -> [(start: Int, end: Int)] {
        try calendar.workingIntervals(on: date).map { ($0.start.minutes * 60, $0.end.minutes * 60) }
    }

    /// The working-days rule: normalize, take the working time into that day, and place it into the
    /// `count`-th following working day (the later start on a break boundary, clamped to the day's end).
    func adding(workingDays count: Int, to instant: Instant) throws(Diagnostic) -> Instant {
        let offset = calendar.offset
        var date = instant.localDate(at: offset)
        var second = instant.secondOfDay(at: offset)
        var workedIntoDay: Int?
        while workedIntoDay == nil {
            if try calendar.dayKind(date).isWorking {
                var before = 0
                for interval in try intervals(date) {
                    if second < interval.end {
                        workedIntoDay = before + max(second, interval.start) - interval.start
                        break
                    }
                    before += interval.end - interval.start
                }
            }
            if workedIntoDay == nil {
                date = date.adding(days: 1)
                second = 0
            }
        }
        var remaining = count
        while remaining > 0 {
            date = date.adding(days: 1)
            if try calendar.dayKind(date).isWorking { remaining -= 1 }
        }
        let worked = workedIntoDay ?? 0
        let day = try intervals(date)
        var result = day.last?.end ?? 0
        var before = 0
        for interval in day {
            let length = interval.end - interval.start
            if worked < before + length {
                result = interval.start + worked - before
                break
            }
            before += length
        }
        return Instant(date: date, secondOfDay: result, offset: offset)
    }

    /// Working minutes in `[start, end)`, summing the overlap with every working interval day by day.
    func workingMinutes(from start: Instant, to end: Instant) throws(Diagnostic) -> Int {
        guard start < end else { return 0 }
        let offset = calendar.offset
        var date = start.localDate(at: offset)
        let last = end.localDate(at: offset)
        var seconds: Int64 = 0
        while date <= last {
            let midnight = Instant(date: date, secondOfDay: 0, offset: offset).secondsSinceEpoch
            if try calendar.dayKind(date).isWorking {
                for interval in try intervals(date) {
                    let from = max(start.secondsSinceEpoch, midnight + Int64(interval.start))
                    let to = min(end.secondsSinceEpoch, midnight + Int64(interval.end))
                    if to > from { seconds += to - from }
                }
            }
            date = date.adding(days: 1)
        }
        return Int(seconds / 60)
    }
}
