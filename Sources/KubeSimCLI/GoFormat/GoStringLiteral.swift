/// Go's double-quoted string literals: `strconv.Quote` (what `%q` prints) and `strconv.Unquote`.
public enum GoStringLiteral {
    /// Quotes bytes as Go's `strconv.Quote` does: printable runes as they are, `\n`-style escapes, `\xff` for
    /// bytes that are not UTF-8, `\u00a0` / `\U0001f600` for other unprintable runes.
    public static func quote(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out = "\""
        var index = 0
        while index < bytes.count {
            guard let (scalar, width) = UTF8Rune.decode(bytes, at: index) else {
                out += "\\x" + hex(bytes[index], digits: 2)
                index += 1
                continue
            }
            out += escaped(scalar)
            index += width
        }
        return out + "\""
    }

    /// Quotes a string as Go's `strconv.Quote` does.
    public static func quote(_ string: String) -> String { quote(Array(string.utf8)) }

    /// Decodes a Go double-quoted (`"…"`, with escapes) or back-quoted (raw) literal into its bytes.
    /// - Throws: `InvalidSyntax` when `literal` is not exactly one such literal.
    public static func unquote(_ literal: String) throws(InvalidSyntax) -> [UInt8] {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2, let quote = bytes.first, quote == bytes.last else { throw InvalidSyntax() }
        let body = bytes[1..<(bytes.count - 1)]
        if quote == UInt8(ascii: "`") {
            guard !body.contains(UInt8(ascii: "`")) else { throw InvalidSyntax() }
            return body.filter { $0 != UInt8(ascii: "\r") }
        }
        guard quote == UInt8(ascii: "\"") else { throw InvalidSyntax() }
        var out: [UInt8] = []
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            guard byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\n") else { throw InvalidSyntax() }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < body.endIndex else { throw InvalidSyntax() }
            let escape = body[index]
            index += 1
            switch escape {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0b)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(escape)
            case UInt8(ascii: "x"):
                out.append(UInt8(try hexValue(body, &index, digits: 2)))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let value = try hexValue(body, &index, digits: escape == UInt8(ascii: "u") ? 4 : 8)
                guard let scalar = Unicode.Scalar(value) else { throw InvalidSyntax() }
                out += Array(String(Character(scalar)).utf8)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(escape - UInt8(ascii: "0"))
                for _ in 0..<2 {
                    guard index < body.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(body[index]) else {
                        throw InvalidSyntax()
                    }
                    value = value * 8 + UInt32(body[index] - UInt8(ascii: "0"))
                    index += 1
                }
                guard value <= 255 else { throw InvalidSyntax() }
                out.append(UInt8(value))
            default:
                throw InvalidSyntax()
            }
        }
        return out
    }

    /// A literal `unquote` cannot decode (Go's `strconv.ErrSyntax`).
    public struct InvalidSyntax: Error, Equatable, CustomStringConvertible {
        public var description: String { "invalid syntax" }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case _ where isPrint(scalar): return String(scalar)
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        case _ where scalar.value < 0x20 || scalar.value == 0x7f: return "\\x" + hex(scalar.value, digits: 2)
        case _ where scalar.value < 0x10000: return "\\u" + hex(scalar.value, digits: 4)
        default: return "\\U" + hex(scalar.value, digits: 8)
        }
    }

    /// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x20 && scalar.value < 0x7f }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: some BinaryInteger, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func hexValue(_ body: ArraySlice<UInt8>, _ index: inout Int, digits: Int) throws(InvalidSyntax)
        -> UInt32
    {
        guard index + digits <= body.endIndex,
            let value = UInt32(String(decoding: body[index..<(index + digits)], as: UTF8.self), radix: 16)
        else { throw InvalidSyntax() }
        index += digits
        return value
    }
}

/// Decoding one rune the way Go's `utf8.DecodeRune` does.
enum UTF8Rune {
    /// The scalar at `index` and its width in bytes, or nil where Go sees `RuneError` of width 1 (a byte that
    /// does not start a valid, shortest-form UTF-8 sequence).
    static func decode(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let first = bytes[index]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        let width: Int
        let minimum: UInt32
        var value: UInt32
        switch first {
        case 0xC2...0xDF: (width, minimum, value) = (2, 0x80, UInt32(first & 0x1F))
        case 0xE0...0xEF: (width, minimum, value) = (3, 0x800, UInt32(first & 0x0F))
        case 0xF0...0xF4: (width, minimum, value) = (4, 0x10000, UInt32(first & 0x07))
        default: return nil
        }
        guard index + width <= bytes.count else { return nil }
        for offset in 1..<width {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, width)
    }
}
