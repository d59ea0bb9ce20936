/// The marks still ahead on a clock, in order: up to four stored in the clock itself, more in an array.
///
/// A clock holds its reminder points and breach, or after the breach its escalation steps: a handful.
/// Kept inline they live in the clock, which lives in the ticket's clock list, so that a ticket's
/// clocks and marks are one block of memory rather than one block per clock, and copying or freeing
/// a clock counts no references. More marks than fit move, all of them, into an array.
///
/// Compares, hashes and encodes like an array of its marks.
public struct ClockMarks: RandomAccessCollection, MutableCollection, Hashable, Sendable, Codable,
    ExpressibleByArrayLiteral, CustomStringConvertible
{
    /// How many marks are kept inline.
    static let inlineCapacity = 4

    private var inline: InlineArray<4, ClockMark>
    /// The number of marks in `inline` (0 when they are in `spilled`).
    private var inlineCount: Int
    /// Every mark, when there are more than `inlineCapacity`.
    private var spilled: [ClockMark]?

    private static let unused = ClockMark(kind: .breach, index: 0, threshold: 0)

    /// No marks.
    public init() {
        inline = InlineArray(repeating: Self.unused)
        inlineCount = 0
        spilled = nil
    }

    /// The marks of `marks`, in their order.
    public init(_ marks: some Collection<ClockMark>) {
        self.init()
        guard marks.count <= Self.inlineCapacity else {
            spilled = Array(marks)
            return
        }
        for mark in marks {
            inline[inlineCount] = mark
            inlineCount += 1
        }
    }

    /// The marks of `marks`, in their order; more than fit inline share the array's storage.
    public init(_ marks: [ClockMark]) {
        self.init()
        guard marks.count <= Self.inlineCapacity else {
            spilled = marks
            return
        }
        for index in marks.indices { inline[index] = marks[index] }
        inlineCount = marks.count
    }

    public init(arrayLiteral marks: ClockMark...) { self.init(marks) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { spilled?.count ?? inlineCount }

    public subscript(position: Int) -> ClockMark {
        get {
            if let spilled { return spilled[position] }
            precondition(position >= 0 && position < inlineCount, "clock mark index out of range")
            return inline[position]
        }
        set {
            if spilled != nil {
                spilled?[position] = newValue
                return
            }
            precondition(position >= 0 && position < inlineCount, "clock mark index out of range")
            inline[position] = newValue
        }
    }

    /// Adds `mark` after the others.
    public mutating func append(_ mark: ClockMark) {
        if spilled != nil {
            spilled?.append(mark)
        } else if inlineCount < Self.inlineCapacity {
            inline[inlineCount] = mark
            inlineCount += 1
        } else {
            var all = Array(self)
            all.append(mark)
            self = ClockMarks(all)
        }
    }

    /// Adds `marks` after the others, in their order.
    public mutating func append(contentsOf marks: some Sequence<ClockMark>) {
        for mark in marks { append(mark) }
    }

    /// Removes the marks for which `shouldBeRemoved` holds, keeping the order of the others.
    public mutating func removeAll(where shouldBeRemoved: (ClockMark) -> Bool) {
        if spilled != nil {
            spilled?.removeAll(where: shouldBeRemoved)
            return
        }
        var kept = 0
        for index in 0..<inlineCount where !shouldBeRemoved(inline[index]) {
            if kept != index { inline[kept] = inline[index] }
            kept += 1
        }
        inlineCount = kept
    }

    /// Removes every mark.
    public mutating func removeAll() { self = ClockMarks() }

    public static func == (lhs: ClockMarks, rhs: ClockMarks) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for mark in self { hasher.combine(mark) }
    }

    /// The marks as an array prints them.
    public var description: String { Array(self).description }

    public init(from decoder: any Decoder) throws { self.init(try [ClockMark](from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }
}
