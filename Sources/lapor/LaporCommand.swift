import ArgumentParser
import Lapor

/// The `lapor` command line: a thin shell over the Lapor library.
@main
struct LaporCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lapor",
        abstract: "Declarative complaint-workflow engine for Kemnaker's Pusat Bantuan and Lapor Menaker.",
        version: laporVersion,
        subcommands: [
            Validate.self, TestCommand.self, SchemaCommand.self, RouteCommand.self, CalendarCommand.self,
            TicketCommand.self, TimersCommand.self, ReportCommand.self, MigrateCommand.self, OutboxCommand.self,
            StoreCommand.self, SimulateCommand.self, RoutingCommand.self, GenerateCommand.self, BenchCommand.self,
        ]
    )
}
