/// How Go's `fmt` and `strconv` render the values a JSON decoder gives a Go program (`map[string]interface{}`,
/// `[]interface{}`, `string`, `int64`, `float64`, `bool`, `nil`): kubectl is such a program, and its
/// custom-columns cells, table cells and error messages show values this way.
public enum GoFormat {
    /// `fmt.Sprint(value)` (`%v`): `map[app:web tier:fe]`, `[a b]`, `2.5`, `1e+06`, `<nil>`.
    static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: "<nil>"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): float(number)
        case .string(let text): text
        case .array(let items): "[" + items.map { Self.value($0) }.joined(separator: " ") + "]"
        case .object(let fields):
            "map[" + fields.keys.sorted().map { "\($0):\(Self.value(fields[$0]!))" }.joined(separator: " ") + "]"
        }
    }

    /// `fmt.Sprintf("%#v", value)`: `map[string]interface {}{"name":"web"}`, `[]interface {}{1, 2}`,
    /// `interface {}(nil)`.
    static func syntax(_ value: JSONValue) -> String {
        switch value {
        case .null: "interface {}(nil)"
        case .string(let text): quote(text)
        case .array(let items): "[]interface {}{" + items.map { syntax($0) }.joined(separator: ", ") + "}"
        case .object(let fields):
            "map[string]interface {}{"
                + fields.keys.sorted().map { "\(quote($0)):\(syntax(fields[$0]!))" }.joined(separator: ", ") + "}"
        case .bool, .int, .double: Self.value(value)
        }
    }

    /// `strconv.Quote` (`%q`): a double-quoted Go string literal with escapes for quotes, backslashes and
    /// unprintable characters.
    public static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{07}": output += "\\a"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{0B}": output += "\\v"
            default:
                if isPrintable(scalar) {
                    output.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    output += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar.value < 0x10000 {
                    output += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    output += "\\U" + hex(scalar.value, digits: 8)
                }
            }
        }
        return output + "\""
    }

    /// `%#U`: `U+002C ','`, or just `U+000A` for an unprintable character.
    static func unicodePoint(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + hex(scalar.value, digits: 4).uppercased()
        return isPrintable(scalar) ? "\(code) '\(Character(scalar))'" : code
    }

    /// A float64 as `%v` prints it: the shortest digits that round-trip, in exponent form (`1e+06`, `1e-05`)
    /// when the exponent is below -4 or at least 6 (strconv's `g` format).
    static func float(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Inf" : "+Inf" }
        if number == 0 { return number.sign == .minus ? "-0" : "0" }
        // Swift's description has the same shortest round-trip digits; only the layout differs.
        let description = "\(number.magnitude)"
        let parts = description.split(separator: "e")
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let integerPart = mantissa.split(separator: ".", omittingEmptySubsequences: false)[0]
        var digits = Array(mantissa.filter { $0 != "." })
        var point = integerPart.count + exponent  // digits[0..<point] are before the decimal point
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let sign = number < 0 ? "-" : ""
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            let fraction = digits.count > 1 ? "." + String(digits.dropFirst()) : ""
            let exponentDigits = String(abs(decimalExponent))
            return sign + String(digits[0]) + fraction + "e" + (decimalExponent < 0 ? "-" : "+")
                + (exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }

    /// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
