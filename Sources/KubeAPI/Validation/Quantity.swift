import Foundation

/// A resource quantity (`resource.Quantity`): `500m`, `1Gi`, `1e3`, compared exactly and printed in the
/// canonical form kube-apiserver prints in messages (`1000m` → `1`, `1024Mi` → `1Gi`).
public struct Quantity: Sendable, Comparable {
    public enum Format: Sendable { case decimalSI, binarySI, decimalExponent }

    public let value: Decimal
    public let format: Format

    static let pattern = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
    private static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]
    private static let binarySuffixes: [String: Int] = ["Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6]

    public init(value: Decimal, format: Format) {
        self.value = value
        self.format = format
    }

    /// Parses a quantity string; nil when it does not match `pattern`.
    public init?(_ text: String) {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        let number = rest.prefix { ("0"..."9").contains($0) || $0 == "." }
        let suffix = String(rest.dropFirst(number.count))
        guard number.contains(where: { $0 != "." }), number.filter({ $0 == "." }).count <= 1,
            var magnitude = Decimal(string: number.hasPrefix(".") ? "0" + number : String(number))
        else { return nil }
        if let exponent = Self.decimalSuffixes[suffix] {
            magnitude *= Self.power(10, exponent)
            format = .decimalSI
        } else if let exponent = Self.binarySuffixes[suffix] {
            magnitude *= Self.power(1024, exponent)
            format = .binarySI
        } else if let marker = suffix.first, marker == "e" || marker == "E", let exponent = Int(suffix.dropFirst()),
            suffix.dropFirst().allSatisfy({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" })
        {
            magnitude *= Self.power(10, exponent)
            format = .decimalExponent
        } else {
            return nil
        }
        value = Self.roundedUpToNano(negative ? -magnitude : magnitude)
    }

    /// A quantity written as a JSON string or number.
    public init?(json: JSONValue?) {
        switch json {
        case .string(let text)?: self.init(text)
        case .int(let number)?: self.init(value: Decimal(number), format: .decimalSI)
        case .double(let number)?: self.init(String(number))
        default: return nil
        }
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.value < rhs.value }
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.value == rhs.value }

    var isInteger: Bool { Self.isWhole(value) }
    var isNegative: Bool { value < 0 }
    var isPositive: Bool { value > 0 }

    func isLess(than number: Int) -> Bool { value < Decimal(number) }

    /// The canonical form: the largest suffix of the quantity's format that leaves a whole mantissa.
    public var canonical: String {
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        let magnitude = value < 0 ? -value : value
        if format == .binarySI && Self.isWhole(magnitude) && magnitude >= 1024 {
            var mantissa = magnitude
            var exponent = 0
            while exponent < 6 && Self.isWhole(mantissa / 1024) {
                mantissa /= 1024
                exponent += 1
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][exponent]
            return sign + Self.text(mantissa) + suffix
        }
        var mantissa = magnitude * Self.power(10, 9)
        var exponent = -9
        while exponent < 18 && Self.isWhole(mantissa / 1000) {
            mantissa /= 1000
            exponent += 3
        }
        let suffix: String
        if format == .decimalExponent {
            suffix = exponent == 0 ? "" : "e\(exponent)"
        } else {
            suffix = Self.decimalSuffixes.first { $0.value == exponent }!.key
        }
        return sign + Self.text(mantissa) + suffix
    }

    private static func power(_ base: Decimal, _ exponent: Int) -> Decimal {
        exponent >= 0 ? pow(base, exponent) : 1 / pow(base, -exponent)
    }

    private static func isWhole(_ number: Decimal) -> Bool {
        var source = number
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, 0, .down)
        return rounded == number
    }

    private static func roundedUpToNano(_ number: Decimal) -> Decimal {
        var source = number
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, 9, .up)
        return rounded
    }

    private static func text(_ number: Decimal) -> String {
        NSDecimalNumber(decimal: number).stringValue
    }
}
