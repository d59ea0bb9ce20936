import ArgumentParser
import Foundation
import Lapor
import LaporStore

/// `lapor report`: reports over a store.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports over a store.", subcommands: [ReportDaily.self])
}

/// Output formats of reports.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// `lapor report daily --date D [--unit U]`.
struct ReportDaily: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daily",
        abstract: "Per unit: received, answered, in process, overdue with working days late, himbauan/rekomendasi.",
        discussion: """
            Figures are as of the end of --date in the calendar's time zone: the journal is replayed up to then. \
            "Answered" means the --sla clock stopped (respon in both shipped workflows).
            """)

    @Option(help: "The day, YYYY-MM-DD.") var date: String
    @Option(help: "Only this unit.") var unit: String?
    @Option(help: "The SLA whose stop counts as answered.") var sla = "respon"
    @Option(name: .customLong("format"), help: "Output format: text, json or csv.") var output: ReportFormat = .text
    @Option(help: "The store file (default: $LAPOR_STORE, else ./lapor.sqlite).") var store: String?
    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        var options = StoreOptions()
        options.store = store
        options.format = output == .json ? .json : .text
        guard let day = LocalDate(parsing: date) else {
            throw options.fail(.malformedInstant(date, at: .file("--date")))
        }
        let definitions = try workspace.definitions(format: options.format)
        let opened = try options.open(.read)
        let report = try options.attempt { () throws(Diagnostic) in
            try opened.dailyReport(date: day, sla: sla, unit: unit, definitions: definitions)
        }
        switch output {
        case .json: try options.printJSON(report)
        case .csv:
            print("date,unit,received,answered,answered_late,in_process,overdue,max_days_late,report_lines")
            for line in report.units {
                let late = line.overdue.map(\.daysLate).max() ?? 0
                print(
                    "\(report.date),\(line.unit),\(line.received),\(line.answered),\(line.answeredLate),"
                        + "\(line.inProcess),\(line.overdue.count),\(late),\(line.lines.count)")
            }
        case .text:
            print("daily report \(report.date) (answered = \(report.sla) clock stopped)")
            for line in report.units {
                print(
                    "\(line.unit): received \(line.received), answered \(line.answered) (\(line.answeredLate) late), "
                        + "in process \(line.inProcess), overdue \(line.overdue.count)")
                for overdue in line.overdue {
                    print(
                        "  \(overdue.ticket) \(overdue.category): \(overdue.daysLate) working days late (due \(overdue.due))"
                    )
                }
                for text in line.lines { print("  \(text)") }
            }
            if report.units.isEmpty { print("no tickets") }
        }
    }
}
