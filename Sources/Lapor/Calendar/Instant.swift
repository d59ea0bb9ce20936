/// A fixed offset from UTC in whole minutes, e.g. `+07:00` for Asia/Jakarta.
public struct UTCOffset: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Minutes east of UTC (negative west of it), within ±23:59.
    public let minutes: Int

    /// Creates an offset; `nil` beyond ±23:59.
    public init?(minutes: Int) {
        guard abs(minutes) < 24 * 60 else { return nil }
        self.minutes = minutes
    }

    /// UTC itself.
    public static let utc = UTCOffset(uncheckedMinutes: 0)

    private init(uncheckedMinutes: Int) { minutes = uncheckedMinutes }

    /// Seconds east of UTC.
    public var seconds: Int { minutes * 60 }

    /// `+07:00`, `-03:30` or `+00:00`.
    public var description: String {
        let sign = minutes < 0 ? "-" : "+"
        let magnitude = abs(minutes)
        return sign + String(magnitude / 60).leftPadded(to: 2) + ":" + String(magnitude % 60).leftPadded(to: 2)
    }

    public static func < (lhs: UTCOffset, rhs: UTCOffset) -> Bool { lhs.minutes < rhs.minutes }
}

/// A point in time, counted in whole seconds since 1970-01-01T00:00:00Z.
///
/// Lapor never reads the wall clock: every instant comes from input (a command, an event, `--now`).
/// It encodes as ISO 8601 text in UTC (`2025-03-20T03:00Z`) and decodes any text `init(parsing:)`
/// accepts, so instants in years 0001–9999 round-trip.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC (negative before it).
    public var secondsSinceEpoch: Int64

    /// Creates an instant from seconds since the Unix epoch.
    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// The instant at `date` and `secondOfDay` (0–86 399, larger values roll over) in local time at `offset`.
    public init(date: LocalDate, secondOfDay: Int, offset: UTCOffset) {
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
        secondsSinceEpoch = local - Int64(offset.seconds)
    }

    /// Parses ISO 8601 with an explicit offset; `nil` if malformed.
    ///
    /// Accepted: `YYYY-MM-DDTHH:MM`, optionally `:SS` and a fraction (dropped, never rounded up),
    /// then `Z`, `±HH:MM` or `±HHMM`. Examples: `2025-03-20T10:00+07:00`, `2025-03-20T03:00:00Z`,
    /// `2025-03-20T10:00+0700`.
    public init?(parsing text: String) {
        guard let parsed = Instant.parseWithOffset(text) else { return nil }
        self = parsed.instant
    }

    /// Parses like `init(parsing:)` and also returns the offset the text was written in.
    public static func parseWithOffset(_ text: String) -> (instant: Instant, offset: UTCOffset)? {
        var scanner = ISOScanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.expect(UInt8(ascii: "-")),
            let month = scanner.digits(2), scanner.expect(UInt8(ascii: "-")),
            let day = scanner.digits(2), scanner.expect(UInt8(ascii: "T")) || scanner.expect(UInt8(ascii: "t")),
            let hour = scanner.digits(2), scanner.expect(UInt8(ascii: ":")), let minute = scanner.digits(2),
            let date = LocalDate(year: year, month: month, day: day), hour < 24, minute < 60
        else { return nil }
        var second = 0
        if scanner.expect(UInt8(ascii: ":")) {
            guard let value = scanner.digits(2), value < 60 else { return nil }
            second = value
            if scanner.expect(UInt8(ascii: ".")) || scanner.expect(UInt8(ascii: ",")) {
                guard scanner.skipDigits() > 0 else { return nil }
            }
        }
        guard let offset = scanner.offset(), scanner.atEnd else { return nil }
        let instant = Instant(date: date, secondOfDay: hour * 3600 + minute * 60 + second, offset: offset)
        return (instant, offset)
    }

    /// The civil date of this instant in local time at `offset`.
    public func localDate(at offset: UTCOffset) -> LocalDate { LocalDate(daysSinceEpoch: Int(localDay(at: offset))) }

    /// Seconds after local midnight (0–86 399) at `offset`.
    public func secondOfDay(at offset: UTCOffset) -> Int {
        let local = secondsSinceEpoch.addingReportingOverflow(Int64(offset.seconds))
        let value = local.overflow ? secondsSinceEpoch : local.partialValue
        return Int(value - Instant.floorDivide(value, 86_400) * 86_400)
    }

    /// ISO 8601 in local time at `offset`: `2025-03-20T10:00+07:00`; seconds only when not zero, `Z` for UTC.
    public func formatted(at offset: UTCOffset) -> String {
        let date = localDate(at: offset)
        let second = secondOfDay(at: offset)
        var text = "\(date)T" + String(second / 3600).leftPadded(to: 2) + ":"
        text += String(second / 60 % 60).leftPadded(to: 2)
        if second % 60 != 0 { text += ":" + String(second % 60).leftPadded(to: 2) }
        return text + (offset.minutes == 0 ? "Z" : offset.description)
    }

    /// The instant `seconds` later, or `nil` if that leaves the representable range.
    public func adding(seconds: Int64) -> Instant? {
        let sum = secondsSinceEpoch.addingReportingOverflow(seconds)
        return sum.overflow ? nil : Instant(secondsSinceEpoch: sum.partialValue)
    }

    /// ISO 8601 in UTC, e.g. `2025-03-20T03:00Z`.
    public var description: String { formatted(at: .utc) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    /// Decodes ISO 8601 text with an offset.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid instant '\(text)': expected ISO 8601 with an offset")
        }
        self = instant
    }

    /// Encodes ISO 8601 text in UTC.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Days since the epoch of the local date at `offset`.
    func localDay(at offset: UTCOffset) -> Int64 {
        let local = secondsSinceEpoch.addingReportingOverflow(Int64(offset.seconds))
        return Instant.floorDivide(local.overflow ? secondsSinceEpoch : local.partialValue, 86_400)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}

/// A cursor over ASCII bytes for the ISO 8601 parser.
private struct ISOScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `count` ASCII digits as a number.
    mutating func digits(_ count: Int) -> Int? {
        guard bytes.count - index >= count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    /// Skips ASCII digits and returns how many.
    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            index += 1
        }
        return index - start
    }

    /// `Z`, `±HH:MM` or `±HHMM`.
    mutating func offset() -> UTCOffset? {
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) { return .utc }
        let sign: Int
        if expect(UInt8(ascii: "+")) {
            sign = 1
        } else if expect(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2) else { return nil }
        _ = expect(UInt8(ascii: ":"))
        guard let minutes = digits(2), hours < 24, minutes < 60 else { return nil }
        return UTCOffset(minutes: sign * (hours * 60 + minutes))
    }
}
