/// The tickets of a run, indexed by arrival, in one growable block of memory.
///
/// Its subscript hands out the element in place (`unsafeAddress`): reading `tickets[i].token` or
/// passing `&tickets[i].state` to the interpreter touches that field only, where an `Array` element
/// would be copied whole (its ticket state with it) and destroyed again on every read.
final class SimTicketTable {
    private var base: UnsafeMutablePointer<SimTicket>
    private var capacity: Int
    /// The number of tickets.
    private(set) var count = 0

    init(capacity: Int = 1_024) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Removes every ticket and releases the memory.
    func removeAll() {
        base.deinitialize(count: count)
        base.deallocate()
        capacity = 1
        base = .allocate(capacity: capacity)
        count = 0
    }

    /// `0..<count`.
    var indices: Range<Int> { 0..<count }

    /// Adds a ticket at index `count`.
    func append(_ ticket: consuming SimTicket) {
        if count == capacity {
            let grown = UnsafeMutablePointer<SimTicket>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: ticket)
        count += 1
    }

    subscript(index: Int) -> SimTicket {
        unsafeAddress {
            precondition(index >= 0 && index < count, "ticket index out of range")
            return UnsafePointer(base + index)
        }
        unsafeMutableAddress {
            precondition(index >= 0 && index < count, "ticket index out of range")
            return base + index
        }
    }
}
