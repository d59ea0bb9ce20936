import Foundation
import GRDB
import Lapor

/// A notification that must reach a person, written in the same transaction as the event that
/// caused it. An integrator lists the pending ones, delivers them (email, WhatsApp gateway) and
/// acknowledges each; a crash between delivery and acknowledgement delivers it again, never loses it.
public struct OutboxMessage: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    /// The table.
    public static let databaseTableName = "outbox"
    /// Columns are the snake-case form of the properties.
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    /// Columns are the snake-case form of the properties.
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    /// The message id (ascending in creation order).
    public var id: Int64?
    /// Journal position of the event that caused it.
    public var eventPosition: Int64
    /// The ticket.
    public var ticket: String
    /// `reminder`, `breach` or `escalation`.
    public var kind: String
    /// Who must receive it: a recipient of the workflow (`assigned_unit`, `unit_head`, …) or `humas`
    /// for daily-report lines.
    public var recipient: String
    /// The unit in charge when it was written.
    public var unit: String?
    /// `notification` (direct message) or `daily_report` (a line of Humas's daily report).
    public var channel: String
    /// The text, in Indonesian, with the ticket id and the due date.
    public var text: String
    /// The event's instant (seconds since the epoch).
    public var createdAt: Int64
    /// When it was acknowledged (the acknowledging command's `now`), if it was.
    public var ackedAt: String?

    /// The messages `event` calls for; `ticket` is the ticket with the event folded in.
    static func messages(for event: Event, ticket: TicketState?, calendar: WorkingCalendar) -> [OutboxMessage] {
        guard let ticket else { return [] }
        func time(_ instant: Instant?) -> String { instant.map { $0.formatted(at: calendar.offset) } ?? "-" }
        func make(_ kind: String, _ recipient: String, _ unit: String?, _ channel: String, _ text: String)
            -> OutboxMessage
        {
            OutboxMessage(
                id: nil, eventPosition: 0, ticket: ticket.id, kind: kind, recipient: recipient, unit: unit,
                channel: channel, text: text, createdAt: event.at.secondsSinceEpoch, ackedAt: nil)
        }
        switch event.payload {
        case .reminded(let reminded):
            let due = ticket.clock(reminded.sla)?.marks.first { $0.kind == .breach }?.due
            return [
                make(
                    "reminder", reminded.notify, reminded.unit, "notification",
                    "Pengingat: tiket \(ticket.id) (\(ticket.category)) telah mencapai \(reminded.point) dari batas "
                        + "waktu SLA \(reminded.sla). Batas waktu: \(time(due)). Unit: \(reminded.unit ?? "-").")
            ]
        case .breached(let breached):
            return [
                make(
                    "breach", "assigned_unit", breached.unit, "notification",
                    "Tiket \(ticket.id) (\(ticket.category)) melewati batas waktu SLA \(breached.sla) pada "
                        + "\(time(event.at)). Unit: \(breached.unit ?? "-").")
            ]
        case .escalated(let escalated):
            let breachedAt = ticket.clock(escalated.sla)?.breachedAt
            let unit = escalated.unit ?? "-"
            switch escalated.action {
            case EscalationAction.dailyReport.rawValue:
                let wording = (escalated.text ?? "himbauan").capitalized
                return [
                    make(
                        "escalation", "humas", escalated.unit, "daily_report",
                        "\(wording) kepada \(unit): tiket \(ticket.id) (\(ticket.category)) belum ditindaklanjuti; "
                            + "batas waktu SLA \(escalated.sla) \(time(breachedAt)) telah lewat.")
                ]
            case EscalationAction.reassign.rawValue:
                return [
                    make(
                        "escalation", "assigned_unit", escalated.reassignTo, "notification",
                        "Tiket \(ticket.id) dialihkan dari \(unit) ke \(escalated.reassignTo ?? "-") karena batas "
                            + "waktu SLA \(escalated.sla) \(time(breachedAt)) telah lewat.")
                ]
            default:
                return [
                    make(
                        "escalation", escalated.notify ?? "unit_head", escalated.unit, "notification",
                        "Eskalasi: tiket \(ticket.id) (\(ticket.category)) di \(unit) melewati batas waktu SLA "
                            + "\(escalated.sla) \(time(breachedAt)) dan belum ditindaklanjuti.")
                ]
            }
        default:
            return []
        }
    }
}

extension TicketStore {
    /// Outbox messages, oldest first; only unacknowledged ones unless `includeAcknowledged`.
    public func outbox(includeAcknowledged: Bool = false, limit: Int = 1_000) throws(Diagnostic) -> [OutboxMessage] {
        try read { db in
            try OutboxMessage.fetchAll(
                db,
                sql: includeAcknowledged
                    ? "SELECT * FROM outbox ORDER BY id LIMIT ?"
                    : "SELECT * FROM outbox WHERE acked_at IS NULL ORDER BY id LIMIT ?",
                arguments: [limit])
        }
    }

    /// Acknowledges message `id` as delivered at `now`; acknowledging it again changes nothing.
    @discardableResult
    public func acknowledge(_ id: Int64, now: Instant) throws(Diagnostic) -> OutboxMessage {
        let path = path
        return try write { db in
            guard var message = try OutboxMessage.fetchOne(db, key: id) else {
                throw Refused(diagnostic: .unknownOutboxMessage(id, store: path))
            }
            if message.ackedAt == nil {
                message.ackedAt = now.description
                try message.update(db)
            }
            return message
        }
    }
}
