import Foundation

/// RFC 3339 timestamps as Kubernetes writes them: `2024-05-01T12:00:00Z` (`metav1.Time`) and
/// `2024-05-01T12:00:00.123456Z` (`metav1.MicroTime`), or with a `+02:00` offset.
public enum RFC3339Timestamp {
    /// The instant a timestamp names; nil when the text is not RFC 3339.
    public static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let day = number(bytes, 8..<10),
            let hour = number(bytes, 11..<13), let minute = number(bytes, 14..<16), let second = number(bytes, 17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            var scale = 0.1
            index += 1
            let start = index
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let hours = number(bytes, index + 1..<index + 3), let minutes = number(bytes, index + 4..<index + 6)
            else { return nil }
            offsetSeconds = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// A timestamp in UTC to the second, as Go's `time.RFC3339` layout prints it.
    public static func string(from date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let (year, month, day) = CivilDate.date(days: days)
        var text = ""
        text.reserveCapacity(20)
        appendPadded(year, width: 4, to: &text)
        for (separator, value) in [("-", month), ("-", day), ("T", secondOfDay / 3_600), (":", secondOfDay / 60 % 60), (":", secondOfDay % 60)] {
            text += separator
            appendPadded(value, width: 2, to: &text)
        }
        return text + "Z"
    }

    /// Appends `value` in decimal, zero-padded to `width` digits (as `%0Nd`).
    private static func appendPadded(_ value: Int, width: Int, to text: inout String) {
        let digits = String(abs(value))
        if value < 0 { text += "-" }
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }

    /// What Go prints for the zero `time.Time` in RFC 3339.
    public static let zero = "0001-01-01T00:00:00Z"

    private static func digitValue(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
