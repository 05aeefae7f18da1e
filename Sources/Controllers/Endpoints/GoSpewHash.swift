import Crypto

/// The order kube-controller-manager gives endpoint ports and subsets: the MD5 of go-spew's `%#v` rendering of
/// the Go struct (`pkg/util/hash.DeepHashObject`, `apimachinery/pkg/util/dump.ForHash`), compared as bytes.
///
/// `%#v` prefixes every value with its Go type (`(string)dns`, `(*int32)53`), prints a nil pointer or slice as
/// `<nil>`, a non-nil pointer as its type then the pointee, strings raw, struct fields in declaration order as
/// `{Name:value ...}`, and slice elements without their type. The renderers of the endpoint types live with them.
enum GoSpewHash {
    /// The hex MD5 of a rendering: hex keeps the byte order, so comparing these compares the digests.
    static func md5(_ rendering: String) -> String {
        Insecure.MD5.hash(data: Array(rendering.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// `(*T)value`, or `(*T)<nil>`.
    static func pointer(_ type: String, _ value: String?) -> String {
        "(*\(type))\(value ?? "<nil>")"
    }

    /// A slice field: `([]T)[a b]`, or `([]T)<nil>` for nil. `elements` are already rendered without type.
    static func slice(_ type: String, _ elements: [String]?) -> String {
        "([]\(type))" + (elements.map { "[" + $0.joined(separator: " ") + "]" } ?? "<nil>")
    }
}
