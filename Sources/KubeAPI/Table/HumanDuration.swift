import Foundation

/// How long ago something happened, as kubectl's AGE column and the server's Table cells show it
/// (apimachinery `pkg/util/duration`, `HumanDuration`): about two significant figures, `45s`, `119s`, `3m2s`,
/// `12m`, `3h5m`, `10h`, `2d3h`, `12d`, `2y45d`, `9y`.
public enum HumanDuration {
    /// The text for an elapsed time; `0s` for up to a second in the future (clock skew), `<invalid>` beyond.
    public static func string(for interval: TimeInterval) -> String {
        let nanoseconds = Int64((interval * 1e9).rounded(.towardZero))
        let seconds = nanoseconds / 1_000_000_000
        if seconds < -1 { return "<invalid>" }
        if nanoseconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let remainder = seconds % 60
            return remainder == 0 ? "\(minutes)m" : "\(minutes)m\(remainder)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = seconds / 3_600
        if hours < 8 {
            let remainder = minutes % 60
            return remainder == 0 ? "\(hours)h" : "\(hours)h\(remainder)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let remainder = hours % 24
            return remainder == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(remainder)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let remainder = hours / 24 % 365
            return remainder == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(remainder)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// The age of an RFC 3339 timestamp at `now` (`translateTimestampSince`); `<unknown>` when there is none.
    public static func since(_ timestamp: String?, now: Date) -> String {
        guard let timestamp, let date = RFC3339Timestamp.date(from: timestamp) else { return "<unknown>" }
        return string(for: now.timeIntervalSince(date))
    }
}
