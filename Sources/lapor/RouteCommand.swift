import ArgumentParser
import Lapor
import LaporYAML

/// `lapor route`: ask the router of a workspace where a ticket goes.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Query a routing table.",
        subcommands: [RouteExplain.self]
    )
}

/// `lapor route explain`: the decision and every rule tried before it.
struct RouteExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which rule routes a ticket, and why each earlier rule did not match."
    )

    @Option(help: "The ticket's category.")
    var category: String

    @Option(name: .customLong("label"), help: "A label of the ticket (repeat for several).")
    var labels: [String] = []

    @Option(help: "The intake channel.")
    var channel: String?

    @Option(help: "The reporter's region (province code).")
    var region: String?

    @Option(help: "The workspace to load.")
    var workspace: String = "."

    @Option(help: "The routing table's name (required when the workspace has several).")
    var table: String?

    func run() throws {
        let loaded = try loadCleanWorkspace(workspace)
        let printer = DiagnosticPrinter(sources: loaded.sources)
        let tables = loaded.workspace.routingTables
        let names = tables.map(\.metadata.name.value)
        guard
            let chosen = table.map({ name in tables.first { $0.metadata.name.value == name } })
                ?? (tables.count == 1 ? tables.first : nil)
        else {
            let message = table.map { "unknown routing table '\($0)'" } ?? "the workspace has several routing tables"
            throw ValidationError("\(message); choose one with --table (\(names.joined(separator: ", ")))")
        }
        let router = Router(table: chosen, catalog: loaded.workspace.categoryCatalog(named: chosen.categories.value))
        let input = RoutingInput(category: category, labels: labels, channel: channel, region: region)
        switch router.explain(input) {
        case .failure(let diagnostic):
            print(printer.text([diagnostic], fileCount: loaded.workspace.files.count), terminator: "")
            throw ExitCode(1)
        case .success(let explanation):
            for warning in explanation.warnings {
                print("\(warning.severity.rawValue)[\(warning.code.rawValue)]: \(warning.message)")
            }
            let decision = explanation.decision
            print(
                "route: \(decision.unit) (\(decision.disposition.rawValue)) by rule '\(decision.rule)' at \(decision.ruleLocation)"
            )
            print("rules tried in order:")
            for trial in explanation.trials {
                print("  \(trial.location)  \(trial.rule): \(trial.reason ?? "matches")")
            }
        }
    }
}
