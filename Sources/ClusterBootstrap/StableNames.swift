import Crypto
import Foundation

/// The random-looking parts of a cluster (generated name suffixes, container IDs, machine IDs, tokens), made
/// deterministic: each is derived from a seed string naming what it is for, so the same cluster description
/// always gives the same names and a golden dump of it stays stable.
enum StableNames {
    /// The alphabet of `names.SimpleNameGenerator` and `rand.SafeEncodeString`: no vowels, no 0, 1 or 3.
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// `count` characters of the name-suffix alphabet, as the API server's `generateName` makes them.
    static func suffix(_ seed: String, count: Int = 5) -> String {
        String(bytes(seed, count: count).map { alphabet[Int($0) % alphabet.count] })
    }

    /// `count` lowercase hexadecimal digits.
    static func hex(_ seed: String, count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes(seed, count: (count + 1) / 2).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }.prefix(count))
    }

    /// A version-4-shaped UUID.
    static func uuid(_ seed: String) -> String {
        var digits = Array(hex(seed, count: 32))
        digits[12] = "4"
        digits[16] = Array("89ab")[Int(String(digits[16]), radix: 16)! % 4]
        let text = String(digits)
        func part(_ from: Int, _ to: Int) -> Substring {
            text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// `count` lowercase letters and digits, as kubeadm's bootstrap tokens use (`[a-z0-9]`).
    static func token(_ seed: String, count: Int) -> String {
        let characters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String(bytes(seed, count: count).map { characters[Int($0) % characters.count] })
    }

    /// The MD5 of some bytes in hexadecimal, as the kubelet's `kubernetes.io/config.hash` of a static pod.
    static func md5(_ data: Data) -> String {
        Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 digest bytes of `seed`, extended by counter blocks to `count` bytes.
    private static func bytes(_ seed: String, count: Int) -> [UInt8] {
        var result: [UInt8] = []
        var block = 0
        while result.count < count {
            result += Array(SHA256.hash(data: Data("\(seed)#\(block)".utf8)))
            block += 1
        }
        return Array(result.prefix(count))
    }
}
