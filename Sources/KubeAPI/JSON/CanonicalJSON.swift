/// Tells whether JSON bytes are already exactly what parsing them and writing the result compactly
/// (`JSONValue.parse` then `jsonBytes()`) would give, for the shape managed fields have (`fieldsV1`: objects of
/// objects, keys such as `f:metadata` and `k:{"name":"app"}`), so that a writer can copy them as they are, as
/// kube-apiserver copies a `FieldsV1`'s raw bytes.
///
/// Only a narrow form is recognised, and anything else is left to the parser: an object, nested objects and
/// strings, no whitespace, keys in strictly increasing order (as `JSONValue` sorts them, with no duplicate a
/// parser would collapse), strings of printable ASCII other than `<`, `>` and `&` (which Go's encoding escapes)
/// with no escape but `\"` and `\\`, and nesting within `maxDepth`.
enum CanonicalJSON {
    static func isCompactSortedObject(_ bytes: ArraySlice<UInt8>, maxDepth: Int) -> Bool {
        var scanner = Scanner(bytes: bytes, maxDepth: maxDepth)
        guard scanner.peek == UInt8(ascii: "{"), scanner.object(depth: 1) else { return false }
        return scanner.index == bytes.endIndex
    }

    private struct Scanner {
        let bytes: ArraySlice<UInt8>
        let maxDepth: Int
        var index: Int

        init(bytes: ArraySlice<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
            index = bytes.startIndex
        }

        var peek: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

        /// An object at `index`, its keys increasing; true when it is canonical.
        mutating func object(depth: Int) -> Bool {
            guard depth <= maxDepth else { return false }
            index += 1
            if peek == UInt8(ascii: "}") {
                index += 1
                return true
            }
            var previous: [UInt8]?
            while true {
                guard let key = string() else { return false }
                if let previous, !previous.lexicographicallyPrecedes(key) { return false }
                previous = key
                guard peek == UInt8(ascii: ":") else { return false }
                index += 1
                switch peek {
                case UInt8(ascii: "{"): guard object(depth: depth + 1) else { return false }
                case UInt8(ascii: "\""): guard string() != nil else { return false }
                default: return false
                }
                switch peek {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return true
                default: return false
                }
            }
        }

        /// The unescaped bytes of a canonical string at `index`, nil when it is not one.
        mutating func string() -> [UInt8]? {
            guard peek == UInt8(ascii: "\"") else { return nil }
            index += 1
            var text: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return text
                case UInt8(ascii: "\\"):
                    guard let escaped = peek, escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") else {
                        return nil
                    }
                    index += 1
                    text.append(escaped)
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): return nil
                case 0x20..<0x7F: text.append(byte)
                default: return nil
                }
            }
            return nil
        }
    }
}
