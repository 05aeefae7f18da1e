import KubeAPI

/// The `pod-template-hash` a Deployment gives each of its ReplicaSets (`controller.ComputeHash`): FNV-1a (32 bit)
/// over a stable dump of the pod template, then over `status.collisionCount` (when set) as eight bytes, the
/// count little-endian in the first four; the sum in decimal, each digit mapped into the 27 letters and digits
/// of `rand.SafeEncodeString`, so a hash is 1 to 10 characters of `4-9bcdf`.
///
/// The dump is the template's JSON with sorted keys, not go-spew's dump of the Go structs, so hashes have the
/// real shape and stability but not the real bytes; ReplicaSets are matched by template equality, never by hash.
public enum PodTemplateHash {
    /// The label it is stored under on ReplicaSets, their selectors and their pods.
    public static let label = "pod-template-hash"

    /// The alphabet of `rand.SafeEncodeString`: no vowels, no digits that look like letters.
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    /// The hash of `template` (a Deployment's `spec.template`, before the hash label is added).
    public static func compute(_ template: JSONValue, collisionCount: Int64?) -> String {
        var hasher = FNV1a32()
        hasher.write(Array(template.jsonString().utf8))
        if let collisionCount {
            let count = UInt32(truncatingIfNeeded: collisionCount)
            hasher.write([
                UInt8(count & 0xff), UInt8((count >> 8) & 0xff), UInt8((count >> 16) & 0xff), UInt8(count >> 24),
                0, 0, 0, 0,
            ])
        }
        return safeEncode(String(hasher.value))
    }

    /// `rand.SafeEncodeString`: every byte b becomes `alphabet[b % 27]`.
    public static func safeEncode(_ text: String) -> String {
        String(decoding: text.utf8.map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
}

/// The 32-bit FNV-1a hash (Go's `hash/fnv.New32a`).
struct FNV1a32 {
    private(set) var value: UInt32 = 2_166_136_261

    mutating func write(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
    }
}
