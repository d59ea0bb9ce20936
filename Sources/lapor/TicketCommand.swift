import ArgumentParser
import Foundation
import Lapor
import LaporStore

/// `lapor ticket`: open, move, annotate and inspect tickets in a store.
struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Open, move, annotate and inspect tickets in a store.",
        discussion: """
            Every command runs in one transaction: a refused command (LAP53x-54x) prints a diagnostic, exits 1 and \
            leaves the store unchanged. With --command-id a retried command applies once.
            """,
        subcommands: [
            TicketOpen.self, TicketTransition.self, TicketNote.self, TicketAssign.self, TicketReply.self,
            TicketReopen.self, TicketShow.self, TicketList.self, TicketBatch.self,
        ]
    )
}

/// Options of the commands that change a ticket.
struct CommandOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Idempotency key: a command with an id already applied is not applied again.")
    var commandID: String?

    @Option(name: .customLong("as"), help: "The role acting (a role of the workflow).")
    var role: String

    @Option(help: "The person acting in the role (user name or employee number).")
    var actor: String?

    var acting: Actor { Actor(role: role, id: actor) }

    /// Runs `input` on ticket `id` and prints the outcome.
    func apply(_ input: Input, to id: String) throws {
        let definitions = try workspace.definitions(format: store.format)
        let now = try store.instant()
        let opened = try store.open(.create)
        let outcome = try store.attempt { () throws(Diagnostic) in
            try opened.apply(input, to: id, definitions: definitions, now: now, commandID: commandID)
        }
        try TicketOutput(options: store, definitions: definitions, now: now).printOutcome(outcome)
    }
}

/// `lapor ticket open`.
struct TicketOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a ticket: number it, route it, start its SLA clocks.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "The complaint category.")
    var category: String

    @Option(name: .customLong("label"), help: "A label (repeat for several).")
    var labels: [String] = []

    @Option(help: "The intake channel.")
    var channel: String?

    @Option(help: "The reporter's region (province code).")
    var region: String?

    @Option(help: "Reference to the reporter (personal data; redacted in output without --show-pii).")
    var reporterRef: String?

    @Option(help: "A file with the report's text, journaled as the reporter's first note.")
    var textFile: String?

    @Option(help: "The workflow (default: the one in effect at --now).")
    var workflow: String?

    @Option(help: "Idempotency key: a command with an id already applied is not applied again.")
    var commandID: String?

    @Flag(help: "Print the routing explanation: the rule that matched and every rule tried before it.")
    var explain = false

    func run() throws {
        let definitions = try workspace.definitions(format: store.format)
        let now = try store.instant()
        var text: String?
        if let textFile {
            guard let data = FileManager.default.contents(atPath: textFile) else {
                throw store.fail(.unreadableFile(textFile, reason: "no such file or not readable"))
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let request = OpenRequest(
            category: category, labels: labels, channel: channel, region: region, reporter: reporterRef, text: text,
            workflow: workflow)
        let opened = try store.open(.create)
        let outcome = try store.attempt { () throws(Diagnostic) in
            try opened.open(request, definitions: definitions, now: now, commandID: commandID)
        }
        let output = TicketOutput(options: store, definitions: definitions, now: now)
        try output.printOutcome(outcome)
        if explain, store.format == .text, let router = definitions.pinned(outcome.ticket.definition)?.router {
            let input = RoutingInput(category: category, labels: labels, channel: channel, region: region)
            if case .success(let explanation) = router.explain(input) {
                print("routing: rule '\(explanation.decision.rule)' at \(explanation.decision.ruleLocation)")
                for trial in explanation.trials {
                    print("  \(trial.location)  \(trial.rule): \(trial.reason ?? "matches")")
                }
            }
        }
    }
}

/// `lapor ticket transition ID EVENT`.
struct TicketTransition: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transition", abstract: "Take a workflow transition.")

    @Argument(help: "The ticket id.") var id: String
    @Argument(help: "The event, e.g. verify.") var event: String
    @Option(help: "The unit, for a transition that routes (overrides the routing table).") var unit: String?
    @OptionGroup var options: CommandOptions

    func run() throws { try options.apply(.transition(event, by: options.acting, unit: unit), to: id) }
}

