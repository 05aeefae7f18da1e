import Foundation
import KubeAPI

/// What kubectl's describers write through: a `PrefixWriter` (two spaces per level) over Go's `text/tabwriter`
/// with no minimum width, two spaces of padding and no remembered widths (`tabbedString`).
struct DescribeWriter {
    private var rendered = ""
    private var pending = ""

    /// Writes `text` after `level` indents (`PrefixWriter.Write`).
    mutating func write(_ level: Int, _ text: String) {
        pending += String(repeating: "  ", count: level) + text
    }

    /// Writes `text` and a newline with no indent (`PrefixWriter.WriteLine`).
    mutating func line(_ text: String) {
        pending += text + "\n"
    }

    /// Aligns what was written so far, so later columns start afresh (`PrefixWriter.Flush`).
    mutating func flush() {
        var writer = TabWriter(minWidth: 0, padding: 2, remembersWidths: false)
        rendered += writer.format(pending)
        pending = ""
    }

    /// The text as written, tabs left as they are (a `PrefixWriter` over a plain buffer, as `rollout history
    /// --revision` prints a pod template).
    var unaligned: String { rendered + pending }

    /// The aligned text.
    mutating func finish() -> String {
        flush()
        return rendered
    }

    // MARK: - kubectl's shared sections

    /// `printLabelsMultilineWithIndent`: `Labels:\tapp=web` and the further labels on lines of their own.
    mutating func labels(_ title: String, _ labels: [String: String], indent: String = "", innerIndent: String = "\t") {
        write(0, "\(indent)\(title):\(innerIndent)")
        guard !labels.isEmpty else { return line("<none>") }
        for (index, key) in labels.keys.sorted().enumerated() {
            if index != 0 { write(0, indent + innerIndent) }
            write(0, "\(key)=\(labels[key]!)\n")
        }
    }

    /// `printAnnotationsMultiline`: sorted `key: value` lines; long or multi-line values on lines of their own,
    /// cut at 140 characters. The last-applied configuration is left out, as kubectl does.
    mutating func annotations(_ title: String, _ annotations: [String: String]) {
        let maximum = 140
        write(0, "\(title):\t")
        let keys = annotations.keys.filter { $0 != "kubectl.kubernetes.io/last-applied-configuration" }.sorted()
        guard !keys.isEmpty else { return line("<none>") }
        for (index, key) in keys.enumerated() {
            if index != 0 { write(0, "\t") }
            var value = annotations[key]!
            if value.hasSuffix("\n") { value.removeLast() }
            if value.utf8.count + key.utf8.count + 2 > maximum || value.contains("\n") {
                write(0, "\(key):\n")
                for part in value.split(separator: "\n", omittingEmptySubsequences: false) {
                    let text = part.utf8.count > maximum - 2 ? String(decoding: Array(part.utf8).prefix(maximum - 2), as: UTF8.self) + "..." : String(part)
                    write(0, "\t  \(text)\n")
                }
            } else {
                write(0, "\(key): \(value)\n")
            }
        }
    }

    /// `DescribeEvents`: `Events:\t<none>`, or the table of events, oldest first.
    mutating func events(_ events: [KubeObject]?, now: Date) {
        guard let events else { return }
        guard !events.isEmpty else { return write(0, "Events:\t<none>\n") }
        flush()
        write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
        write(1, "----\t------\t----\t----\t-------\n")
        for event in DescribeEvents.sorted(events) {
            let json = event.json
            let eventTime = json["eventTime"]?.stringValue
            let first = eventTime.map { HumanDuration.since($0, now: now) }
                ?? HumanDuration.since(json["firstTimestamp"]?.stringValue, now: now)
            var interval = first
            if let series = json["series"], series != .null {
                interval = "\(HumanDuration.since(series["lastObservedTime"]?.stringValue, now: now)) (x\(series["count"]?.intValue ?? 0) over \(first))"
            } else if let count = json["count"]?.intValue, count > 1 {
                interval = "\(HumanDuration.since(json["lastTimestamp"]?.stringValue, now: now)) (x\(count) over \(first))"
            }
            var source = json[["source", "component"]]?.stringValue ?? ""
            if source.isEmpty { source = json["reportingComponent"]?.stringValue ?? "" }
            let message = (json["message"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            write(1, "\(json["type"]?.stringValue ?? "")\t\(json["reason"]?.stringValue ?? "")\t\(interval)\t\(source)\t\(message)\n")
        }
    }
}

/// Timestamps as describers print them: Go's `time.RFC1123Z` in the local time zone.
enum DescribeTime {
    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }()

    /// An RFC 3339 timestamp as RFC 1123 with a numeric zone; Go's zero time for a missing one.
    static func rfc1123(_ timestamp: String?) -> String {
        guard let timestamp, let date = RFC3339Timestamp.date(from: timestamp) else {
            return "Mon, 01 Jan 0001 00:00:00 +0000"
        }
        return formatter.string(from: date)
    }
}
