import Foundation

/// Reads JSON laid out as `CanonicalJSONWriter` writes it: no whitespace, every object's keys in
/// byte order, integers without fraction or exponent. Anything else — valid JSON in another layout
/// included — throws `Mismatch`, and the caller decodes the text with `JSONDecoder` instead; so this
/// reader never accepts what the `Codable` conformances would refuse, nor reads a value differently.
///
/// Escapes in strings (`\"`, `\u00e9`, surrogate pairs, …) are decoded; optional members may be
/// missing or `null`, as with `decodeIfPresent`.
public struct CanonicalJSONReader {
    /// The text is not in the canonical layout (or is not valid JSON).
    public struct Mismatch: Error, Sendable {
        /// Creates the error.
        public init() {}
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    public private(set) var offset: Int
    private var needsComma = false
    /// Whether every value read since this was last set to `true` is spelled exactly as
    /// `CanonicalJSONWriter` spells it (no `null` for an absent member, no escape the writer would
    /// not write, instants in UTC with seconds only when not zero): writing those values again
    /// gives back the very bytes read.
    public var isCanonical = true

    /// A reader of `bytes`, which must stay valid while it is used.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Whether every byte has been read.
    public var atEnd: Bool { offset == bytes.count }

    /// Throws unless every byte has been read.
    public func end() throws(Mismatch) {
        guard atEnd else { throw Mismatch() }
    }

    private var next: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func expect(_ byte: UInt8) throws(Mismatch) {
        guard offset < bytes.count, bytes[offset] == byte else { throw Mismatch() }
        offset += 1
    }

    private mutating func expect(_ literal: StaticString) throws(Mismatch) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - offset >= count else { throw Mismatch() }
        for index in 0..<count where bytes[offset + index] != literal.utf8Start[index] {
            throw Mismatch()
        }
        offset += count
    }

    private mutating func separate() throws(Mismatch) {
        if needsComma { try expect(UInt8(ascii: ",")) }
    }

