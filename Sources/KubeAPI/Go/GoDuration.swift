import Foundation

/// Go's `time.Duration` as text: parsed (`1.5s`, `500ms`, `1m30s`, from annotations, CronJob `@every` and
/// `kubesim clock advance`) and printed as `Duration.String()` prints it (the kubelet's event messages,
/// etcdctl's `took = 1.315548ms`).
public enum GoDuration {
    /// The seconds a Go duration names; nil when it is not one or is negative.
    public static func parse(_ text: String) -> TimeInterval? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text)
        var total = 0.0
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !$0.isNumber && $0 != "." }
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        return total
    }

    /// Formats a count of nanoseconds: "0s", "850ns", "4.444818ms", "1.5s", "1m2.5s", "2h0m0s".
    public static func string(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        var value = nanoseconds.magnitude
        var text: String
        if value < 1_000_000_000 {
            let (unit, precision): (String, Int) =
                switch value {
                case ..<1_000: ("ns", 0)
                case ..<1_000_000: ("µs", 3)
                default: ("ms", 6)
                }
            text = fraction(&value, precision: precision) + unit
            text = String(value) + text
        } else {
            text = fraction(&value, precision: 9) + "s"
            text = String(value % 60) + text
            value /= 60
            if value > 0 {
                text = String(value % 60) + "m" + text
                value /= 60
                if value > 0 { text = String(value) + "h" + text }
            }
        }
        return negative ? "-" + text : text
    }

    /// Formats a Swift duration as Go does.
    public static func string(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return string(nanoseconds: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Splits off the last `precision` decimal digits of `value` as ".ddd" without trailing zeros (empty when
    /// they are all zero), leaving the integer part in `value`.
    private static func fraction(_ value: inout UInt64, precision: Int) -> String {
        var digits = ""
        var printing = false
        for _ in 0..<precision {
            let digit = value % 10
            printing = printing || digit != 0
            if printing { digits = String(digit) + digits }
            value /= 10
        }
        return printing ? "." + digits : ""
    }
}
