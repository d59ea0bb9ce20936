import ArgumentParser
import Foundation
import Lapor
import LaporStore

/// How store commands print tickets and events, in text or JSON.
struct TicketOutput {
    var options: StoreOptions
    var definitions: DefinitionSet
    var now: Instant

    /// The outcome of a command: the ticket's state, its clocks and the events appended.
    func printOutcome(_ outcome: CommandOutcome) throws {
        if options.format == .json {
            try options.printJSON(
                OutcomeJSON(
                    ticket: view(outcome.ticket), repeated: outcome.repeated,
                    warnings: outcome.warnings.map { "\($0.code.rawValue): \($0.message)" },
                    events: outcome.events.map { EventJSON($0, summary: summary($0.event)) }))
            return
        }
        let ticket = outcome.ticket
        for warning in outcome.warnings {
            print("\(warning.severity.rawValue)[\(warning.code.rawValue)]: \(warning.message)")
        }
        if outcome.repeated { print("command already applied; nothing written") }
        print(
            "\(ticket.id)  \(ticket.workflow) \(ticket.version)  state \(ticket.state)\(ticket.isClosed ? " (closed)" : "")"
                + "  unit \(ticket.unit ?? "-")")
        printClocks(ticket)
        for stored in outcome.events {
            print("  + #\(stored.event.sequence) \(summary(stored.event))")
        }
    }

    /// A ticket with its clocks and its whole history.
    func printTicket(_ ticket: TicketState, _ events: [StoredEvent]) throws {
        if options.format == .json {
            try options.printJSON(
                ShowJSON(ticket: view(ticket), events: events.map { EventJSON($0, summary: summary($0.event)) }))
            return
        }
        print("\(ticket.id)  \(ticket.workflow) \(ticket.version) (\(ticket.definition.prefix(12)))")
        print("state:    \(ticket.state)\(ticket.isClosed ? " (closed)" : "")")
        print("unit:     \(ticket.unit ?? "-")\(ticket.disposition.map { " (\($0))" } ?? "")")
        print(
            "category: \(ticket.category)\(ticket.labels.isEmpty ? "" : " [\(ticket.labels.joined(separator: ", "))]")")
        print("channel:  \(ticket.channel ?? "-")  region: \(ticket.region ?? "-")")
        print("reporter: \(options.personal(ticket.reporter) ?? "-")")
        print("opened:   \(ticket.openedAt.formatted(at: jakarta))")
        if !ticket.reportTexts.isEmpty { print("report:   \(ticket.reportTexts.joined(separator: ", "))") }
        printClocks(ticket)
        print("history:")
        for stored in events {
            let actor = stored.event.actor.map { " by \($0.role)\($0.id.map { " (\($0))" } ?? "")" } ?? ""
            print(
                "  #\(stored.event.sequence) \(stored.event.at.formatted(at: jakarta))  \(summary(stored.event))\(actor)"
            )
        }
    }

    private func printClocks(_ ticket: TicketState) {
        for clock in ticket.clocks {
            print("  clock \(clock.sla): \(clockLine(ticket, clock))")
        }
    }

    private func clockLine(_ ticket: TicketState, _ clock: SLAClock) -> String {
        var parts = [clock.status.rawValue]
        if let due = clock.marks.first(where: { $0.kind == .breach })?.due {
            parts.append("due \(due.formatted(at: jakarta))")
        }
        if let breached = clock.breachedAt { parts.append("BREACHED \(breached.formatted(at: jakarta))") }
        if clock.status != .stopped, let remaining = remaining(ticket, clock) {
            let unit = clock.measure == .working ? "working time" : "elapsed time"
            parts.append(
                remaining >= 0 ? "\(duration(remaining)) \(unit) left" : "\(duration(-remaining)) \(unit) over")
        }
        return parts.joined(separator: ", ")
    }

    private func remaining(_ ticket: TicketState, _ clock: SLAClock) -> Int64? {
        guard let definition = definitions.pinned(ticket.definition) else { return nil }
        return try? Engine.remaining(definition, ticket, sla: clock.sla, now: max(now, ticket.updatedAt))
    }

    /// `12h 30m` (hours of the clock's measure; a working day is 7.5 hours).
    private func duration(_ seconds: Int64) -> String {
        let minutes = seconds / 60
        return "\(minutes / 60)h \(String(format: "%02d", minutes % 60))m"
    }

