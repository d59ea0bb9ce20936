/// A read-only map from names (state ids, categories) to their positions, for lookups on every step.
///
/// `Dictionary<String, Int>` hashes a key with seeded SipHash, which costs several times more than
/// a short id deserves. The index hashes the UTF-8 bytes with FNV-1a into an open-addressed table
/// of at most half load, and confirms a hit with `==` (for a name that came from the same config, a
/// comparison of the string's two words). The keys come from validated configs; a lookup probes at
/// most the names sharing its hash.
struct NameIndex: Sendable {
    private let names: [String]
    private let positions: [Int]
    /// Per slot: the entry's offset in `names`, or -1 for an empty slot.
    private let slots: [Int32]
    private let mask: Int

    /// An index of `entries`; for a name given twice the first position wins.
    init(_ entries: some Sequence<(name: String, position: Int)>) {
        var names: [String] = []
        var positions: [Int] = []
        var seen: Set<String> = []
        for entry in entries where seen.insert(entry.name).inserted {
            names.append(entry.name)
            positions.append(entry.position)
        }
        var capacity = 4
        while capacity < names.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (offset, name) in names.enumerated() {
            var slot = Self.hash(name) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(offset)
        }
        self.names = names
        self.positions = positions
        self.slots = slots
        self.mask = capacity - 1
    }

    /// An index of `names` to their offsets in the list.
    init(_ names: [String]) {
        self.init(names.enumerated().map { (name: $0.element, position: $0.offset) })
    }

    /// The position of `name`, if it is in the index.
    subscript(name: String) -> Int? {
        var slot = Self.hash(name) & mask
        while true {
            let entry = Int(slots[slot])
            guard entry >= 0 else { return nil }
            if names[entry] == name { return positions[entry] }
            slot = (slot + 1) & mask
        }
    }

    /// The number of names.
    var count: Int { names.count }

    /// FNV-1a of the UTF-8 bytes, folded to an `Int`.
    private static func hash(_ name: String) -> Int {
        // The bytes where they are (`withUTF8` would need a mutable copy of the string); a string that
        // does not store UTF-8 (bridged) is read byte by byte through its view.
        func fnv(_ bytes: some Sequence<UInt8>) -> Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return Int(truncatingIfNeeded: hash ^ (hash >> 32))
        }
        return name.utf8.withContiguousStorageIfAvailable { fnv($0) } ?? fnv(name.utf8)
    }
}
