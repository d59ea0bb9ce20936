import HeapModule
import Lapor
import Testing

@testable import LaporSimulator

/// The agenda hands out events in the order a single heap does: by time, then by scheduling order.
@Suite("Agenda: the future event list")
struct AgendaTests {
    static func item(_ time: Int64, _ order: UInt64) -> Scheduled {
        Scheduled(time: time, order: order, kind: .timer, slot: 0, ticket: Int32(order % 1_000), token: 0)
    }

    @Test(
        "random schedules and removals come out as from one heap",
        arguments: [(width: Int64(3_600), seed: UInt64(1)), (60, 2), (86_400, 3), (7, 4)])
    func sameOrderAsHeap(width: Int64, seed: UInt64) {
        let origin: Int64 = 1_767_200_400
        let end = origin + 20 * 86_400
        var agenda = Agenda(origin: origin, end: end, width: width)
        var heap = Heap<Scheduled>()
        var random = SplitMix64(seed: seed)
        var now = origin
        var order: UInt64 = 0
        var popped = 0
        for round in 0..<20_000 {
            // Mostly events soon after `now`, some weeks ahead, some past the end, some before the
            // origin, some at exactly the same time as another.
            let time: Int64
            switch random.next(below: 10) {
            case 0: time = now + Int64(random.next(below: 40 * 86_400))
            case 1: time = origin - 1 - Int64(random.next(below: 1_000))
            case 2: time = now
            case 3: time = end + Int64(random.next(below: 86_400))
            default: time = now + Int64(random.next(below: 7_200))
            }
            order += 1
            agenda.insert(Self.item(time, order))
            heap.insert(Self.item(time, order))
            if round.isMultiple(of: 3) || random.next(below: 2) == 0 {
                let expected = heap.popMin()
                let actual = agenda.popMin()
                #expect(actual?.time == expected?.time && actual?.order == expected?.order)
                if let expected { now = max(now, expected.time) }
                popped += 1
            }
        }
        while let expected = heap.popMin() {
            let actual = agenda.popMin()
            #expect(actual?.time == expected.time && actual?.order == expected.order)
        }
        #expect(agenda.popMin() == nil)
        #expect(agenda.isEmpty)
        #expect(popped > 10_000)
    }

    @Test("a full bucket (sorted by counting) keeps events at the same second in scheduling order")
    func fullBucket() {
        let origin: Int64 = 1_767_200_400
        var agenda = Agenda(origin: origin, end: origin + 86_400)
        var heap = Heap<Scheduled>()
        var random = SplitMix64(seed: 7)
        // 5,000 events in the second hour, most of them at 07:30:00-like instants shared by many.
        for order in 1...5_000 {
            let second: Int64 = random.next(below: 4) == 0 ? Int64(random.next(below: 3_600)) : 1_800
            let item = Self.item(origin + 3_600 + second, UInt64(order))
            agenda.insert(item)
            heap.insert(item)
        }
        var mismatches = 0
        var count = 0
        while let expected = heap.popMin() {
            let actual = agenda.popMin()
            if actual?.time != expected.time || actual?.order != expected.order { mismatches += 1 }
            count += 1
            // Events scheduled while the bucket is read, some at the very second being read.
            if count.isMultiple(of: 50), let actual {
                let late = Self.item(actual.time + Int64(random.next(below: 2)), UInt64(10_000 + count))
                agenda.insert(late)
                heap.insert(late)
            }
        }
        #expect(mismatches == 0)
        #expect(count > 5_000)
        #expect(agenda.popMin() == nil)
    }

    @Test("an agenda whose period is empty still orders every event")
    func emptyPeriod() {
        var agenda = Agenda(origin: 1_000, end: 1_000)
        for (order, time) in [5_000, 999, 1_000, 5_000, 2].enumerated() {
            agenda.insert(Self.item(Int64(time), UInt64(order)))
        }
        var times: [Int64] = []
        while let next = agenda.popMin() { times.append(next.time) }
        #expect(times == [2, 999, 1_000, 5_000, 5_000])
    }
}
