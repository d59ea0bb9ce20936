/// Writes JSON byte for byte as `Event.encoder` does (`JSONEncoder` with sorted keys and unescaped
/// slashes), without going through `Encodable`: no whitespace, object keys in byte order (the
/// callers write them in that order), `"` `\` and control characters escaped (`\b` `\t` `\n` `\f`
/// `\r`, the others as `\u00xx`), everything else, non-ASCII included, as is.
///
/// The journal, the ticket snapshots and the export are written with it; a test checks it against
/// `JSONEncoder` on many generated events and tickets.
public struct CanonicalJSONWriter: Sendable {
    /// The UTF-8 written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    /// Creates an empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// The JSON written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// Starts an object (as a value or an element).
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Ends the current object.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Starts an array (as a value or an element).
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Ends the current array.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member's key; its value follows. `name` must need no escaping.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in appendEscaped(utf8) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            runStart = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            default:
                bytes.append(contentsOf: [
                    UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hex[Int(byte >> 4)],
                    Self.hex[Int(byte & 0xF)],
                ])
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// Writes a string value, or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
        needsComma = true
    }

    /// Writes an integer.
    public mutating func int(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, minimumWidth: 1)
        needsComma = true
    }

    /// Writes an integer.
    public mutating func int(_ value: Int) { int(Int64(value)) }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        if value {
            bytes.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
        } else {
            bytes.append(contentsOf: [
                UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e"),
            ])
        }
        needsComma = true
    }

    /// Writes an array of strings.
    public mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// Writes an instant as its `description` (`2025-03-20T03:00Z`).
    public mutating func instant(_ value: Instant) {
        let seconds = value.secondsSinceEpoch
        // Years 0001–9999 in UTC; anything else (never produced by the engine) through `description`.
        guard seconds >= -62_135_596_800, seconds < 253_402_300_800 else {
            string(value.description)
            return
        }
        separate()
        let days = Instant.floorDivide(seconds, 86_400)
        let second = Int(seconds - days * 86_400)
        let date = LocalDate(daysSinceEpoch: Int(days))
        // `"YYYY-MM-DDTHH:MM[:SS]Z"` composed on the stack and appended at once: appending byte by
        // byte checked the array's uniqueness and capacity twenty times per instant.
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &text) { buffer -> Int in
            func pair(_ value: Int, at index: Int) {
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
                buffer[index + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            }
            buffer[0] = UInt8(ascii: "\"")
            pair(date.year / 100, at: 1)
            pair(date.year % 100, at: 3)
            buffer[5] = UInt8(ascii: "-")
            pair(date.month, at: 6)
            buffer[8] = UInt8(ascii: "-")
            pair(date.day, at: 9)
            buffer[11] = UInt8(ascii: "T")
            pair(second / 3600, at: 12)
            buffer[14] = UInt8(ascii: ":")
            pair(second / 60 % 60, at: 15)
            var end = 17
            if second % 60 != 0 {
                buffer[17] = UInt8(ascii: ":")
                pair(second % 60, at: 18)
                end = 20
            }
            buffer[end] = UInt8(ascii: "Z")
            buffer[end + 1] = UInt8(ascii: "\"")
            return end + 2
        }
        withUnsafeBytes(of: &text) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        needsComma = true
    }

    private mutating func appendDigits(_ value: UInt64, minimumWidth: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            while count < minimumWidth {
                buffer[23 - count] = UInt8(ascii: "0")
                count += 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }
}

// MARK: - Events and tickets

extension CanonicalJSONWriter {
    /// Writes an actor.
    public mutating func actor(_ actor: Actor) {
        beginObject()
        if let id = actor.id {
            key("id")
            string(id)
        }
        key("role")
        string(actor.role)
        endObject()
    }

    /// Writes an event: `{actor, at, data, sequence, ticket, type}`.
    public mutating func event(_ event: Event) {
        beginObject()
        if let actor = event.actor {
            key("actor")
            self.actor(actor)
        }
        key("at")
        instant(event.at)
        key("data")
        payload(event.payload)
        key("sequence")
        int(event.sequence)
        key("ticket")
        string(event.ticket)
        key("type")
        string(event.type)
        endObject()
    }

