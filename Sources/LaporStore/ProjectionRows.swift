import Dispatch
import Lapor
import Synchronization

/// The projection rows (`tickets` and `timers`) of folded tickets, built a chunk ahead on another
/// thread while the caller writes the chunk before.
///
/// Building a ticket's row encodes its snapshot (a kilobyte and a half of JSON), about as much work
/// as SQLite's insertion of the row; an import writes every row at its end, when its reading thread
/// has stopped, so the second core builds while the first inserts. The chunks come in the order of
/// `states`, each built exactly as on one thread.
enum ProjectionRows {
    /// One ticket's row and its timers' rows.
    typealias Rows = (ticket: TicketRow, timers: [TimerRow])

    /// Tickets per chunk.
    static let chunk = 256

    /// The rows of `state`.
    static func rows(_ state: TicketState) -> Rows { (TicketRow(state), TimerRow.rows(state)) }

    /// Calls `write` with the rows of `states`, in order, a chunk at a time. A chunk's rows are built
    /// while `write` handles the chunk before it; when `write` throws, the chunk being built is
    /// finished and dropped before the error is rethrown.
    static func write<E: Error>(_ states: [TicketState], _ write: ([Rows]) throws(E) -> Void) throws(E) {
        guard !states.isEmpty else { return }
        var start = 0
        var current = states[0..<min(chunk, states.count)].map(rows)
        while true {
            let next = start + chunk
            guard next < states.count else {
                try write(current)
                return
            }
            let slice = states[next..<min(next + chunk, states.count)]
            let built = Built()
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { built.rows.withLock { $0 = slice.map(rows) } }
            do throws(E) {
                try write(current)
            } catch {
                group.wait()
                throw error
            }
            group.wait()
            current = built.rows.withLock { $0 }
            start = next
        }
    }

    /// Holds a chunk's rows from the building thread until the writer takes them (after the group's wait).
    private final class Built: Sendable {
        let rows = Mutex<[Rows]>([])
    }
}
