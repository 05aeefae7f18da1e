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

    /// A version 4 UUID in lower case, as kube-apiserver gives every object: from the sequence too, so a seeded
    /// cluster's uids (which the control loops break ties by) repeat with it.
    public func uuid() -> String {
        var bytes = withUnsafeBytes(of: next().bigEndian, Array.init) + withUnsafeBytes(of: next().bigEndian, Array.init)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
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

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
