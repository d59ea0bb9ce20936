import ArgumentParser
import Lapor
import LaporYAML

/// `lapor calendar`: working-time arithmetic and holiday listings of a workspace's calendars.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Compute due dates and list holidays with a working calendar.",
        subcommands: [CalendarDue.self, CalendarHolidays.self]
    )
}

/// Options shared by the calendar subcommands.
struct CalendarOptions: ParsableArguments {
    @Option(help: "The workspace to load.")
    var workspace: String = "."

    @Option(help: "The calendar's name (required when the workspace has several).")
    var calendar: String?

    @Option(help: "Output format: text or json.")
    var format: DiagnosticPrinter.Format = .text

    func validate() throws {
        guard format != .sarif else { throw ValidationError("--format sarif is only for lapor validate") }
    }

    /// Loads and validates the workspace and builds the chosen calendar, printing diagnostics on failure.
    func load() throws -> (calendar: WorkingCalendar, printer: DiagnosticPrinter, fileCount: Int) {
        let loaded = try loadCleanWorkspace(workspace, format: format)
        let printer = DiagnosticPrinter(sources: loaded.sources)
        let fileCount = loaded.workspace.files.count
        let names = Array(Set(loaded.workspace.calendars.map(\.metadata.name.value))).sorted()
        guard let chosen = calendar ?? (names.count == 1 ? names.first : nil) else {
            throw ValidationError(
                "the workspace has \(names.isEmpty ? "no" : "several") calendars; choose one with --calendar "
                    + "(\(names.joined(separator: ", ")))")
        }
        switch WorkingCalendar.make(named: chosen, in: loaded.workspace) {
        case .success(let built): return (built, printer, fileCount)
        case .failure(let diagnostic): throw fail(diagnostic, printer: printer, fileCount: fileCount)
        }
    }

    /// Prints `diagnostic` and returns the exit code to throw.
    func fail(_ diagnostic: Diagnostic, printer: DiagnosticPrinter, fileCount: Int) -> ExitCode {
        print(printer.render([diagnostic], format: format, fileCount: fileCount), terminator: "")
        return ExitCode(diagnostic.code.isInputFailure ? 2 : 1)
    }
}

/// `lapor calendar due`: the due instant of a duration from a start instant.
struct CalendarDue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Add working days, working hours, days or hours to an instant.",
        discussion: """
            An instant outside working time (before start, in a break, after end, on a weekend, holiday or \
            cuti bersama) counts from the start of the next working interval. Exit status 1 for a malformed \
            instant (LAP502), a negative amount (LAP503) or a year the calendar does not declare (LAP501).
            """
    )

    @Option(help: "The start, ISO 8601 with an offset, e.g. 2025-03-20T10:00+07:00.")
    var from: String

    @Option(help: "Working days to add.")
    var workingDays: Int?

    @Option(help: "Working hours to add.")
    var workingHours: Int?

    @Option(help: "Calendar days (24 h) to add.")
    var days: Int?

    @Option(help: "Clock hours to add.")
    var hours: Int?

    @Flag(help: "Show where counting starts and every non-working date passed over.")
    var explain = false

    @OptionGroup var options: CalendarOptions

    func validate() throws {
        let given = [workingDays, workingHours, days, hours].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("give exactly one of --working-days, --working-hours, --days, --hours")
        }
    }

    var duration: Lapor.Duration {
        if let workingDays { return Lapor.Duration(workingDays, .workingDays) }
        if let workingHours { return Lapor.Duration(workingHours, .workingHours) }
        if let days { return Lapor.Duration(days, .days) }
        return Lapor.Duration(hours ?? 0, .hours)
    }

    /// The option the duration was given with, for diagnostics.
    var durationOption: String {
        if workingDays != nil { return "--working-days" }
        if workingHours != nil { return "--working-hours" }
        if days != nil { return "--days" }
        return "--hours"
    }

    func run() throws {
        let (calendar, printer, fileCount) = try options.load()
        guard let start = Instant(parsing: from) else {
            throw options.fail(.malformedInstant(from, at: .file("--from")), printer: printer, fileCount: fileCount)
        }
        guard duration.amount >= 0 else {
            throw options.fail(
                .negativeDuration(duration.description, at: .file(durationOption)), printer: printer,
                fileCount: fileCount)
        }
        do throws(Diagnostic) {
            let explanation = try calendar.explainDue(from: start, adding: duration)
            switch options.format {
            case .json: print(explanation.json(at: calendar.offset), terminator: "")
            case .text where explain, .sarif where explain:
                print(explanation.render(at: calendar.offset), terminator: "")
            case .text, .sarif: print(explanation.due.formatted(at: calendar.offset))
            }
        } catch {
            throw options.fail(error, printer: printer, fileCount: fileCount)
        }
    }
}

/// `lapor calendar holidays YEAR`: the holidays and cuti bersama of a year.
struct CalendarHolidays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "List the holidays and cuti bersama days of a year, with their weekdays."
    )

    @Argument(help: "The year to list.")
    var year: Int

    @OptionGroup var options: CalendarOptions

    func run() throws {
        let (calendar, printer, fileCount) = try options.load()
        do throws(Diagnostic) {
            let listing = try calendar.holidayListing(year: year)
            print(options.format == .json ? listing.json() : listing.render(), terminator: "")
        } catch {
            throw options.fail(error, printer: printer, fileCount: fileCount)
        }
    }
}
