import Foundation

/// A time's UTC calendar fields down to the nanosecond, for the log formats' timestamps.
struct UTCTime {
    var year, month, day, hour, minute, second: Int
    /// Nanoseconds within the second (a `Date` holds about microseconds; the rest are zeros).
    var nanosecond: Int

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    init(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded())
        let fields = Self.calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        year = fields.year ?? 1970
        month = fields.month ?? 1
        day = fields.day ?? 1
        hour = fields.hour ?? 0
        minute = fields.minute ?? 0
        second = fields.second ?? 0
        nanosecond = min(micros, 999_999) * 1000
    }

    /// `2006-01-02T15:04:05`.
    var dateAndTime: String {
        "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))T\(clock)"
    }

    /// `15:04:05`.
    var clock: String { "\(Self.digits(hour, 2)):\(Self.digits(minute, 2)):\(Self.digits(second, 2))" }

    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Go's RFC3339NanoFixed in UTC, as the kubelet prefixes lines with `timestamps=true`:
    /// `2006-01-02T15:04:05.000000000Z`.
    var rfc3339NanoFixed: String { "\(dateAndTime).\(Self.digits(nanosecond, 9))Z" }
}

extension LogLine {
    /// The kubelet's `timestamps=true` prefix for this line: its time in RFC3339 with nine fixed digits.
    public var timestampPrefix: String { UTCTime(time).rfc3339NanoFixed }
}
