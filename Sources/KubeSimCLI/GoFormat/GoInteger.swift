/// Go's integer parsing and hex printing as etcdctl uses them, with Go's error texts.
public enum GoInteger {
    /// A failed `strconv.ParseInt`; `description` is Go's text, e.g.
    /// `strconv.ParseInt: parsing "zz": invalid syntax`.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var input: String
        public var outOfRange: Bool

        public var description: String {
            let reason = outOfRange ? "value out of range" : "invalid syntax"
            return "strconv.ParseInt: parsing \(GoStringLiteral.quote(input)): \(reason)"
        }
    }

    /// `strconv.ParseInt(text, base, 64)` for base 10 or 16: an optional sign, then digits only.
    public static func parseInt64(_ text: String, base: Int) throws(ParseError) -> Int64 {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit && Int(String($0), radix: base) != nil })
        else { throw ParseError(input: text, outOfRange: false) }
        guard let magnitude = UInt64(digits, radix: base),
            let value = negative
                ? (magnitude == UInt64(Int64.max) + 1 ? Int64.min : Int64(exactly: magnitude).map { -$0 })
                : Int64(exactly: magnitude)
        else { throw ParseError(input: text, outOfRange: true) }
        return value
    }

    /// Go's `%x`: lower-case hex, a minus sign for negative values.
    public static func hex(_ value: some BinaryInteger) -> String {
        value < 0 ? "-" + String(value.magnitude, radix: 16) : String(value, radix: 16)
    }

    /// Go's `%016x`: lower-case hex zero-padded to 16 characters (the sign counts toward the width).
    public static func hex16(_ value: Int64) -> String {
        let digits = String(value.magnitude, radix: 16)
        let padding = String(repeating: "0", count: max(0, (value < 0 ? 15 : 16) - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
}
