import KubeAPI
import Foundation

/// klog's text format, which kube-apiserver, kube-controller-manager and kube-scheduler write
/// (`k8s.io/klog/v2`): a header `Lmmdd hh:mm:ss.uuuuuu threadid file:line] `, then for structured calls
/// (`InfoS`) the quoted message and `key=value` pairs, strings quoted as Go's `strconv.Quote` does.
///
///     I1207 08:57:01.123456       1 httplog.go:134] "HTTP" verb="GET" URI="/api/v1/pods" resp=200
public enum KlogFormat {
    public enum Severity: String, Sendable {
        case info = "I", warning = "W", error = "E"
    }

    /// The thread ID klog prints: the process's ID, 1 in a container.
    public static let processID = 1

    /// One structured line.
    /// - Parameter source: the calling file and line, `httplog.go:134`.
    public static func line(
        _ severity: Severity = .info, time: Date, source: String, message: String, _ fields: [LogField] = []
    ) -> String {
        var text = header(severity, time: time, source: source) + GoFormat.quote(message)
        for (key, value) in fields { text += " \(key)=\(format(value))" }
        return text
    }

    /// One unstructured line (`klog.Infof`): the text as it is, unquoted; `processID` is the thread ID printed
    /// (a command-line tool's, such as kubectl's, is its own process's).
    public static func plainLine(
        _ severity: Severity = .info, time: Date, source: String, text: String, processID: Int = processID
    ) -> String {
        header(severity, time: time, source: source, processID: processID) + text
    }

    /// `I1207 08:57:01.123456       1 httplog.go:134] `.
    static func header(_ severity: Severity, time: Date, source: String, processID: Int = processID) -> String {
        let utc = UTCTime(time)
        let pid = String(processID)
        let paddedPID = String(repeating: " ", count: max(0, 7 - pid.count)) + pid
        return "\(severity.rawValue)\(UTCTime.digits(utc.month, 2))\(UTCTime.digits(utc.day, 2)) \(utc.clock)."
            + "\(UTCTime.digits(utc.nanosecond / 1000, 6)) \(paddedPID) \(source)] "
    }

    static func format(_ value: LogValue) -> String {
        switch value {
        case .string(let text): GoFormat.quote(text)
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .strings(let items): "[\(items.joined(separator: " "))]"
        }
    }
}

/// Writes klog lines to a component's log.
public struct KlogWriter: Sendable {
    public let buffer: LogBuffer

    public init(buffer: LogBuffer) {
        self.buffer = buffer
    }

    /// Writes an `InfoS` line (or a warning's or error's) at `time`.
    public func write(
        _ severity: KlogFormat.Severity = .info, at time: Date, source: String, _ message: String, _ fields: [LogField] = []
    ) {
        buffer.append(KlogFormat.line(severity, time: time, source: source, message: message, fields), at: time)
    }

    /// Writes an unstructured (`Infof`) line at `time`.
    public func writef(_ severity: KlogFormat.Severity = .info, at time: Date, source: String, _ text: String) {
        buffer.append(KlogFormat.plainLine(severity, time: time, source: source, text: text), at: time)
    }
}
