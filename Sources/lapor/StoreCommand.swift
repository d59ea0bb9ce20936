import ArgumentParser
import Foundation
import Lapor
import LaporStore

/// `lapor timers`: fire due reminders, breaches and escalations.
struct TimersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers", abstract: "Fire the timers of a store.", subcommands: [TimersRun.self])
}

/// `lapor timers run --until INSTANT`.
struct TimersRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fire every timer due by --until (default: now), earliest first, each exactly once.",
        discussion: """
            Timers fire in batches, one transaction each: a runner killed midway leaves every committed batch \
            journaled and the rest pending, and two runners at once never fire a timer twice.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Fire timers due up to this instant (default: --now).") var until: String?

    func run() throws {
        let definitions = try workspace.definitions(format: store.format)
        let now = try store.instant()
        var limit = now
        if let until {
            guard let parsed = Instant(parsing: until) else {
                throw store.fail(.malformedInstant(until, at: .file("--until")))
            }
            limit = parsed
        }
        let opened = try store.open(.write)
        let result = try store.attempt { () throws(Diagnostic) in
            try opened.fireTimers(until: limit, definitions: definitions, now: now)
        }
        if store.format == .json {
            try store.printJSON(
                TimerRunJSON(
                    fired: result.fired.map(\.description), events: result.events, skipped: result.skipped))
            return
        }
        for timer in result.fired {
            print("fired \(timer.ticket) \(timer.description) due \(timer.due.formatted(at: jakarta))")
        }
        print("\(result.fired.count) timers fired, \(result.events) events, \(result.skipped) already fired elsewhere")
    }
}

private struct TimerRunJSON: Encodable {
    var fired: [String]
    var events: Int
    var skipped: Int
}

/// `lapor store`: maintenance of the store file.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Verify, rebuild, export and import a store.",
        subcommands: [StoreVerify.self, StoreRebuild.self, StoreExport.self, StoreImport.self])
}

/// `lapor store verify`.
struct StoreVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Replay every ticket and compare with the projections (exit 1 on a difference).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.open(.read)
        let report = try store.attempt { () throws(Diagnostic) in try opened.verify() }
        if !report.problems.isEmpty {
            print(DiagnosticPrinter().render(report.problems, format: store.format, fileCount: 0), terminator: "")
            throw ExitCode(1)
        }
        print("ok: \(report.tickets) tickets, \(report.events) events replayed; projections match")
    }
}

/// `lapor store rebuild`.
struct StoreRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Recompute the tickets and timers projections from the events.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.open(.write)
        let tickets = try store.attempt { () throws(Diagnostic) in try opened.rebuild() }
        print("rebuilt \(tickets) tickets from the events")
    }
}

/// `lapor store export`.
struct StoreExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the journal as JSON Lines (definitions, then events) to stdout.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.open(.read)
        try store.attempt { () throws(Diagnostic) in
            try opened.export { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        }
    }
}

/// `lapor store import FILE`.
struct StoreImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load an export into a new store (all or nothing).")

    @Argument(help: "The JSON Lines file, or - for standard input.") var file: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard let lines = LineReader(path: file) else {
            throw store.fail(.unreadableFile(file, reason: "no such file or not readable"))
        }
        let opened = try store.open(.create)
        let count = try store.attempt { () throws(Diagnostic) in try opened.importJournal(lines: lines, file: file) }
        print("imported \(count) events")
    }
}

/// `lapor outbox`: notifications waiting for delivery.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "List and acknowledge notifications.",
        subcommands: [OutboxList.self, OutboxAck.self])
}

/// `lapor outbox list`.
struct OutboxList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Notifications not yet acknowledged, oldest first.")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Include acknowledged messages.") var all = false
    @Option(help: "At most this many messages.") var limit = 1_000

    func run() throws {
        let opened = try store.open(.read)
        let messages = try store.attempt { () throws(Diagnostic) in
            try opened.outbox(includeAcknowledged: all, limit: limit)
        }
        if store.format == .json {
            try store.printJSON(messages)
            return
        }
        for message in messages {
            let state = message.ackedAt.map { "acked \($0)" } ?? "pending"
            print("\(message.id ?? 0)  \(message.channel)  to \(message.recipient) \(message.unit ?? "-")  [\(state)]")
            print("    \(message.text)")
        }
        print("\(messages.count) message\(messages.count == 1 ? "" : "s")")
    }
}

/// `lapor outbox ack ID`.
struct OutboxAck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge a delivered notification (again: no change).")

    @Argument(help: "The message id.") var id: Int64
    @OptionGroup var store: StoreOptions

    func run() throws {
        let now = try store.instant()
        let opened = try store.open(.write)
        let message = try store.attempt { () throws(Diagnostic) in try opened.acknowledge(id, now: now) }
        print("acknowledged \(id) at \(message.ackedAt ?? "-")")
    }
}
