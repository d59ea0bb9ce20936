import ArgumentParser
import Foundation
import Lapor
import LaporStore

/// `lapor ticket batch FILE`: many commands, each in its own durable transaction.
struct TicketBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run commands from a JSON Lines file, each in its own transaction.",
        discussion: """
            Each line is an object with "op" (open, transition, note, assign, reply, reopen), an optional "id" \
            (the command id) and the command's fields: open takes category, labels, channel, region, reporter, \
            text, workflow; the others take ticket and as (the role), and event, unit or text. A line is \
            answered "ok ID TICKET" once its transaction is committed, or "error ID CODE message"; the batch \
            goes on and exits 1 if any line failed. Rerunning a batch with command ids applies each command once.
            """)

    @Argument(help: "The JSON Lines file, or - for standard input.") var file: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOptions

    struct Line: Decodable {
        var op: String
        var id: String?
        var ticket: String?
        var role: String?
        var event: String?
        var unit: String?
        var text: String?
        var category: String?
        var labels: [String]?
        var channel: String?
        var region: String?
        var reporter: String?
        var workflow: String?

        enum CodingKeys: String, CodingKey {
            case op, id, ticket, event, unit, text, category, labels, channel, region, reporter, workflow
            case role = "as"
        }
    }

    func run() throws {
        let definitions = try workspace.definitions(format: store.format)
        let now = try store.instant()
        guard let lines = LineReader(path: file) else {
            throw store.fail(.unreadableFile(file, reason: "no such file or not readable"))
        }
        let opened = try store.open(.create)
        var failures = 0
        let decoder = JSONDecoder()
        for (index, text) in lines.enumerated() where !text.isEmpty {
            let label = "line \(index + 1)"
            do throws(Diagnostic) {
                guard let line = try? decoder.decode(Line.self, from: Data(text.utf8)) else {
                    throw .invalidCommand(label, "not a command object with an 'op'")
                }
                let outcome = try execute(line, label: label, store: opened, definitions: definitions, now: now)
                emit("ok \(line.id ?? label) \(outcome.ticket.id)\(outcome.repeated ? " (already applied)" : "")")
            } catch {
                failures += 1
                emit("error \(label) \(error.code.rawValue) \(error.message)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Writes one answer line straight to standard output, so that it is out before the next command.
    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func execute(
        _ line: Line, label: String, store opened: TicketStore, definitions: DefinitionSet, now: Instant
    ) throws(Diagnostic) -> CommandOutcome {
        if line.op == "open" {
            guard let category = line.category else { throw .invalidCommand(label, "open needs a category") }
            let request = OpenRequest(
                category: category, labels: line.labels ?? [], channel: line.channel, region: line.region,
                reporter: line.reporter, text: line.text, workflow: line.workflow)
            return try opened.open(request, definitions: definitions, now: now, commandID: line.id)
        }
        guard let ticket = line.ticket, let role = line.role else {
            throw .invalidCommand(label, "'\(line.op)' needs a ticket and 'as'")
        }
        let actor = Actor(role: role)
        let input: Input
        switch (line.op, line.event, line.unit, line.text) {
        case ("transition", let event?, let unit, _): input = .transition(event, by: actor, unit: unit)
        case ("note", _, _, let text?): input = .note(text, by: actor)
        case ("assign", _, let unit?, _): input = .assign(unit: unit, by: actor)
        case ("reply", _, _, let text?): input = .reporterReply(text, by: actor)
        case ("reopen", _, _, _): input = .reopen(by: actor)
        default: throw .invalidCommand(label, "'\(line.op)' is not a command or lacks its fields")
        }
        return try opened.apply(input, to: ticket, definitions: definitions, now: now, commandID: line.id)
    }
}
