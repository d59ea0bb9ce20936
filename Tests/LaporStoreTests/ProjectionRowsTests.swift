import Foundation
import Lapor
import Testing

@testable import LaporStore

/// `ProjectionRows.write` builds the next chunk on another thread: the writer must still get every
/// ticket's rows, in order, as one thread builds them, and an error must stop it.
@Suite("Projection rows built a chunk ahead")
struct ProjectionRowsTests {
    struct Stop: Error {}

    /// The populated store's tickets repeated to `count` states (more than one chunk).
    static func states(count: Int) throws -> [TicketState] {
        let directory = TemporaryDirectory()
        let store = try StoreMaintenanceTests.populated(directory)
        let ids = try store.list(TicketFilter(limit: 1_000)).map(\.id)
        let distinct = try ids.map { try store.ticket($0).state }
        #expect(distinct.count > 3)
        return (0..<count).map { distinct[$0 % distinct.count] }
    }

    @Test("every ticket's rows, in order, in chunks of at most the chunk size", arguments: [1, 256, 257, 1_000])
    func inOrder(count: Int) throws {
        let states = try Self.states(count: count)
        var written: [ProjectionRows.Rows] = []
        var chunks = 0
        try ProjectionRows.write(states) { (chunk) throws(Stop) in
            #expect(!chunk.isEmpty && chunk.count <= ProjectionRows.chunk)
            written += chunk
            chunks += 1
        }
        #expect(chunks == (count + ProjectionRows.chunk - 1) / ProjectionRows.chunk)
        #expect(written.map(\.ticket) == states.map(TicketRow.init))
        #expect(written.map(\.timers) == states.map(TimerRow.rows))
    }

    @Test("an error from the writer stops the chunks and is rethrown")
    func writerError() throws {
        let states = try Self.states(count: 1_000)
        var chunks = 0
        #expect(throws: Stop.self) {
            try ProjectionRows.write(states) { (_) throws(Stop) in
                chunks += 1
                if chunks == 2 { throw Stop() }
            }
        }
        #expect(chunks == 2)
    }
}
