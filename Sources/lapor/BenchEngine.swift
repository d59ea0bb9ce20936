import ArgumentParser
import Foundation
import Lapor
import LaporYAML

/// `lapor bench engine`: interpreter steps per second on the Lapor Menaker lifecycle.
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Time Engine.step in memory; baseline: a bare state table with no clocks, routing or events.",
        discussion: """
            Each ticket takes the common path of Lapor Menaker: open (routing, three SLA clocks with \
            reminder and breach marks) → verify → dispose (routing) → accept → respond → close, and every \
            step's events are folded into the ticket state (`Engine.run`). The baseline looks up (state, event) in a \
            dictionary and checks the role, which is the least any interpreter does. Figures are for one core.
            """
    )

    @Option(help: "The workspace holding the workflow.")
    var workspace: String = "."

    @Option(help: "The workflow to run.")
    var workflow: String = "lapor-menaker"

    @Option(help: "Tickets per measurement.")
    var tickets: Int = 50_000

    @Option(help: "Repetitions per measurement (the median is reported).")
    var repetitions: Int = 7

    func validate() throws { try requireAtLeast(1, ["tickets": tickets, "repetitions": repetitions]) }

    /// The common path: event, acting role and minutes after opening.
    static let path: [(event: String, role: String, minutes: Int64)] = [
        ("verify", "humas", 60), ("dispose", "humas", 65), ("accept", "admin_unit", 240),
        ("respond", "unit", 2 * 1_440), ("close", "humas", 3 * 1_440),
    ]

    func run() throws {
        let loaded = try loadCleanWorkspace(workspace)
        let definition: Definition
        switch Definition.make(workflow: workflow, in: loaded.workspace) {
        case .success(let made): definition = made
        case .failure(let errors):
            throw ValidationError(errors.all.map(\.description).joined(separator: "\n"))
        }
        let categories = ["upah", "hubungan_kerja", "jaminan_sosial", "pekerja_migran", "pelatihan", "siapkerja"]
        // Openings spread over the working hours of 2025 (Monday 6 January 08:00 + k × 37 minutes).
        let first = Instant(parsing: "2025-01-06T08:00+07:00") ?? Instant(secondsSinceEpoch: 0)
        let openings = (0..<tickets).map { index in
            (
                OpenTicket(id: "LM-\(index)", category: categories[index % categories.count], labels: ["thr"]),
                Instant(secondsSinceEpoch: first.secondsSinceEpoch + Int64(index % 8_000) * 37 * 60)
            )
        }
        let reporter = Actor(role: "pelapor")
        let inputs = Self.path.map { Input.transition($0.event, by: Actor(role: $0.role)) }
        var failures = 0
        var events = 0
        /// Every ticket through the common path with `step` (`Engine.run` or `Engine.runWithoutRollback`).
        func measure(
            _ step: (Definition, inout TicketState?, Input, Instant) -> Result<[Event], Diagnostic>
        ) -> Double {
            medianSeconds(repetitions: repetitions) {
                failures = 0
                events = 0
                for (open, at) in openings {
                    var state: TicketState?
                    guard case .success(let opened) = step(definition, &state, .open(open, by: reporter), at) else {
                        failures += 1
                        continue
                    }
                    events += opened.count
                    for (index, path) in Self.path.enumerated() {
                        let now = Instant(secondsSinceEpoch: at.secondsSinceEpoch + path.minutes * 60)
                        guard case .success(let new) = step(definition, &state, inputs[index], now) else {
                            failures += 1
                            break
                        }
                        events += new.count
                    }
                }
            }
        }
        let engineSeconds = measure { Engine.run($0, &$1, $2, now: $3) }
        guard failures == 0 else { throw ValidationError("\(failures) tickets failed on the common path") }
        let inPlaceSeconds = measure { Engine.runWithoutRollback($0, &$1, $2, now: $3) }
        guard failures == 0 else { throw ValidationError("\(failures) tickets failed on the common path") }
        let table = BareStateTable(definition.workflow)
        var finalStates = 0
        let baselineSeconds = medianSeconds(repetitions: repetitions) {
            finalStates = 0
            for _ in openings {
                var state = table.initial
                for step in Self.path {
                    guard let next = table.next(state, step.event, step.role) else { break }
                    state = next
                }
                if table.isTerminal(state) { finalStates += 1 }
            }
        }
        let steps = Double(tickets * (Self.path.count + 1))
        print(
            "workflow \(definition.name) \(definition.version) (\(definition.hash.prefix(12))), \(tickets) tickets × \(Self.path.count + 1) steps, \(events / max(1, tickets)) events per ticket"
        )
        print(
            String(
                format: "engine:   %12.0f steps/s  (%.0f ns/step; Engine.run, which restores the ticket on a refusal)",
                steps / engineSeconds, engineSeconds / steps * 1e9))
        print(
            String(
                format:
                    "in place: %12.0f steps/s  (%.0f ns/step; Engine.runWithoutRollback, the simulator's entry point)",
                steps / inPlaceSeconds, inPlaceSeconds / steps * 1e9))
        print(
            String(
                format: "baseline: %12.0f steps/s  (bare state table, %d tickets closed)", steps / baselineSeconds,
                finalStates))
        print(String(format: "engine / baseline time: %.1fx", engineSeconds / baselineSeconds))
    }

}

/// The baseline: (state, event) → (target, roles) in a dictionary.
private struct BareStateTable {
    struct Key: Hashable {
        var state: String
        var event: String
    }

    var moves: [Key: (to: String, roles: Set<String>)] = [:]
    var terminal: Set<String> = []
    var initial: String

    init(_ workflow: Workflow) {
        initial = workflow.states.first(where: \.isInitial)?.id.value ?? ""
        terminal = Set(workflow.states.filter(\.isTerminal).map(\.id.value))
        for transition in workflow.transitions {
            for from in transition.from {
                moves[Key(state: from.value, event: transition.event.value)] = (
                    transition.to.value, Set(transition.roles.map(\.value))
                )
            }
        }
    }

    func next(_ state: String, _ event: String, _ role: String) -> String? {
        guard let move = moves[Key(state: state, event: event)], move.roles.contains(role) else { return nil }
        return move.to
    }

    func isTerminal(_ state: String) -> Bool { terminal.contains(state) }
}
