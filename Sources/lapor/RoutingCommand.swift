import ArgumentParser
import Foundation
import Lapor
import LaporSimulator
import LaporStore
import LaporYAML

/// `lapor routing`: what-ifs of routing tables.
struct RoutingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Compare routing tables.",
        subcommands: [RoutingDiffCommand.self]
    )
}

/// `lapor routing diff OLD NEW [--replay FILE] [--scenario SCENARIO]`.
struct RoutingDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "Show which tickets a new routing table sends elsewhere, and what that does to the load and breaches.",
        discussion: """
            OLD and NEW are routing tables: the name of a table of the workspace, its file, or a routing-table \
            file outside the workspace (checked against the workspace's unit and category catalogs). The diff \
            lists the rules removed, added, changed and moved, and every class of tickets (category × the \
            labels, channels and regions the rules name) whose destination changes. --replay routes the \
            tickets of a store export (`lapor store export`) or of a simulator tickets.csv with both tables \
            and counts the moves per unit. --scenario runs a scenario whose workflow uses the table once \
            with each table (common random numbers) and prints breach % per unit with paired 95% intervals.
            """)

    @Argument(help: "The current routing table: a table name or file of the workspace, or a file.") var old: String
    @Argument(help: "The routing table to compare with: a table name or file of the workspace, or a file.")
    var new: String
    @Option(help: "A store export (JSON Lines) or a simulator tickets.csv to route again with both tables.")
    var replay: String?
    @Option(
        name: .customLong("workflow"),
        help:
            "With --replay: replay tickets of this workflow (repeat for several; default: the workflows using the tables)."
    )
    var workflows: [String] = []
    @Option(help: "A scenario (name or file) to simulate with each table.") var scenario: String?
    @Option(help: "With --scenario: replications (default: the scenario's).") var replications: Int?
    @Flag(help: "With --scenario: run replications one after another.") var serial = false
    @Flag(help: "No progress bar on standard error.") var noProgress = false
    @Option(help: "Output format: text or json.") var format: DiagnosticPrinter.Format = .text
    @OptionGroup var workspace: WorkspaceOptions

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if replications != nil || serial, scenario == nil {
            throw ValidationError("--replications and --serial need --scenario")
        }
        if !workflows.isEmpty, replay == nil { throw ValidationError("--workflow needs --replay") }
        if format == .sarif { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        var loaded = try loadCleanWorkspace(workspace.workspace, format: format)
        let loader = WorkspaceLoader()
        let before = loader.routingTable(old, in: &loaded)
        let after = loader.routingTable(new, in: &loaded)
        let diagnostics = (before.diagnostics + after.diagnostics).sortedForOutput()
        let printer = DiagnosticPrinter(sources: loaded.sources)
        guard let oldTable = before.table, let newTable = after.table else {
            print(printer.render(diagnostics, format: format, fileCount: 2), terminator: "")
            throw ExitCode(diagnostics.contains { $0.code.isInputFailure } ? 2 : 1)
        }
        if !diagnostics.isEmpty {
            FileHandle.standardError.write(Data(printer.text(diagnostics, fileCount: 2).utf8))
        }
        let space = loaded.workspace
        var catalogs: [CategoryCatalog] = []
        for name in [oldTable.categories.value, newTable.categories.value]
        where !catalogs.contains(where: {
            $0.metadata.name.value == name
        }) {
            if let catalog = space.categoryCatalog(named: name) { catalogs.append(catalog) }
        }
        let diff = RoutingDiff(old: oldTable, new: newTable, catalogs: catalogs)

        var replayed: RoutingReplay?
        if let replay {
            replayed = try replayFile(replay, old: oldTable, new: newTable, catalogs: catalogs, in: space)
        }
        var comparison: SimulationComparison?
        if let scenario {
            comparison = try simulate(scenario, old: oldTable, new: newTable, in: loaded)
        }

        if format == .json {
            print(
                TextTable.json(
                    Output(
                        diff: diff.summary, replay: replayed.map { $0.summary(file: replay ?? "") },
                        simulation: comparison.map(RoutingWhatIf.summary))), terminator: "")
            return
        }
        var text = diff.text()
        if let replayed, let replay {
            let conditioned = (oldTable.rules + newTable.rules).filter { !$0.channels.isEmpty || !$0.regions.isEmpty }
                .map(\.id.value)
            text += "\n" + replayed.text(file: replay, conditionedOn: Array(Set(conditioned)).sorted())
        }
        if let comparison { text += "\n" + RoutingWhatIf.text(comparison) }
        print(text, terminator: "")
    }

    private struct Output: Encodable {
        var diff: RoutingDiff.Summary
        var replay: RoutingReplay.Summary?
        var simulation: RoutingWhatIf.Summary?
    }

    private func fail(_ diagnostic: Diagnostic, sources: SourceFiles = SourceFiles()) -> ExitCode {
        print(
            DiagnosticPrinter(sources: sources).render([diagnostic], format: format, fileCount: 1), terminator: "")
        return ExitCode(diagnostic.code.isInputFailure ? 2 : 1)
    }

    private func replayFile(
        _ file: String, old: RoutingTable, new: RoutingTable, catalogs: [CategoryCatalog], in space: Workspace
    ) throws -> RoutingReplay {
        var isDirectory: ObjCBool = false
        guard
            file == "-"
                || (FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue),
            let lines = LineReader(path: file)
        else {
            throw fail(.unreadableFile(file, reason: "no such file or not a readable file"))
        }
        var names = Set(workflows)
        if names.isEmpty {
            names = Set(
                (space.workflows(routedBy: old.metadata.name.value) + space.workflows(routedBy: new.metadata.name.value))
                    .map(\.metadata.name.value))
        }
        var replay = RoutingReplay(old: old, new: new, workflows: names.isEmpty ? nil : names, catalogs: catalogs)
        do throws(Diagnostic) {
            try replay.read(lines: lines, file: file)
        } catch {
            throw fail(error)
        }
        return replay
    }

    private func simulate(_ given: String, old: RoutingTable, new: RoutingTable, in loaded: LoadResult) throws
        -> SimulationComparison
    {
        let space = loaded.workspace
        guard let chosen = document(given, in: space.scenarios, name: \.metadata.name) else {
            throw fail(
                .unknownDocument(
                    .scenario, name: given, known: space.scenarios.map(\.metadata.name.value).sorted(),
                    at: .file(given)))
        }
        // The table the scenario's workflows use: the old table's name, or else the new one's.
        let used = Set(chosen.workflows.compactMap { space.workflow(named: $0.workflow.value)?.routing?.value })
        let table =
            used.contains(new.metadata.name.value) && !used.contains(old.metadata.name.value)
            ? new.metadata.name.value : old.metadata.name.value
        let whatIf: RoutingWhatIf
        switch RoutingWhatIf.make(
            scenario: chosen.metadata.name.value, in: space, table: table, old: old, new: new)
        {
        case .success(let made): whatIf = made
        case .failure(let errors):
            print(
                DiagnosticPrinter(sources: loaded.sources).render(
                    errors.all, format: format, fileCount: loaded.workspace.files.count), terminator: "")
            throw ExitCode(1)
        }
        let progress = noProgress ? nil : ProgressBar.onTerminal()
        var report: (@Sendable (Double) -> Void)?
        if let progress { report = { fraction in progress.update(fraction) } }
        func run(_ model: SimulationModel) throws -> SimulationOutcome {
            do throws(Diagnostic) {
                let outcome = try Simulator(model: model).run(
                    replications: replications, parallel: !serial, progress: report)
                progress?.finish()
                return outcome
            } catch {
                progress?.finish()
                throw fail(error)
            }
        }
        return RoutingWhatIf.comparison(old: try run(whatIf.old), new: try run(whatIf.new))
    }
}
