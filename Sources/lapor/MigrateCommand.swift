import ArgumentParser
import Foundation
import Lapor
import LaporStore

/// `lapor migrate --plan FILE|NAME [--dry-run]`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move in-flight tickets to another workflow with a migration plan, in one transaction.",
        discussion: """
            Every open ticket pinned to the plan's source definition moves, or none does: if the plan refuses \
            a ticket (LAP544) the refusals are printed, nothing is written and the exit status is 1. \
            --dry-run prints what would move.
            """)

    @Option(help: "The migration plan: a file of the workspace (plans/…) or its name.") var plan: String
    @Flag(help: "Print what would move; write nothing.") var dryRun = false
    @Option(name: .customLong("as"), help: "The role the migration is journaled under.") var role = "sistem"
    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        let loaded = try loadCleanWorkspace(workspace.workspace, format: store.format)
        let plans = loaded.workspace.migrationPlans
        guard let chosen = document(plan, in: plans, name: \.metadata.name) else {
            let known = plans.map(\.metadata.name.value).sorted().joined(separator: ", ")
            throw ValidationError("no migration plan '\(plan)' in the workspace (known: \(known))")
        }
        let migration: Migration
        switch Migration.make(plan: chosen, in: loaded.workspace) {
        case .success(let made): migration = made
        case .failure(let errors):
            print(
                DiagnosticPrinter(sources: loaded.sources).render(
                    errors.all, format: store.format, fileCount: loaded.workspace.files.count), terminator: "")
            throw ExitCode(1)
        }
        let now = try store.instant()
        let opened = try store.open(dryRun ? .read : .write)
        let result = try store.attempt { () throws(Diagnostic) in
            try opened.migrate(migration, by: Actor(role: role), now: now, dryRun: dryRun)
        }
        for move in result.moves {
            print("\(move.ticket): \(move.from) → \(move.to)  (\(move.events.joined(separator: ", ")))")
        }
        if !result.refused.isEmpty {
            print(DiagnosticPrinter().render(result.refused, format: store.format, fileCount: 0), terminator: "")
            print("nothing migrated: the plan refuses \(result.refused.count) ticket(s)")
            throw ExitCode(1)
        }
        let verb = result.dryRun ? "would move" : "moved"
        print(
            "\(verb) \(result.moves.count) ticket(s) from \(migration.source.name) \(migration.source.version) "
                + "to \(migration.target.name) \(migration.target.version) with plan \(migration.name)")
    }
}
