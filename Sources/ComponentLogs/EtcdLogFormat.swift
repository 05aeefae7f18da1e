import Foundation

/// etcd 3.5's log format: zap's JSON encoder with etcd's configuration (`client/pkg/logutil/zap.go`), one
/// object a line with `level`, `ts`, `caller` and `msg` first, then the fields in order:
///
///     {"level":"info","ts":"2024-05-14T09:46:20.587443Z","caller":"embed/serve.go:250","msg":"serving client traffic securely","address":"127.0.0.1:2379"}
///
/// `ts` is `2006-01-02T15:04:05.999999Z0700`: microseconds without trailing zeros, here always UTC.
public enum EtcdLogFormat {
    public enum Level: String, Sendable {
        case info, warn, error
    }

    public static func line(_ level: Level = .info, time: Date, caller: String, message: String, _ fields: [LogField] = []) -> String {
        var text = "{\"level\":\"\(level.rawValue)\",\"ts\":\"\(timestamp(time))\",\"caller\":\(json(caller)),\"msg\":\(json(message))"
        for (key, value) in fields { text += ",\(json(key)):\(format(value))" }
        return text + "}"
    }

    /// `2024-05-14T09:46:20.587443Z`, `2024-05-14T09:46:20.5Z`, `2024-05-14T09:46:20Z`.
    static func timestamp(_ time: Date) -> String {
        let utc = UTCTime(time)
        var fraction = UTCTime.digits(utc.nanosecond / 1000, 6)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return utc.dateAndTime + (fraction.isEmpty ? "" : ".\(fraction)") + "Z"
    }

    /// go-humanize's `Bytes`, which etcd uses for sizes in its lines: SI units, one decimal below 10
    /// (`8.3 MB`, `100 MB`, `9 B`).
    public static func humanBytes(_ bytes: Int64) -> String {
        guard bytes >= 10 else { return "\(bytes) B" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        let exponent = min(units.count - 1, Int((log(Double(bytes)) / log(1000)).rounded(.down)))
        let value = (Double(bytes) / pow(1000, Double(exponent)) * 10 + 0.5).rounded(.down) / 10
        return String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[exponent])
    }

    /// go-humanize's `Time` for a moment `elapsed` seconds ago (`now`, `1 second ago`, `12 seconds ago`,
    /// `3 minutes ago`), which etcd uses for how long a snapshot took.
    public static func humanTime(elapsed: Double) -> String {
        switch elapsed {
        case ..<1: "now"
        case ..<2: "1 second ago"
        case ..<60: "\(Int(elapsed)) seconds ago"
        case ..<120: "1 minute ago"
        case ..<3600: "\(Int(elapsed / 60)) minutes ago"
        case ..<7200: "1 hour ago"
        default: "\(Int(elapsed / 3600)) hours ago"
        }
    }

    static func format(_ value: LogValue) -> String {
        switch value {
        case .string(let text): json(text)
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .strings(let items): "[\(items.map(json).joined(separator: ","))]"
        }
    }

    /// A JSON string as zap writes it: `\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX` for other control bytes, the
    /// rest as it is (no HTML escaping).
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Writes etcd's JSON lines to its log.
public struct EtcdLogWriter: Sendable {
    public let buffer: LogBuffer

    public init(buffer: LogBuffer) {
        self.buffer = buffer
    }

    public func write(
        _ level: EtcdLogFormat.Level = .info, at time: Date = Date(), caller: String, _ message: String, _ fields: [LogField] = []
    ) {
        buffer.append(EtcdLogFormat.line(level, time: time, caller: caller, message: message, fields), at: time)
    }
}
