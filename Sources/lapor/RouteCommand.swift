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

    @Option(
        help: """
            The routing table's name; without it, the workspace's only table, or else the only one whose \
            rules name the category.
            """)
    var table: String?

    func run() throws {
        let loaded = try loadCleanWorkspace(workspace)
        let printer = DiagnosticPrinter(sources: loaded.sources)
        let tables = loaded.workspace.routingTables
        let names = tables.map(\.metadata.name.value)
        let naming = tables.filter { table in
            table.rules.contains { rule in rule.categories.contains { $0.value == category } }
        }
        let chosen: RoutingTable
        if let table {
            guard let named = tables.first(where: { $0.metadata.name.value == table }) else {
                let diagnostic = Diagnostic.unknownDocument(
                    .routingTable, name: table, known: names.sorted(), at: .file(table))
                print(printer.text([diagnostic], fileCount: loaded.workspace.files.count), terminator: "")
                throw ExitCode(1)
            }
            chosen = named
        } else if tables.count == 1, let only = tables.first {
            chosen = only
        } else if naming.count == 1, let only = naming.first {
            chosen = only
            print("table: \(only.metadata.name.value) (the only routing table whose rules name category '\(category)')")
        } else {
            let which =
                naming.isEmpty
                ? "none of them names category '\(category)' in a rule"
                : "\(naming.map(\.metadata.name.value).joined(separator: " and ")) name category '\(category)'"
            throw ValidationError(
                "the workspace has several routing tables and \(which); choose one with --table (\(names.joined(separator: ", ")))"
            )
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