    /// One line describing an event.
    func summary(_ event: Event) -> String {
        switch event.payload {
        case .opened(let opened): "opened in \(opened.state) (\(opened.workflow) \(opened.version))"
        case .routed(let routed):
            "routed to \(routed.unit) (\(routed.disposition))\(routed.rule.map { " by rule \($0)" } ?? "")"
        case .transitioned(let move): "\(move.event): \(move.from) → \(move.to)"
        case .assigned(let assigned): "assigned to \(assigned.unit)"
        case .noted(let note): "note: \(text(note.text, event))"
        case .reporterReplied(let reply): "reporter replied: \(text(reply.text, event))"
        case .reopened(let reopened): "reopened: \(reopened.from) → \(reopened.to)"
        case .clockStarted(let started): "clock \(started.sla) started\(started.paused ? " (paused)" : "")"
        case .clockPaused(let paused): "clock \(paused.sla) paused"
        case .clockResumed(let resumed): "clock \(resumed.sla) resumed"
        case .clockStopped(let stopped): "clock \(stopped.sla) stopped\(stopped.breached ? " (breached)" : "")"
        case .reminded(let reminded): "reminder \(reminded.point) of \(reminded.sla) to \(reminded.notify)"
        case .breached(let breached): "SLA \(breached.sla) breached"
        case .escalated(let escalated):
            "escalation \(escalated.step + 1) of \(escalated.sla): \(escalated.action)\(escalated.text.map { " (\($0))" } ?? "")"
        case .migrated(let migrated): "migrated by \(migrated.plan): \(migrated.fromState) → \(migrated.toState)"
        }
    }

    /// A text, redacted when the reporter wrote it and `--show-pii` is not given.
    private func text(_ value: String, _ event: Event) -> String {
        let line = value.split(separator: "\n").first.map(String.init) ?? ""
        if event.actor?.role == "pelapor" && !options.showPII { return "[\(value.count) characters, redacted]" }
        return line.count > 80 ? String(line.prefix(80)) + "…" : line
    }

    private func view(_ ticket: TicketState) -> TicketJSON {
        TicketJSON(
            id: ticket.id, workflow: ticket.workflow, version: ticket.version, definition: ticket.definition,
            state: ticket.state, closed: ticket.isClosed, unit: ticket.unit, disposition: ticket.disposition,
            category: ticket.category, labels: ticket.labels, channel: ticket.channel, region: ticket.region,
            reporter: options.personal(ticket.reporter), openedAt: ticket.openedAt.description,
            closedAt: ticket.closedAt?.description, eventCount: ticket.eventCount,
            clocks: ticket.clocks.map { clock in
                ClockJSON(
                    sla: clock.sla, status: clock.status.rawValue, measure: clock.measure.rawValue,
                    targetSeconds: clock.target,
                    due: clock.marks.first { $0.kind == .breach }?.due?.description,
                    breachedAt: clock.breachedAt?.description,
                    remainingSeconds: clock.status == .stopped ? nil : remaining(ticket, clock))
            }, reportTexts: ticket.reportTexts)
    }
}

private struct OutcomeJSON: Encodable {
    var ticket: TicketJSON
    var repeated: Bool
    var warnings: [String]
    var events: [EventJSON]
}

private struct ShowJSON: Encodable {
    var ticket: TicketJSON
    var events: [EventJSON]
}

private struct TicketJSON: Encodable {
    var id, workflow, version, definition, state: String
    var closed: Bool
    var unit, disposition: String?
    var category: String
    var labels: [String]
    var channel, region, reporter: String?
    var openedAt: String
    var closedAt: String?
    var eventCount: Int
    var clocks: [ClockJSON]
    var reportTexts: [String]

    enum CodingKeys: String, CodingKey {
        case id, workflow, version, definition, state, closed, unit, disposition, category, labels, channel, region,
            reporter, clocks
        case openedAt = "opened_at"
        case closedAt = "closed_at"
        case eventCount = "event_count"
        case reportTexts = "report_texts"
    }
}

private struct ClockJSON: Encodable {
    var sla, status, measure: String
    var targetSeconds: Int64
    var due, breachedAt: String?
    var remainingSeconds: Int64?

    enum CodingKeys: String, CodingKey {
        case sla, status, measure, due
        case targetSeconds = "target_seconds"
        case breachedAt = "breached_at"
        case remainingSeconds = "remaining_seconds"
    }
}

private struct EventJSON: Encodable {
    var position: Int64
    var sequence: Int
    var at: String
    var type: String
    var actor: Actor?
    var summary: String

    init(_ stored: StoredEvent, summary: String) {
        position = stored.position
        sequence = stored.event.sequence
        at = stored.event.at.description
        type = stored.event.type
        actor = stored.event.actor
        self.summary = summary
    }
}
