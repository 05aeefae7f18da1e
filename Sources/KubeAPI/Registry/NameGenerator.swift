import Synchronization

/// Where the five-character suffixes of `generateName` come from (`names.SimpleNameGenerator`): from the system's
/// random source, as on a real cluster, or from a seeded sequence so that a simulated cluster repeats itself run
/// after run.
public final class NameGenerator: Sendable {
    /// The 27 letters and digits kube-apiserver draws from (`k8s.io/apimachinery/pkg/util/rand`).
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    private let state: Mutex<UInt64?>

    /// Suffixes from the system's random source.
    public static func random() -> NameGenerator { NameGenerator(state: nil) }

    /// Suffixes from a SplitMix64 sequence started at `seed`: the same seed gives the same names.
    public static func seeded(_ seed: UInt64) -> NameGenerator { NameGenerator(state: seed) }

    private init(state: UInt64?) {
        self.state = Mutex(state)
    }

    /// Five characters from the alphabet.
    public func suffix() -> String {
        String((0..<5).map { _ in Self.alphabet[Int(next() % UInt64(Self.alphabet.count))] })
    }

    /// A number from the sequence (or the random source), for the other names a cluster draws at random.
    public func next() -> UInt64 {
        state.withLock { state in
            guard let current = state else { return UInt64.random(in: .min ... .max) }
            let advanced = current &+ 0x9E37_79B9_7F4A_7C15
            state = advanced
            var mixed = advanced
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }
}