    private mutating func optional(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    private mutating func optional(_ name: StaticString, _ value: Instant?) {
        guard let value else { return }
        key(name)
        instant(value)
    }

    private mutating func marks(_ marks: some Collection<ClockMark>) {
        beginArray()
        for mark in marks {
            beginObject()
            optional("due", mark.due)
            key("index")
            int(mark.index)
            key("kind")
            string(mark.kind.rawValue)
            key("threshold")
            int(mark.threshold)
            endObject()
        }
        endArray()
    }

    // swift-format-ignore: FunctionBodyLength
    private mutating func payload(_ payload: EventPayload) {
        beginObject()
        switch payload {
        case .opened(let data):
            key("category")
            string(data.category)
            optional("channel", data.channel)
            key("definition")
            string(data.definition)
            key("labels")
            strings(data.labels)
            optional("region", data.region)
            optional("reporter", data.reporter)
            key("state")
            string(data.state)
            key("version")
            string(data.version)
            key("workflow")
            string(data.workflow)
        case .routed(let data):
            key("disposition")
            string(data.disposition)
            key("isDefault")
            bool(data.isDefault)
            optional("rule", data.rule)
            key("unit")
            string(data.unit)
        case .transitioned(let data):
            key("closes")
            bool(data.closes)
            key("event")
            string(data.event)
            key("from")
            string(data.from)
            key("to")
            string(data.to)
        case .assigned(let data):
            optional("previous", data.previous)
            key("unit")
            string(data.unit)
        case .noted(let data):
            key("text")
            string(data.text)
        case .reporterReplied(let data):
            key("text")
            string(data.text)
        case .reopened(let data):
            key("from")
            string(data.from)
            key("to")
            string(data.to)
        case .clockStarted(let data):
            optional("breachedAt", data.breachedAt)
            key("consumed")
            int(data.consumed)
            key("escalationsTaken")
            int(data.escalationsTaken)
            key("marks")
            marks(data.marks)
            key("measure")
            string(data.measure.rawValue)
            key("paused")
            bool(data.paused)
            key("sla")
            string(data.sla)
            key("target")
            int(data.target)
        case .clockPaused(let data):
            key("consumed")
            int(data.consumed)
            key("sla")
            string(data.sla)
        case .clockResumed(let data):
            key("marks")
            marks(data.marks)
            key("sla")
            string(data.sla)
        case .clockStopped(let data):
            key("breached")
            bool(data.breached)
            key("consumed")
            int(data.consumed)
            key("sla")
            string(data.sla)
        case .reminded(let data):
            key("index")
            int(data.index)
            key("notify")
            string(data.notify)
            key("point")
            string(data.point)
            key("sla")
            string(data.sla)
            optional("unit", data.unit)
        case .breached(let data):
            key("escalations")
            marks(data.escalations)
            key("sla")
            string(data.sla)
            optional("unit", data.unit)
        case .escalated(let data):
            key("action")
            string(data.action)
            optional("notify", data.notify)
            optional("reassignTo", data.reassignTo)
            key("sla")
            string(data.sla)
            key("step")
            int(data.step)
            optional("text", data.text)
            optional("unit", data.unit)
        case .migrated(let data):
            key("fromDefinition")
            string(data.fromDefinition)
            key("fromState")
            string(data.fromState)
            key("plan")
            string(data.plan)
            key("toDefinition")
            string(data.toDefinition)
            key("toState")
            string(data.toState)
            key("version")
            string(data.version)
            key("workflow")
            string(data.workflow)
        }
        endObject()
    }

    /// Writes a ticket state as `TicketState`'s `Codable` conformance does.
    public mutating func ticket(_ state: TicketState) {
        beginObject()
        key("category")
        string(state.category)
        optional("channel", state.channel)
        key("clocks")
        beginArray()
        for clock in state.clocks { self.clock(clock) }
        endArray()
        optional("closedAt", state.closedAt)
        key("definition")
        string(state.definition)
        optional("disposition", state.disposition)
        key("eventCount")
        int(state.eventCount)
        key("id")
        string(state.id)
        key("isClosed")
        bool(state.isClosed)
        key("labels")
        strings(state.labels)
        key("openedAt")
        instant(state.openedAt)
        optional("region", state.region)
        key("reportTexts")
        strings(state.reportTexts)
        optional("reporter", state.reporter)
        key("state")
        string(state.state)
        optional("unit", state.unit)
        key("updatedAt")
        instant(state.updatedAt)
        key("version")
        string(state.version)
        key("workflow")
        string(state.workflow)
        endObject()
    }

    private mutating func clock(_ clock: SLAClock) {
        beginObject()
        optional("breachedAt", clock.breachedAt)
        key("consumed")
        int(clock.consumed)
        key("escalationsTaken")
        int(clock.escalationsTaken)
        key("marks")
        marks(clock.marks)
        key("measure")
        string(clock.measure.rawValue)
        optional("since", clock.since)
        key("sla")
        string(clock.sla)
        key("startedAt")
        instant(clock.startedAt)
        key("status")
        string(clock.status.rawValue)
        optional("stoppedAt", clock.stoppedAt)
        key("target")
        int(clock.target)
        endObject()
    }
}

extension Event {
    /// The event's JSON: the same bytes as `Event.encoder.encode(self)`, written without `JSONEncoder`.
    public var canonicalJSON: String {
        var writer = CanonicalJSONWriter(capacity: 512)
        writer.event(self)
        return writer.text
    }
}

extension TicketState {
    /// The ticket's JSON: the same bytes as `Event.encoder.encode(self)`, written without `JSONEncoder`.
    public var canonicalJSON: String {
        var writer = CanonicalJSONWriter(capacity: 1024)
        writer.ticket(self)
        return writer.text
    }
}
