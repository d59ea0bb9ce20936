import Foundation
import Testing

@testable import Lapor

/// `ClockMarks` keeps up to four marks inline and more in an array; either way it must behave as an
/// array of its marks.
@Suite("Clock marks: inline and spilled storage")
struct ClockMarksTests {
    static func mark(_ index: Int) -> ClockMark {
        ClockMark(
            kind: .reminder, index: index, threshold: Int64(100 * index),
            due: Instant(secondsSinceEpoch: 7 * 86_400 + Int64(index)))
    }

    @Test("appending, removing and replacing as an array does, across the inline capacity")
    func sameAsArray() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            var marks = ClockMarks()
            var array: [ClockMark] = []
            for step in 0..<12 {
                switch random.next(below: 5) {
                case 0, 1:
                    marks.append(Self.mark(step))
                    array.append(Self.mark(step))
                case 2:
                    let batch = (0..<random.next(below: 4)).map { Self.mark(20 + step * 4 + $0) }
                    marks.append(contentsOf: batch)
                    array.append(contentsOf: batch)
                case 3:
                    let cut = random.next(below: 3)
                    marks.removeAll { $0.index % 3 == cut }
                    array.removeAll { $0.index % 3 == cut }
                default:
                    if !array.isEmpty {
                        let position = random.next(below: array.count)
                        marks[position].due = nil
                        array[position].due = nil
                    }
                }
                #expect(Array(marks) == array)
                #expect(marks.count == array.count)
                #expect(marks.first == array.first)
                #expect(marks == ClockMarks(array))
                #expect(marks.hashValue == ClockMarks(array).hashValue)
            }
        }
    }

    @Test("five marks spill into an array; the same marks compare equal however they are stored")
    func spilled() throws {
        let five = (0..<5).map(Self.mark)
        var spilled = ClockMarks(five)
        #expect(spilled.count == 5)
        #expect(spilled.last == Self.mark(4))
        // Down to four marks, still in the array: equal to four stored inline.
        spilled.removeAll { $0.index == 0 }
        let inline = ClockMarks(Array(five.dropFirst()))
        #expect(spilled == inline)
        #expect(spilled.hashValue == inline.hashValue)
        var fromLiteral: ClockMarks = [Self.mark(1), Self.mark(2), Self.mark(3), Self.mark(4)]
        #expect(fromLiteral == inline)
        fromLiteral.append(Self.mark(9))
        #expect(fromLiteral.map(\.index) == [1, 2, 3, 4, 9])
        fromLiteral.removeAll()
        #expect(fromLiteral.isEmpty)
    }

    @Test("encodes and decodes as a JSON array of marks")
    func codable() throws {
        for count in [0, 3, 4, 6] {
            let array = (0..<count).map(Self.mark)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = try encoder.encode(ClockMarks(array))
            #expect(json == (try encoder.encode(array)))
            #expect(try JSONDecoder().decode(ClockMarks.self, from: json) == ClockMarks(array))
        }
    }

    @Test("a clock's first due instant follows its marks through every change")
    func firstDue() {
        var clock = SLAClock(
            sla: "respon", status: .running, measure: .working, target: 1_000, consumed: 0,
            since: Instant(secondsSinceEpoch: 0), startedAt: Instant(secondsSinceEpoch: 0), stoppedAt: nil,
            breachedAt: nil, escalationsTaken: 0, marks: (0..<6).map(Self.mark))
        #expect(clock.firstDue == Self.mark(0).due)
        clock.marks.removeAll { $0.index < 2 }
        #expect(clock.firstDue == Self.mark(2).due)
        clock.marks[0].due = nil
        #expect(clock.firstDue == nil)
        clock.marks = [Self.mark(5)]
        #expect(clock.firstDue == Self.mark(5).due)
        clock.marks = []
        #expect(clock.firstDue == nil)
    }
}
