/// Splits a `txn` request line into words as etcdctl's `argify` does: runs of non-blank characters,
/// `"double-quoted"` words with Go escapes, and `'single-quoted'` words taken literally.
enum TxnWords {
    /// A line `split` cannot read.
    struct Malformed: Error, Equatable {
        var reason: String
    }

    static func split(_ line: String) throws(Malformed) -> [String] {
        let scalars = Array(line.unicodeScalars)
        var words: [String] = []
        var index = 0
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { " \t\n\r\u{0C}".unicodeScalars.contains(scalar) }
        while index < scalars.count {
            let scalar = scalars[index]
            if isBlank(scalar) {
                index += 1
            } else if scalar == "\"" {
                var end = index + 1
                while end < scalars.count && scalars[end] != "\"" { end += scalars[end] == "\\" ? 2 : 1 }
                guard end < scalars.count else { throw Malformed(reason: "unterminated quote") }
                let literal = String(String.UnicodeScalarView(scalars[index...end]))
                guard let bytes = try? GoStringLiteral.unquote(literal) else {
                    throw Malformed(reason: "bad escape in \(literal)")
                }
                words.append(String(decoding: bytes, as: UTF8.self))
                index = end + 1
            } else if scalar == "'" {
                guard let end = scalars[(index + 1)...].firstIndex(of: "'") else {
                    throw Malformed(reason: "unterminated quote")
                }
                words.append(String(String.UnicodeScalarView(scalars[(index + 1)..<end])))
                index = end + 1
            } else {
                var end = index
                while end < scalars.count && !isBlank(scalars[end]) { end += 1 }
                words.append(String(String.UnicodeScalarView(scalars[index..<end])))
                index = end
            }
        }
        return words
    }
}
