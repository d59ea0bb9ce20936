import Foundation
import Lapor
import Testing

/// `CanonicalJSONWriter` against `JSONEncoder` (sorted keys, unescaped slashes), and
/// `CanonicalJSONReader` against `JSONDecoder`, on generated events and tickets.
@Suite("Canonical JSON")
struct CanonicalJSONTests {
    /// Strings meant to trip an encoder: quotes, backslashes, slashes, every control character,
    /// DEL, non-ASCII (combining marks, emoji, U+2028, BOM), empty, long.
    static let nasty: [String] = [
        "", "a", "upah", "\"", "\\", "/", "a/b\\c\"d", "\u{0}", "\u{1}\u{1f}\u{7f}", "\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}",
        "tab\there", "line\nbreak\r\n", "é", "e\u{301}", "😀 emoji 👍🏽", "\u{2028}\u{2029}", "\u{feff}bom",
        "Pengaduan \"THR\" belum dibayar / ditunda \\ 100%", "日本語", "\u{10ffff}", "null", "true", "{\"a\":1}",
        String(repeating: "x", count: 1_000), "</script>", "\u{ad}soft",
    ]

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[random.next(below: values.count)] }

    static func text(_ random: inout SplitMix64) -> String {
        if random.next(below: 3) == 0 {
            return nasty[random.next(below: nasty.count)]
        }
        // A random mix of ASCII (control characters included) and a few non-ASCII scalars.
        let count = random.next(below: 24)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            switch random.next(below: 10) {
            case 0: scalars.append(Unicode.Scalar(UInt8(random.next(below: 0x20))))
            case 1: scalars.append(pick(["é", "ñ", "€", "😀", "\u{2028}", "ß"], &random))
            default: scalars.append(Unicode.Scalar(UInt8(0x20 + random.next(below: 0x60))))
            }
        }
        return String(scalars)
    }

    static func optionalText(_ random: inout SplitMix64) -> String? {
        random.next(below: 3) == 0 ? nil : text(&random)
    }

    static func int64(_ random: inout SplitMix64) -> Int64 {
        switch random.next(below: 6) {
        case 0: pick([Int64.max, Int64.min, 0, -1, 1, 9_007_199_254_740_993], &random)
        case 1: Int64(bitPattern: random.next())
        default: Int64(random.next(below: 1_000_000)) - 1_000
        }
    }

    static func int(_ random: inout SplitMix64) -> Int { Int(int64(&random)) }

    static func instant(_ random: inout SplitMix64) -> Instant {
        switch random.next(below: 8) {
        // Years 0001 and 9999, the epoch, and instants far outside the calendar range.
        case 0:
            Instant(
                secondsSinceEpoch: pick(
                    [-62_135_596_800, 253_402_300_799, 0, -1, -62_135_596_801, 253_402_300_800], &random))
        case 1: Instant(secondsSinceEpoch: Int64(random.next(below: 500_000_000_000)) - 62_135_596_800)
        case 2: Instant(secondsSinceEpoch: (Int64(random.next(below: 60 * 24 * 365 * 20)) + 29_000_000) * 60)
        default: Instant(secondsSinceEpoch: 1_735_689_600 + Int64(random.next(below: 400 * 86_400)))
        }
    }

    /// A JSON value, to build events through `JSONDecoder` (the payloads' initialisers are internal).
    enum Value: Encodable {
        case string(String)
        case int(Int64)
        case bool(Bool)
        case array([Value])
        case object([String: Value])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }
    }

    enum Field { case string, optionalString, int, bool, optionalInstant, marks, strings, measure }

    /// The payload fields of every event type.
    static let schema: [(String, [(String, Field)])] = [
        (
            "opened",
            [
                ("definition", .string), ("workflow", .string), ("version", .string), ("state", .string),
                ("category", .string), ("labels", .strings), ("channel", .optionalString),
                ("region", .optionalString), ("reporter", .optionalString),
            ]
        ),
        ("routed", [("unit", .string), ("disposition", .string), ("rule", .optionalString), ("isDefault", .bool)]),
        ("transitioned", [("event", .string), ("from", .string), ("to", .string), ("closes", .bool)]),
        ("assigned", [("unit", .string), ("previous", .optionalString)]),
        ("noted", [("text", .string)]),
        ("reporter_replied", [("text", .string)]),
        ("reopened", [("from", .string), ("to", .string)]),
        (
            "clock_started",
            [
                ("sla", .string), ("measure", .measure), ("target", .int), ("consumed", .int), ("paused", .bool),
                ("breachedAt", .optionalInstant), ("escalationsTaken", .int), ("marks", .marks),
            ]
        ),
        ("clock_paused", [("sla", .string), ("consumed", .int)]),
        ("clock_resumed", [("sla", .string), ("marks", .marks)]),
        ("clock_stopped", [("sla", .string), ("consumed", .int), ("breached", .bool)]),
        (
            "reminded",
            [("sla", .string), ("index", .int), ("point", .string), ("notify", .string), ("unit", .optionalString)]
        ),
        ("breached", [("sla", .string), ("unit", .optionalString), ("escalations", .marks)]),
        (
            "escalated",
            [
                ("sla", .string), ("step", .int), ("action", .string), ("text", .optionalString),
                ("notify", .optionalString), ("unit", .optionalString), ("reassignTo", .optionalString),
            ]
        ),
        (
            "migrated",
            [
                ("plan", .string), ("fromDefinition", .string), ("toDefinition", .string), ("workflow", .string),
                ("version", .string), ("fromState", .string), ("toState", .string),
            ]
        ),
    ]

    /// An instant within the years 0001–9999 (what `Instant(parsing:)` reads back).
    static func calendarInstant(_ random: inout SplitMix64) -> Instant {
        let instant = instant(&random)
        let range: ClosedRange<Int64> = -62_135_596_800...253_402_300_799
        return range.contains(instant.secondsSinceEpoch) ? instant : Instant(secondsSinceEpoch: 1_767_225_600)
    }

    static func value(_ field: Field, _ random: inout SplitMix64) -> Value? {
        switch field {
        case .string: return .string(text(&random))
        case .optionalString: return optionalText(&random).map(Value.string)
        case .int: return .int(int64(&random))
        case .bool: return .bool(bool(&random))
        case .optionalInstant: return bool(&random) ? nil : .string(calendarInstant(&random).description)
        case .strings: return .array((0..<random.next(below: 4)).map { _ in .string(text(&random)) })
        case .measure: return .string(bool(&random) ? "working" : "elapsed")
        case .marks:
            return .array(
                (0..<random.next(below: 4)).map { _ in
                    var mark: [String: Value] = [
                        "kind": .string(pick(["reminder", "breach", "escalation"], &random)),
                        "index": .int(int64(&random)), "threshold": .int(int64(&random)),
                    ]
                    if bool(&random) { mark["due"] = .string(calendarInstant(&random).description) }
                    return .object(mark)
                })
        }
    }

    static func bool(_ random: inout SplitMix64) -> Bool { random.next(below: 2) == 0 }

    /// An event of the `kind`th type of `schema` with random content (`sla` for clock events if given).
    static func event(
        _ kind: Int, _ random: inout SplitMix64, ticket: String? = nil, sequence: Int? = nil, sla: String? = nil
    ) throws -> Event {
        let (type, fields) = schema[kind]
        var data: [String: Value] = [:]
        for (name, field) in fields { data[name] = value(field, &random) }
        if let sla, data["sla"] != nil { data["sla"] = .string(sla) }
        var object: [String: Value] = [
            "ticket": .string(ticket ?? text(&random)), "sequence": .int(Int64(sequence ?? int(&random))),
            "at": .string(calendarInstant(&random).description), "type": .string(type), "data": .object(data),
        ]
        if bool(&random) {
            var actor: [String: Value] = ["role": .string(text(&random))]
            if bool(&random) { actor["id"] = .string(text(&random)) }
            object["actor"] = .object(actor)
        }
        var event = try JSONDecoder().decode(Event.self, from: try encoder.encode(Value.object(object)))
        // Instants outside the years 0001–9999 are written through `Instant.description`.
        if random.next(below: 20) == 0 { event.at = instant(&random) }
        return event
    }

    /// A journal that folds: opened, then events of every kind on two clocks, with random content.
    static func journal(_ random: inout SplitMix64) throws -> [Event] {
        let ticket = text(&random)
        var events: [Event] = []
        // Starts well inside the years 0001–9999 so that the whole journal stays there.
        var at = Int64(random.next(below: 200_000_000_000)) - 60_000_000_000
        var state: TicketState?
        func add(_ kind: Int, sla: String? = nil) throws {
            var event = try Self.event(kind, &random, ticket: ticket, sequence: events.count + 1, sla: sla)
            at += Int64(random.next(below: 100_000))
            event.at = Instant(secondsSinceEpoch: at)
            // Keep the events that fold (an escalation past `Int.max` steps taken does not).
            guard let folded = try? TicketState.apply(event, to: state) else { return }
            state = folded
            events.append(event)
        }
        try add(0)
        let slas = [text(&random), text(&random) + "2"]
        var started: Set<String> = []
        for _ in 0..<random.next(below: 30) {
            let sla = slas[random.next(below: 2)]
            let kind = 1 + random.next(below: schema.count - 1)
            switch schema[kind].0 {
            case "clock_started":
                started.insert(sla)
                try add(kind, sla: sla)
            case "clock_paused", "clock_resumed", "clock_stopped", "reminded", "breached", "escalated":
                // Clock events fold only on a started clock.
                if started.contains(sla) { try add(kind, sla: sla) }
            case "migrated":
                started = []
                try add(kind)
            default: try add(kind)
            }
        }
        return events
    }

    static let encoder = Event.encoder

    @Test("events: the writer gives JSONEncoder's bytes and the reader reads them back", arguments: 0..<4)
    func events(batch: Int) throws {
        var random = SplitMix64(seed: UInt64(batch) &* 7_919 &+ 1)
        for index in 0..<1_500 {
            let event = try Self.event(index % 15, &random)
            let expected = String(decoding: try Self.encoder.encode(event), as: UTF8.self)
            #expect(event.canonicalJSON == expected)
            if (-62_135_596_800...253_402_300_799).contains(event.at.secondsSinceEpoch) {
                #expect(Event(canonicalJSON: expected) == event)
                #expect(Self.readsAsCanonical(expected))
            } else {
                // Written, but neither reader reads an instant outside the years 0001–9999.
                #expect(Event(canonicalJSON: expected) == nil)
                #expect((try? JSONDecoder().decode(Event.self, from: Data(expected.utf8))) == nil)
            }
        }
    }

    @Test("tickets: the writer gives JSONEncoder's bytes for every state of generated journals")
    func tickets() throws {
        var random = SplitMix64(seed: 42)
        var checked = 0
        for _ in 0..<300 {
            var state: TicketState?
            for event in try Self.journal(&random) {
                state = try TicketState.apply(event, to: state)
                let ticket = try #require(state)
                let expected = String(decoding: try Self.encoder.encode(ticket), as: UTF8.self)
                #expect(ticket.canonicalJSON == expected)
                #expect(TicketState(canonicalJSON: expected) == ticket)
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }

    @Test("journals of the shipped workflow: events and every state", arguments: 0..<3)
    func shipped(batch: Int) throws {
        for seed in 0..<20 {
            let journal = try EnginePropertyTests.run(seed: UInt64(1_000 + batch * 20 + seed), steps: 40)
            var state: TicketState?
            for event in journal {
                let json = String(decoding: try Self.encoder.encode(event), as: UTF8.self)
                #expect(event.canonicalJSON == json)
                #expect(Event(canonicalJSON: json) == event)
                state = try TicketState.apply(event, to: state)
                let ticket = try #require(state)
                let snapshot = String(decoding: try Self.encoder.encode(ticket), as: UTF8.self)
                #expect(ticket.canonicalJSON == snapshot)
                #expect(TicketState(canonicalJSON: snapshot) == ticket)
            }
        }
    }

    /// Whether the reader reads `text` as an event spelled canonically.
    static func readsAsCanonical(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            var reader = CanonicalJSONReader(utf8)
            guard (try? reader.event()) != nil, reader.atEnd else { return false }
            return reader.isCanonical
        }
    }

    /// Variants of canonical JSON: the reader may decline any of them, but whatever it reads must be
    /// what `JSONDecoder` reads.
    static func variants(of json: String, _ random: inout SplitMix64) -> [String] {
        let replacements: [(String, String)] = [
            (",", ", "), (":", " : "), ("/", "\\/"), ("a", "\\u0061"), ("e", "\\u0065"), ("\"Z", "\"z"),
            ("Z\"", "+07:00\""), ("Z\"", ":00Z\""), (":0,", ":0.0,"), (":1,", ":1e0,"), (":1,", ":01,"),
            (":0,", ":-0,"), ("true", "1"), ("\"actor\":", "\"actor\":null,\"x\":"), ("\"sequence\"", "\"Sequence\""),
            ("\"data\":{", "\"data\":{\"unit\":null,"), ("\\\"", "\\u0022"), ("\\n", "\\u000A"),
            ("😀", "\\ud83d\\ude00"), ("😀", "\\ud83d"), ("😀", "\\ude00"), ("\"marks\":[]", "\"marks\":null"),
            ("\"labels\":[", "\"labels\":[1,"),
        ]
        var variants = replacements.map { json.replacingOccurrences(of: $0.0, with: $0.1) }
        variants += [" " + json, json + " ", json + "\n", String(json.dropLast()), json + "}"]
        variants += ["{\"extra\":1," + json.dropFirst(), String(json.dropLast()) + ",\"extra\":null}"]
        // Single-byte changes anywhere.
        let bytes = Array(json.utf8)
        for _ in 0..<8 where !bytes.isEmpty {
            var changed = bytes
            let at = random.next(below: changed.count)
            switch random.next(below: 3) {
            case 0: changed.remove(at: at)
            case 1: changed.insert(pick(Array("{}[],:\"\\ 0-n".utf8), &random), at: at)
            default: changed[at] = pick(Array("{}[],:\"\\ 0-9a".utf8), &random)
            }
            variants.append(String(decoding: changed, as: UTF8.self))
        }
        return variants
    }

    @Test("the reader never reads what JSONDecoder refuses or reads differently")
    func differential() throws {
        var random = SplitMix64(seed: 7)
        let decoder = JSONDecoder()
        var read = 0
        var declined = 0
        var canonical = 0
        for index in 0..<1_200 {
            let json = try Self.event(index % 15, &random).canonicalJSON
            for variant in Self.variants(of: json, &random) {
                let slow = try? decoder.decode(Event.self, from: Data(variant.utf8))
                if let fast = Event(canonicalJSON: variant) {
                    #expect(slow == fast, "\(variant)")
                    read += 1
                    // Text the reader calls canonical is exactly what the writer writes for it.
                    if Self.readsAsCanonical(variant) {
                        #expect(fast.canonicalJSON == variant)
                        canonical += 1
                    }
                } else {
                    declined += 1
                }
            }
        }
        var states = 0
        for _ in 0..<100 {
            var state: TicketState?
            for event in try Self.journal(&random) {
                state = try TicketState.apply(event, to: state)
                for variant in Self.variants(of: try #require(state).canonicalJSON, &random) {
                    let slow = try? decoder.decode(TicketState.self, from: Data(variant.utf8))
                    if let fast = TicketState(canonicalJSON: variant) {
                        #expect(slow == fast, "\(variant)")
                        states += 1
                    }
                }
            }
        }
        // Both branches were exercised: some variants are still canonical in meaning, most are not.
        #expect(read > 1_000)
        #expect(canonical > 1_000 && canonical < read)
        #expect(declined > 10_000)
        #expect(states > 100)
    }

    @Test("written by hand: escapes, key order, omitted optionals")
    func byHand() throws {
        let event = try JSONDecoder().decode(
            Event.self,
            from: Data(
                #"{"actor":{"role":"humas"},"at":"2026-01-01T07:00:05+07:00","type":"noted","sequence":3,"#
                    .appending(#""ticket":"LM-2026-000001","data":{"text":"a\/b \"c\"\n\u0001\u00e9"}}"#).utf8))
        #expect(
            event.canonicalJSON
                == #"{"actor":{"role":"humas"},"at":"2026-01-01T00:00:05Z","data":{"text":"a/b \"c\"\n\u0001é"},"#
                + #""sequence":3,"ticket":"LM-2026-000001","type":"noted"}"#)
        let escaped =
            #"{"actor":{"role":"hu\u006das"},"at":"2026-01-01T07:00:05+07:00","data":{"text":"a\/b \"c\"\n\u0001\u00e9"},"#
            + #""sequence":3,"ticket":"LM-2026-000001","type":"noted"}"#
        #expect(Event(canonicalJSON: escaped) == event)
        #expect(
            Event(canonicalJSON: escaped.replacingOccurrences(of: "\"sequence\":3", with: "\"sequence\":3.5")) == nil)
    }
}
