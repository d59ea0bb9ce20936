import Foundation

/// Events are stored as JSON objects `{ticket, sequence, at, actor, type, data}`; `data` holds the
/// payload's fields. Encoding with `Event.encoder` (sorted keys) is byte-for-byte reproducible.
extension Event: Codable {
    private enum CodingKeys: String, CodingKey {
        case ticket, sequence, at, actor, type, data
    }

    /// A JSON encoder with the stable settings used for journals and exports.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ticket = try container.decode(String.self, forKey: .ticket)
        sequence = try container.decode(Int.self, forKey: .sequence)
        at = try container.decode(Instant.self, forKey: .at)
        actor = try container.decodeIfPresent(Actor.self, forKey: .actor)
        let type = try container.decode(String.self, forKey: .type)
        func data<T: Decodable>(_: T.Type) throws -> T { try container.decode(T.self, forKey: .data) }
        switch type {
        case "opened": payload = .opened(try data(EventPayload.Opened.self))
        case "routed": payload = .routed(try data(EventPayload.Routed.self))
        case "transitioned": payload = .transitioned(try data(EventPayload.Transitioned.self))
        case "assigned": payload = .assigned(try data(EventPayload.Assigned.self))
        case "noted": payload = .noted(try data(EventPayload.Noted.self))
        case "reporter_replied": payload = .reporterReplied(try data(EventPayload.ReporterReplied.self))
        case "reopened": payload = .reopened(try data(EventPayload.Reopened.self))
        case "clock_started": payload = .clockStarted(try data(EventPayload.ClockStarted.self))
        case "clock_paused": payload = .clockPaused(try data(EventPayload.ClockPaused.self))
        case "clock_resumed": payload = .clockResumed(try data(EventPayload.ClockResumed.self))
        case "clock_stopped": payload = .clockStopped(try data(EventPayload.ClockStopped.self))
        case "reminded": payload = .reminded(try data(EventPayload.Reminded.self))
        case "breached": payload = .breached(try data(EventPayload.Breached.self))
        case "escalated": payload = .escalated(try data(EventPayload.Escalated.self))
        case "migrated": payload = .migrated(try data(EventPayload.Migrated.self))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(at, forKey: .at)
        try container.encodeIfPresent(actor, forKey: .actor)
        try container.encode(type, forKey: .type)
        switch payload {
        case .opened(let data): try container.encode(data, forKey: .data)
        case .routed(let data): try container.encode(data, forKey: .data)
        case .transitioned(let data): try container.encode(data, forKey: .data)
        case .assigned(let data): try container.encode(data, forKey: .data)
        case .noted(let data): try container.encode(data, forKey: .data)
        case .reporterReplied(let data): try container.encode(data, forKey: .data)
        case .reopened(let data): try container.encode(data, forKey: .data)
        case .clockStarted(let data): try container.encode(data, forKey: .data)
        case .clockPaused(let data): try container.encode(data, forKey: .data)
        case .clockResumed(let data): try container.encode(data, forKey: .data)
        case .clockStopped(let data): try container.encode(data, forKey: .data)
        case .reminded(let data): try container.encode(data, forKey: .data)
        case .breached(let data): try container.encode(data, forKey: .data)
        case .escalated(let data): try container.encode(data, forKey: .data)
        case .migrated(let data): try container.encode(data, forKey: .data)
        }
    }
}