/// `lapor ticket note ID TEXT`.
struct TicketNote: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note.")

    @Argument(help: "The ticket id.") var id: String
    @Argument(help: "The note's text.") var text: String
    @OptionGroup var options: CommandOptions

    func run() throws { try options.apply(.note(text, by: options.acting), to: id) }
}

/// `lapor ticket assign ID UNIT`.
struct TicketAssign: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign to a unit by hand.")

    @Argument(help: "The ticket id.") var id: String
    @Argument(help: "The unit id.") var unit: String
    @OptionGroup var options: CommandOptions

    func run() throws { try options.apply(.assign(unit: unit, by: options.acting), to: id) }
}

/// `lapor ticket reply ID TEXT`.
struct TicketReply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply", abstract: "Attach the reporter's reply (resumes a ticket waiting on the reporter).")

    @Argument(help: "The ticket id.") var id: String
    @Argument(help: "The reply's text.") var text: String
    @OptionGroup var options: CommandOptions

    func run() throws { try options.apply(.reporterReply(text, by: options.acting), to: id) }
}

/// `lapor ticket reopen ID`.
struct TicketReopen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a closed ticket.")

    @Argument(help: "The ticket id.") var id: String
    @OptionGroup var options: CommandOptions

    func run() throws { try options.apply(.reopen(by: options.acting), to: id) }
}

/// `lapor ticket show ID`.
struct TicketShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "State, clocks with remaining working time, and history of a ticket.")

    @Argument(help: "The ticket id.") var id: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        let definitions = try workspace.definitions(format: store.format)
        let now = try store.instant()
        let opened = try store.open(.read)
        let found = try store.attempt { () throws(Diagnostic) in try opened.ticket(id) }
        try TicketOutput(options: store, definitions: definitions, now: now).printTicket(found.state, found.events)
    }
}

/// `lapor ticket list`.
struct TicketList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tickets by state, unit, breach or due date (from the indexed projection).")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only tickets in this state.") var state: String?
    @Option(help: "Only tickets with this unit.") var unit: String?
    @Flag(help: "Only tickets that breached an SLA.") var breached = false
    @Option(help: "Only tickets with a timer due before this instant.") var dueBefore: String?
    @Flag(help: "Only open tickets.") var open = false
    @Option(help: "At most this many tickets.") var limit = 100

    func run() throws {
        var due: Instant?
        if let dueBefore {
            guard let parsed = Instant(parsing: dueBefore) else {
                throw store.fail(.malformedInstant(dueBefore, at: .file("--due-before")))
            }
            due = parsed
        }
        let opened = try store.open(.read)
        let filter = TicketFilter(
            state: state, unit: unit, breached: breached ? true : nil, dueBefore: due, open: open ? true : nil,
            limit: limit)
        let tickets = try store.attempt { () throws(Diagnostic) in try opened.list(filter) }
        if store.format == .json {
            try store.printJSON(
                tickets.map { ticket in
                    TicketListJSON(
                        id: ticket.id, workflow: ticket.workflow, state: ticket.state, closed: ticket.isClosed,
                        unit: ticket.unit, category: ticket.category, labels: ticket.labels,
                        reporter: store.personal(ticket.reporter), openedAt: ticket.openedAt.description,
                        breached: ticket.breached, nextDue: ticket.nextDue?.description)
                })
            return
        }
        for ticket in tickets {
            let due = ticket.nextDue.map { "next due \($0.formatted(at: jakarta))" } ?? "no timer"
            print(
                "\(ticket.id)  \(ticket.state)  \(ticket.unit ?? "-")  \(ticket.category)"
                    + "\(ticket.breached ? "  BREACHED" : "")  \(due)")
        }
        print("\(tickets.count) ticket\(tickets.count == 1 ? "" : "s")")
    }
}

/// Jakarta time (UTC+7) for the operator's listings.
let jakarta = UTCOffset(minutes: 420) ?? .utc

private struct TicketListJSON: Encodable {
    var id: String
    var workflow: String
    var state: String
    var closed: Bool
    var unit: String?
    var category: String
    var labels: [String]
    var reporter: String?
    var openedAt: String
    var breached: Bool
    var nextDue: String?
}
