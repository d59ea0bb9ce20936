import Lapor
import Testing

@testable import LaporSimulator

/// Percentiles of the key figures are found by selection; they must be the nearest-rank values of the
/// sorted list.
@Suite("Key figures: percentiles by selection")
struct KeyFigureTests {
    /// `sorted()[⌈p·n⌉ − 1]`, the nearest-rank definition, computed the slow way.
    static func nearestRank(_ values: [Int64], _ p: Double) -> Int64 {
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    @Test("every rank of random lists with and without repeated values", arguments: [UInt64(1), 2, 3])
    func everyRank(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for spread in [2, 10, 1_000_000] {
            let values = (0..<301).map { _ in Int64(random.next(below: spread)) }
            let sorted = values.sorted()
            for rank in values.indices {
                var scratch = values
                #expect(element(atRank: rank, in: &scratch) == sorted[rank])
                #expect(scratch.sorted() == sorted)
            }
        }
    }

    @Test("ordered, reversed and constant lists, and the percentiles the report gives")
    func shapes() {
        let ramp = (0..<10_000).map { Int64($0) }
        let zeros = [Int64](repeating: 0, count: 5_000) + [7, 3]
        for values in [ramp, Array(ramp.reversed()), [Int64](repeating: 42, count: 999), zeros, [5]] {
            for p in [0.5, 0.9, 0.99, 1.0] {
                var scratch = values
                #expect(percentile(&scratch, p) == Self.nearestRank(values, p))
            }
        }
        // Checked by hand: ranks ⌈0.5·10⌉ = 5, ⌈0.9·10⌉ = 9 and ⌈0.99·10⌉ = 10 of 1…10.
        var ten: [Int64] = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
        #expect(percentile(&ten, 0.5) == 5)
        #expect(percentile(&ten, 0.9) == 9)
        #expect(percentile(&ten, 0.99) == 10)
        var none: [Int64] = []
        #expect(percentile(&none, 0.9) == 0)
    }
}
