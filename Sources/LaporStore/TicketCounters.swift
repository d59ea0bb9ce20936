import GRDB

/// The ticket numbers taken per id prefix, collected from ticket ids, and the `counters` rows that
/// must be at least as high.
///
/// `ticket open` numbers its tickets `PREFIX-NNNNNN` (`LM-2026-000042`, see `TicketID.make(prefix:number:)`),
/// and the `counters` row of `PREFIX` holds the last number given. An id already in the journal can
/// clash with a number still to come only when it is spelled exactly as `TicketID.make` spells
/// one: a hyphen, then the number with at least six digits, zero-padded to six and without leading
/// zeros beyond. Any other id (`LM-2026-7`, `PB/2025/0001`, tickets imported from another system)
/// can never be given by `ticket open` and is left out: it neither moves a counter nor breaks one.
struct TicketCounters {
    /// The highest number taken per prefix, with the id that takes it.
    private(set) var highest: [String: (number: Int64, id: String)] = [:]

    /// The largest number considered: 18 digits, so that the counter's `next + 1` stays an integer.
    static let largest: Int64 = 999_999_999_999_999_999

    /// The prefix and number of `id` if `TicketID.make(prefix:number:)` could give it, else `nil`.
    static func parse(_ id: String) -> (prefix: String, number: Int64)? {
        let utf8 = id.utf8
        guard let hyphen = utf8.lastIndex(of: UInt8(ascii: "-")), hyphen != utf8.startIndex else { return nil }
        let digits = utf8[utf8.index(after: hyphen)...]
        guard digits.count >= 6, digits.count <= 18, digits.count == 6 || digits.first != UInt8(ascii: "0") else {
            return nil
        }
        var number: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        guard number >= 1, number <= largest else { return nil }
        return (String(id[..<hyphen]), number)
    }

    /// The prefixes counted.
    var count: Int { highest.count }

    /// Counts ticket `id` (once per ticket is enough; more often is harmless).
    mutating func note(_ id: String) {
        guard let (prefix, number) = Self.parse(id) else { return }
        if let known = highest[prefix], known.number >= number { return }
        highest[prefix] = (number, id)
    }

    /// The most prefixes held in memory: a journal of tickets imported from elsewhere may have a
    /// prefix per ticket, and memory must not grow with the journal.
    static let held = 10_000

    /// Calls `body` with the numbers taken by the tickets of the journal, in parts of at most
    /// `held` prefixes (a prefix may come in more than one part).
    static func journal(_ db: Database, _ body: (TicketCounters) throws -> Void) throws {
        var counters = TicketCounters()
        // The `(ticket, sequence)` index lists every ticket once for `sequence = 1`.
        let ids = try String.fetchCursor(db, sql: "SELECT ticket FROM events WHERE sequence = 1")
        while let id = try ids.next() {
            counters.note(id)
            if counters.count >= held {
                try body(counters)
                counters = TicketCounters()
            }
        }
        if counters.count > 0 { try body(counters) }
    }

    /// Raises every `counters` row below the number taken under its prefix to that number (a
    /// counter is never lowered: numbers given and no longer in the journal stay given).
    func raise(_ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO counters (prefix, next) VALUES (?, ?)
                ON CONFLICT(prefix) DO UPDATE SET next = max(next, excluded.next)
                """)
        for (prefix, taken) in highest.sorted(by: { $0.key < $1.key }) {
            try statement.execute(arguments: [prefix, taken.number])
        }
    }

    /// The prefixes whose `counters` row is below the number taken: the counter's value (0 when
    /// the row is missing) and the id that takes the highest number, in prefix order.
    func behind(_ db: Database) throws -> [(prefix: String, counter: Int64, id: String)] {
        let statement = try db.cachedStatement(sql: "SELECT next FROM counters WHERE prefix = ?")
        return try highest.sorted(by: { $0.key < $1.key }).compactMap { prefix, taken in
            let counter = try Int64.fetchOne(statement, arguments: [prefix]) ?? 0
            return counter < taken.number ? (prefix, counter, taken.id) : nil
        }
    }
}
