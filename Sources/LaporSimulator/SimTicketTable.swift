import Lapor

/// A ticket in flight: plain values only, so that reading or writing one costs no reference counting.
struct SimTicket {
    /// The load (workflow) whose definition the ticket runs under; a migration changes it.
    var load: Int32
    /// The load the ticket arrived by.
    var origin: Int32
    /// Its arrival stream in `origin` (category and labels).
    var stream: Int32
    /// Its category, as an index into the model's `categories`.
    var category: Int32 = 0
    /// The work rule of its current state, as an index into its load's `ruleList`; -1 for none.
    var rule: Int32 = -1
    /// The report unit it is open in (the unit in charge), -1 for none.
    var reportUnit: Int32 = -1
    /// Bumped whenever the ticket's next step is re-planned; scheduled work with an older token is void.
    var token: UInt32 = 0
    /// Due instant (seconds since the epoch) of its next timer; `.max` for none.
    var timerDue: Int64 = .max
    var enqueued: Int64 = 0
    var waited: Int64 = 0
    var worked: Int64 = 0
    var random: SimulationRandom
    var inService = false
    /// Its record is written; its state is freed if it closed.
    var finished = false
    /// Its interpreter state is held by the table.
    var hasState = false

    init(load: Int, stream: Int, random: SimulationRandom) {
        self.load = Int32(load)
        origin = Int32(load)
        self.stream = Int32(stream)
        self.random = random
    }
}

/// The tickets of a run, indexed by arrival: the bookkeeping of each ticket and, while it is kept, its
/// interpreter state, in two growable blocks of memory.
///
/// The subscripts hand out elements in place (`unsafeAddress`): reading `tickets[i].token` or
/// `tickets[state: i].unit` touches that field only, where an `Array` element (or a bound copy of a
/// ticket state) would be copied whole and destroyed again on every read. The interpreter gets a state
/// moved out (`takeState`) and moved back (`putState`), never copied. Not copyable: it owns its memory.
struct SimTicketTable: ~Copyable {
    private var tickets: UnsafeMutablePointer<SimTicket>
    private var states: UnsafeMutablePointer<TicketState>
    private var capacity: Int
    /// The number of tickets.
    private(set) var count = 0

    init(capacity: Int = 1_024) {
        self.capacity = max(1, capacity)
        tickets = .allocate(capacity: self.capacity)
        states = .allocate(capacity: self.capacity)
    }

    deinit {
        for index in 0..<count where tickets[index].hasState { (states + index).deinitialize(count: 1) }
        tickets.deallocate()
        states.deallocate()
    }

    /// Removes every ticket and releases the memory.
    mutating func removeAll() {
        for index in 0..<count where tickets[index].hasState { (states + index).deinitialize(count: 1) }
        tickets.deallocate()
        states.deallocate()
        capacity = 1
        tickets = .allocate(capacity: capacity)
        states = .allocate(capacity: capacity)
        count = 0
    }

    /// `0..<count`.
    var indices: Range<Int> { 0..<count }

    /// Adds a ticket with its first state at index `count`.
    mutating func append(_ ticket: SimTicket, state: consuming TicketState) {
        if count == capacity { grow() }
        var ticket = ticket
        ticket.hasState = true
        (tickets + count).initialize(to: ticket)
        (states + count).initialize(to: state)
        count += 1
    }

    private mutating func grow() {
        let size = capacity * 2
        let grownTickets = UnsafeMutablePointer<SimTicket>.allocate(capacity: size)
        let grownStates = UnsafeMutablePointer<TicketState>.allocate(capacity: size)
        for index in 0..<count where tickets[index].hasState {
            (grownStates + index).moveInitialize(from: states + index, count: 1)
        }
        grownTickets.moveInitialize(from: tickets, count: count)
        tickets.deallocate()
        states.deallocate()
        tickets = grownTickets
        states = grownStates
        capacity = size
    }

    subscript(index: Int) -> SimTicket {
        unsafeAddress {
            precondition(index >= 0 && index < count, "ticket index out of range")
            return UnsafePointer(tickets + index)
        }
        unsafeMutableAddress {
            precondition(index >= 0 && index < count, "ticket index out of range")
            return tickets + index
        }
    }

    /// The interpreter state of ticket `index`, which must be held (`hasState`).
    subscript(state index: Int) -> TicketState {
        unsafeAddress {
            precondition(index >= 0 && index < count && tickets[index].hasState, "ticket state not held")
            return UnsafePointer(states + index)
        }
        unsafeMutableAddress {
            precondition(index >= 0 && index < count && tickets[index].hasState, "ticket state not held")
            return states + index
        }
    }

    /// Calls `body` with the interpreter state of ticket `index` (which must be held) in place.
    mutating func withState<Result>(_ index: Int, _ body: (inout TicketState) -> Result) -> Result {
        precondition(index >= 0 && index < count && tickets[index].hasState, "ticket state not held")
        return body(&states[index])
    }

    /// Moves the state of ticket `index` out (to hand it to the interpreter); `putState` moves it back.
    mutating func takeState(_ index: Int) -> TicketState {
        precondition(index >= 0 && index < count && tickets[index].hasState, "ticket state not held")
        tickets[index].hasState = false
        return (states + index).move()
    }

    /// Moves `state` in as the state of ticket `index`, which holds none.
    mutating func putState(_ index: Int, _ state: consuming TicketState) {
        precondition(index >= 0 && index < count && !tickets[index].hasState, "ticket state already held")
        (states + index).initialize(to: state)
        tickets[index].hasState = true
    }

    /// Frees the state of ticket `index`.
    mutating func removeState(_ index: Int) {
        precondition(index >= 0 && index < count && tickets[index].hasState, "ticket state not held")
        tickets[index].hasState = false
        (states + index).deinitialize(count: 1)
    }
}
