import Foundation

/// A small seeded generator (SplitMix64), so a run's choices replay from its printed seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Whether an event of probability `p` (0...1) happens.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// The seed of a run: `KUBESIM_ROBUSTNESS_SEED` when set (to replay a failure), else a fresh one.
public func robustnessSeed() -> UInt64 {
    if let text = ProcessInfo.processInfo.environment["KUBESIM_ROBUSTNESS_SEED"], let seed = UInt64(text) { return seed }
    return UInt64.random(in: 1...UInt64(Int64.max))
}
