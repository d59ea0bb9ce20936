import Foundation
import Lapor

/// The random streams of a run: xoshiro256** seeded through SplitMix64, so that a seed and a stream key
/// give the same numbers on every platform.
///
/// Every ticket draws from its own stream, keyed by (seed, replication, workflow, arrival number): a
/// change of policy (more staff, another queue order) leaves the draws of every ticket as they were, which
/// makes A/B comparisons use common random numbers.
struct SimulationRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    private static let initialSeed: UInt64 = 0x4C41_504F_525F_5349

    /// A stream for the given key parts.
    init(_ keys: UInt64...) {
        var seed = Self.initialSeed
        for key in keys { seed = Self.mix(seed, key) }
        self.init(seed: seed)
    }

    /// The stream of the four key parts `(a, b, c, d)`, the same as `init(a, b, c, d)` without building
    /// a list of them (one per ticket).
    init(keys a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) {
        self.init(seed: Self.mix(Self.mix(Self.mix(Self.mix(Self.initialSeed, a), b), c), d))
    }

    private static func mix(_ seed: UInt64, _ key: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ key)
        return mixer.next()
    }

    private init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        s0 = expander.next()
        s1 = expander.next()
        s2 = expander.next()
        s3 = expander.next()
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in (0, 1], safe for logarithms.
    mutating func openUniform() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }

    /// Exponential with rate 1.
    mutating func exponential() -> Double { -Foundation.log(openUniform()) }

    /// Standard normal (Box–Muller; one value per call so that streams stay aligned).
    mutating func normal() -> Double {
        let u = openUniform()
        let v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}

/// A distribution ready to sample: parameters in seconds.
struct Sampler: Sendable {
    enum Shape: Sendable {
        case fixed(Double)
        case exponential(mean: Double)
        case lognormal(mu: Double, sigma: Double)
        case uniform(low: Double, width: Double)
    }

    let shape: Shape
    let isWorkingTime: Bool

    init(_ distribution: Distribution) {
        isWorkingTime = distribution.isWorkingTime
        switch distribution.family {
        case .fixed(let value): shape = .fixed(value)
        case .exponential(let mean): shape = .exponential(mean: mean)
        case .lognormal(let median, let p90):
            shape = .lognormal(
                mu: Foundation.log(median), sigma: Foundation.log(p90 / median) / 1.281_551_565_544_600_4)
        case .uniform(let low, let high): shape = .uniform(low: low, width: high - low)
        }
    }

    /// A draw in whole seconds (at least 0).
    func draw(_ random: inout SimulationRandom) -> Int64 {
        let value: Double
        switch shape {
        case .fixed(let seconds): value = seconds
        case .exponential(let mean): value = mean * random.exponential()
        case .lognormal(let mu, let sigma): value = Foundation.exp(mu + sigma * random.normal())
        case .uniform(let low, let width): value = low + width * random.uniform()
        }
        return Int64(min(max(value.rounded(), 0), 1e12))
    }

    /// The mean, in seconds.
    var mean: Double {
        switch shape {
        case .fixed(let seconds): seconds
        case .exponential(let mean): mean
        case .lognormal(let mu, let sigma): Foundation.exp(mu + sigma * sigma / 2)
        case .uniform(let low, let width): low + width / 2
        }
    }
}