    /// Reads `{`.
    public mutating func beginObject() throws(Mismatch) {
        try separate()
        try expect(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Reads `}`.
    public mutating func endObject() throws(Mismatch) {
        try expect(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Reads the member `name` if it comes next (then its value must be read); `false`, reading
    /// nothing, if another member or the end of the object comes next.
    public mutating func has(_ name: StaticString) -> Bool {
        let comma = needsComma ? 1 : 0
        let count = name.utf8CodeUnitCount
        guard bytes.count - offset >= comma + count + 3 else { return false }
        var at = offset
        if comma == 1 {
            guard bytes[at] == UInt8(ascii: ",") else { return false }
            at += 1
        }
        guard bytes[at] == UInt8(ascii: "\""), let base = bytes.baseAddress,
            memcmp(base + at + 1, name.utf8Start, count) == 0
        else { return false }
        at += 1 + count
        guard bytes[at] == UInt8(ascii: "\""), bytes[at + 1] == UInt8(ascii: ":") else { return false }
        offset = at + 2
        needsComma = false
        return true
    }

    /// Reads the key of member `name`, which must come next.
    public mutating func key(_ name: StaticString) throws(Mismatch) {
        guard has(name) else { throw Mismatch() }
    }

    /// Reads `null` if it comes next.
    public mutating func null() -> Bool {
        let comma = needsComma ? 1 : 0
        guard bytes.count - offset >= 4 + comma, comma == 0 || bytes[offset] == UInt8(ascii: ",") else {
            return false
        }
        let at = offset + comma
        guard bytes[at] == UInt8(ascii: "n"), bytes[at + 1] == UInt8(ascii: "u"), bytes[at + 2] == UInt8(ascii: "l"),
            bytes[at + 3] == UInt8(ascii: "l")
        else { return false }
        offset = at + 4
        needsComma = true
        // The writer leaves absent members out.
        isCanonical = false
        return true
    }

    /// Reads a string.
    public mutating func string() throws(Mismatch) -> String {
        try separate()
        try expect(UInt8(ascii: "\""))
        let start = offset
        let end = try plainEnd()
        guard bytes[end] == UInt8(ascii: "\"") else {
            offset = end
            return try escapedString(from: start)
        }
        offset = end + 1
        needsComma = true
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The offset of the first `"` or `\` at or after `offset`; throws at a control character or
    /// the end of the text.
    private func plainEnd() throws(Mismatch) -> Int {
        var at = offset
        let count = bytes.count
        while at < count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return at }
            guard byte >= 0x20 else { throw Mismatch() }
            at += 1
        }
        throw Mismatch()
    }

    /// The rest of a string with escapes, whose content began at `start`.
    private mutating func escapedString(from start: Int) throws(Mismatch) -> String {
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                needsComma = true
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = next else { throw Mismatch() }
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): utf8.append(escape)
                case UInt8(ascii: "/"):
                    utf8.append(escape)
                    isCanonical = false
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    // The writer spells only the other control characters so, in lower case.
                    let lowerCase = !bytes[(offset - 4)..<offset].contains {
                        $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F")
                    }
                    if scalar >= 0x20 || [0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar) || !lowerCase {
                        isCanonical = false
                    }
                    if (0xD800..<0xDC00).contains(scalar) {
                        try expect(UInt8(ascii: "\\"))
                        try expect(UInt8(ascii: "u"))
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Mismatch() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let character = Unicode.Scalar(scalar) else { throw Mismatch() }
                    UTF8.encode(character) { utf8.append($0) }
                default: throw Mismatch()
                }
            default:
                guard byte >= 0x20 else { throw Mismatch() }
                utf8.append(byte)
            }
        }
        throw Mismatch()
    }

    private mutating func hex4() throws(Mismatch) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw Mismatch() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Mismatch()
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Reads a string or `null`.
    public mutating func optionalString() throws(Mismatch) -> String? {
        null() ? nil : try string()
    }

    /// Reads an integer: `-?(0|[1-9][0-9]*)` within the range of `Int64` (`-0` is refused).
    public mutating func int64() throws(Mismatch) -> Int64 {
        try separate()
        let negative = next == UInt8(ascii: "-")
        if negative { offset += 1 }
        guard let first = next, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { throw Mismatch() }
        var magnitude: UInt64 = 0
        if first == UInt8(ascii: "0") {
            offset += 1
            guard !negative else { throw Mismatch() }
        } else {
            while let byte = next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { throw Mismatch() }
                magnitude = sum
                offset += 1
            }
        }
        needsComma = true
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Mismatch() }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Mismatch() }
        return Int64(magnitude)
    }

    /// Reads an integer (see `int64()`).
    public mutating func int() throws(Mismatch) -> Int {
        let value = try int64()
        guard let result = Int(exactly: value) else { throw Mismatch() }
        return result
    }

    /// Reads `true` or `false`.
    public mutating func bool() throws(Mismatch) -> Bool {
        try separate()
        if next == UInt8(ascii: "t") {
            try expect("true")
            needsComma = true
            return true
        }
        try expect("false")
        needsComma = true
        return false
    }

    /// Reads an instant: a string `Instant(parsing:)` accepts.
    public mutating func instant() throws(Mismatch) -> Instant {
        try separate()
        // The canonical form `YYYY-MM-DDTHH:MM[:SS]Z` directly; any other through `Instant(parsing:)`.
        if let (instant, length) = canonicalInstant() {
            // The writer leaves zero seconds out.
            if length == 22 && instant.secondsSinceEpoch % 60 == 0 { isCanonical = false }
            offset += length
            needsComma = true
            return instant
        }
        guard let instant = Instant(parsing: try string()) else { throw Mismatch() }
        isCanonical = false
        return instant
    }

    private func canonicalInstant() -> (Instant, Int)? {
        let remaining = bytes.count - offset
        guard remaining >= 19, bytes[offset] == UInt8(ascii: "\"") else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for index in at..<(at + count) {
                let byte = bytes[offset + index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ at: Int) -> UInt8 { bytes[offset + at] }
        guard let year = digits(1, 4), byte(5) == UInt8(ascii: "-"), let month = digits(6, 2),
            byte(8) == UInt8(ascii: "-"), let day = digits(9, 2), byte(11) == UInt8(ascii: "T"),
            let hour = digits(12, 2), byte(14) == UInt8(ascii: ":"), let minute = digits(15, 2),
            hour < 24, minute < 60, let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        var second = 0
        var end = 17
        if byte(17) == UInt8(ascii: ":") {
            guard remaining >= 22, let value = digits(18, 2), value < 60 else { return nil }
            second = value
            end = 20
        }
        guard byte(end) == UInt8(ascii: "Z"), byte(end + 1) == UInt8(ascii: "\"") else { return nil }
        return (Instant(date: date, secondOfDay: hour * 3600 + minute * 60 + second, offset: .utc), end + 2)
    }

    /// Reads an array of strings.
    public mutating func strings() throws(Mismatch) -> [String] {
        var values: [String] = []
        try beginArray()
        while try element() { values.append(try string()) }
        return values
    }

    /// Reads `[`.
    public mutating func beginArray() throws(Mismatch) {
        try separate()
        try expect(UInt8(ascii: "["))
        needsComma = false
    }

    /// Whether another element follows (then read it); reads the `]` at the end.
    public mutating func element() throws(Mismatch) -> Bool {
        if next == UInt8(ascii: "]") {
            offset += 1
            needsComma = true
            return false
        }
        return true
    }

    /// Skips an object, checking only what it takes to find its end; returns its start.
    public mutating func skipObject() throws(Mismatch) -> Int {
        try separate()
        let start = offset
        try expect(UInt8(ascii: "{"))
        var depth = 1
        var at = offset
        let count = bytes.count
        while depth > 0 {
            guard at < count else { throw Mismatch() }
            let byte = bytes[at]
            at += 1
            if byte == UInt8(ascii: "\"") {
                while true {
                    guard at < count else { throw Mismatch() }
                    let inner = bytes[at]
                    at += 1
                    if inner == UInt8(ascii: "\"") { break }
                    if inner == UInt8(ascii: "\\") { at += 1 }
                }
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            }
        }
        offset = at
        needsComma = true
        return start
    }

    /// Moves to `offset`: to the start of a value (`afterValue` false) or just after one.
    public mutating func seek(_ offset: Int, afterValue: Bool) {
        self.offset = offset
        needsComma = afterValue
    }
}

// MARK: - Events and tickets

extension CanonicalJSONReader {
    private mutating func optionalString(_ name: StaticString) throws(Mismatch) -> String? {
        has(name) ? try optionalString() : nil
    }

    private mutating func optionalInstant(_ name: StaticString) throws(Mismatch) -> Instant? {
        guard has(name), !null() else { return nil }
        return try instant()
    }

    /// Reads an actor.
    public mutating func actor() throws(Mismatch) -> Actor {
        try beginObject()
        let id = try optionalString("id")
        try key("role")
        let role = try string()
        try endObject()
        return Actor(role: role, id: id)
    }

    /// Reads an event written by `CanonicalJSONWriter.event(_:)`.
    public mutating func event() throws(Mismatch) -> Event {
        try beginObject()
        var actor: Actor?
        if has("actor"), !null() { actor = try self.actor() }
        try key("at")
        let at = try instant()
        try key("data")
        let data = try skipObject()
        let dataEnd = offset
        try key("sequence")
        let sequence = try int()
        try key("ticket")
        let ticket = try string()
        try key("type")
        let type = try string()
        try endObject()
        let end = offset
        seek(data, afterValue: false)
        let payload = try self.payload(type)
        guard offset == dataEnd else { throw Mismatch() }
        seek(end, afterValue: true)
        return Event(ticket: ticket, sequence: sequence, at: at, actor: actor, payload: payload)
    }

    private mutating func marks() throws(Mismatch) -> [ClockMark] {
        var marks: [ClockMark] = []
        try beginArray()
        while try element() {
            try beginObject()
            let due = try optionalInstant("due")
            try key("index")
            let index = try int()
            try key("kind")
            guard let kind = ClockMark.Kind(rawValue: try string()) else { throw Mismatch() }
            try key("threshold")
            let threshold = try int64()
            try endObject()
            marks.append(ClockMark(kind: kind, index: index, threshold: threshold, due: due))
        }
        return marks
    }

    private mutating func measure() throws(Mismatch) -> ClockMeasure {
        guard let measure = ClockMeasure(rawValue: try string()) else { throw Mismatch() }
        return measure
    }

    // swift-format-ignore: FunctionBodyLength
    private mutating func payload(_ type: String) throws(Mismatch) -> EventPayload {
        try beginObject()
        let payload: EventPayload
        switch type {
        case "opened":
            try key("category")
            let category = try string()
            let channel = try optionalString("channel")
            try key("definition")
            let definition = try string()
            try key("labels")
            let labels = try strings()
            let region = try optionalString("region")
            let reporter = try optionalString("reporter")
            try key("state")
            let state = try string()
            try key("version")
            let version = try string()
            try key("workflow")
            let workflow = try string()
            payload = .opened(
                .init(
                    definition: definition, workflow: workflow, version: version, state: state, category: category,
                    labels: labels, channel: channel, region: region, reporter: reporter))
        case "routed":
            try key("disposition")
            let disposition = try string()
            try key("isDefault")
            let isDefault = try bool()
            let rule = try optionalString("rule")
            try key("unit")
            let unit = try string()
            payload = .routed(.init(unit: unit, disposition: disposition, rule: rule, isDefault: isDefault))
        case "transitioned":
            try key("closes")
            let closes = try bool()
            try key("event")
            let event = try string()
            try key("from")
            let from = try string()
            try key("to")
            let to = try string()
            payload = .transitioned(.init(event: event, from: from, to: to, closes: closes))
        case "assigned":
            let previous = try optionalString("previous")
            try key("unit")
            payload = .assigned(.init(unit: try string(), previous: previous))
        case "noted":
            try key("text")
            payload = .noted(.init(text: try string()))
        case "reporter_replied":
            try key("text")
            payload = .reporterReplied(.init(text: try string()))
        case "reopened":
            try key("from")
            let from = try string()
            try key("to")
            payload = .reopened(.init(from: from, to: try string()))
        case "clock_started":
            let breachedAt = try optionalInstant("breachedAt")
            try key("consumed")
            let consumed = try int64()
            try key("escalationsTaken")
            let escalationsTaken = try int()
            try key("marks")
            let marks = try marks()
            try key("measure")
            let measure = try measure()
            try key("paused")
            let paused = try bool()
            try key("sla")
            let sla = try string()
            try key("target")
            let target = try int64()
            payload = .clockStarted(
                .init(
                    sla: sla, measure: measure, target: target, consumed: consumed, paused: paused,
                    breachedAt: breachedAt, escalationsTaken: escalationsTaken, marks: marks))
        case "clock_paused":
            try key("consumed")
            let consumed = try int64()
            try key("sla")
            payload = .clockPaused(.init(sla: try string(), consumed: consumed))
        case "clock_resumed":
            try key("marks")
            let marks = try marks()
            try key("sla")
            payload = .clockResumed(.init(sla: try string(), marks: marks))
        case "clock_stopped":
            try key("breached")
            let breached = try bool()
            try key("consumed")
            let consumed = try int64()
            try key("sla")
            payload = .clockStopped(.init(sla: try string(), consumed: consumed, breached: breached))
        case "reminded":
            try key("index")
            let index = try int()
            try key("notify")
            let notify = try string()
            try key("point")
            let point = try string()
            try key("sla")
            let sla = try string()
            let unit = try optionalString("unit")
            payload = .reminded(.init(sla: sla, index: index, point: point, notify: notify, unit: unit))
        case "breached":
            try key("escalations")
            let escalations = try marks()
            try key("sla")
            let sla = try string()
            let unit = try optionalString("unit")
            payload = .breached(.init(sla: sla, unit: unit, escalations: escalations))
        case "escalated":
            try key("action")
            let action = try string()
            let notify = try optionalString("notify")
            let reassignTo = try optionalString("reassignTo")
            try key("sla")
            let sla = try string()
            try key("step")
            let step = try int()
            let text = try optionalString("text")
            let unit = try optionalString("unit")
            payload = .escalated(
                .init(
                    sla: sla, step: step, action: action, text: text, notify: notify, unit: unit,
                    reassignTo: reassignTo))
        case "migrated":
            try key("fromDefinition")
            let fromDefinition = try string()
            try key("fromState")
            let fromState = try string()
            try key("plan")
            let plan = try string()
            try key("toDefinition")
            let toDefinition = try string()
            try key("toState")
            let toState = try string()
            try key("version")
            let version = try string()
            try key("workflow")
            let workflow = try string()
            payload = .migrated(
                .init(
                    plan: plan, fromDefinition: fromDefinition, toDefinition: toDefinition, workflow: workflow,
                    version: version, fromState: fromState, toState: toState))
        default:
            throw Mismatch()
        }
        try endObject()
        return payload
    }

    /// Reads a ticket state written by `CanonicalJSONWriter.ticket(_:)`.
    public mutating func ticket() throws(Mismatch) -> TicketState {
        try beginObject()
        try key("category")
        let category = try string()
        let channel = try optionalString("channel")
        try key("clocks")
        var clocks: [SLAClock] = []
        try beginArray()
        while try element() { clocks.append(try clock()) }
        let closedAt = try optionalInstant("closedAt")
        try key("definition")
        let definition = try string()
        let disposition = try optionalString("disposition")
        try key("eventCount")
        let eventCount = try int()
        try key("id")
        let id = try string()
        try key("isClosed")
        let isClosed = try bool()
        try key("labels")
        let labels = try strings()
        try key("openedAt")
        let openedAt = try instant()
        let region = try optionalString("region")
        try key("reportTexts")
        let reportTexts = try strings()
        let reporter = try optionalString("reporter")
        try key("state")
        let state = try string()
        let unit = try optionalString("unit")
        try key("updatedAt")
        let updatedAt = try instant()
        try key("version")
        let version = try string()
        try key("workflow")
        let workflow = try string()
        try endObject()
        return TicketState(
            facts: TicketState.Facts(
                id: id, definition: definition, workflow: workflow, version: version, category: category,
                labels: labels, channel: channel, region: region, reporter: reporter, openedAt: openedAt),
            state: state, isClosed: isClosed, unit: unit, disposition: disposition, closedAt: closedAt,
            updatedAt: updatedAt, eventCount: eventCount, clocks: clocks, reportTexts: reportTexts)
    }

    private mutating func clock() throws(Mismatch) -> SLAClock {
        try beginObject()
        let breachedAt = try optionalInstant("breachedAt")
        try key("consumed")
        let consumed = try int64()
        try key("escalationsTaken")
        let escalationsTaken = try int()
        try key("marks")
        let marks = try marks()
        try key("measure")
        let measure = try measure()
        let since = try optionalInstant("since")
        try key("sla")
        let sla = try string()
        try key("startedAt")
        let startedAt = try instant()
        try key("status")
        guard let status = SLAClock.Status(rawValue: try string()) else { throw Mismatch() }
        let stoppedAt = try optionalInstant("stoppedAt")
        try key("target")
        let target = try int64()
        try endObject()
        return SLAClock(
            sla: sla, status: status, measure: measure, target: target, consumed: consumed, since: since,
            startedAt: startedAt, stoppedAt: stoppedAt, breachedAt: breachedAt, escalationsTaken: escalationsTaken,
            marks: marks)
    }
}

extension CanonicalJSONReader {
    /// The value `read` takes from the whole of `text`; `nil` if the text is laid out otherwise.
    static func whole<Value>(_ text: String, _ read: (inout CanonicalJSONReader) throws(Mismatch) -> Value)
        -> Value?
    {
        var text = text
        return text.withUTF8 { utf8 -> Value? in
            var reader = CanonicalJSONReader(utf8)
            do throws(Mismatch) {
                let value = try read(&reader)
                try reader.end()
                return value
            } catch { return nil }
        }
    }
}

extension Event {
    /// Reads an event from JSON in the canonical layout (`canonicalJSON`); `nil` if the text is laid
    /// out otherwise — decode it with `JSONDecoder` then, which also explains what is wrong.
    public init?(canonicalJSON text: String) {
        guard
            let event = CanonicalJSONReader.whole(
                text,
                { reader throws(CanonicalJSONReader.Mismatch) in
                    try reader.event()
                })
        else { return nil }
        self = event
    }
}

extension TicketState {
    /// Reads a ticket from JSON in the canonical layout (`canonicalJSON`); `nil` if the text is laid
    /// out otherwise — decode it with `JSONDecoder` then.
    public init?(canonicalJSON text: String) {
        guard
            let state = CanonicalJSONReader.whole(
                text,
                { reader throws(CanonicalJSONReader.Mismatch) in
                    try reader.ticket()
                })
        else { return nil }
        self = state
    }
}
