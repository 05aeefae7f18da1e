import Foundation

/// Renders figures as a Markdown table; write figures are compared with the raw fsync rate, the physical
/// bound for commits that each wait for their own sync.
struct MarkdownReport {
    var figures: [Figure]
    /// The raw fsync rate of the same directory, in syncs per second.
    var fsyncRate: Double

    var table: String {
        var lines = [
            "| figure | median | p99 latency | min–max of reps | vs fsync bound |",
            "|---|---:|---:|---:|---:|",
        ]
        for figure in figures {
            let cells = [
                figure.name, headline(figure), Self.milliseconds(figure.p99Latency), spread(figure),
                figure.boundByFsync ? String(format: "%.2f×", figure.medianRate / fsyncRate) : "",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    private func headline(_ figure: Figure) -> String {
        switch figure.kind {
        case .throughput(let unit):
            "\(Self.count(figure.medianRate)) \(unit) (\(Self.milliseconds(figure.medianLatency)))"
        case .latency:
            Self.milliseconds(figure.medianLatency)
        }
    }

    private func spread(_ figure: Figure) -> String {
        let headlines = figure.headlines
        guard let low = headlines.min(), let high = headlines.max() else { return "" }
        switch figure.kind {
        case .throughput: return "\(Self.count(low))–\(Self.count(high))"
        case .latency: return "\(Self.number(low))–\(Self.milliseconds(high))"
        }
    }

    /// What the columns mean.
    static let legend = """
        - median: over the repetitions; for throughput, the median latency of one operation in parentheses.
        - p99 latency: the median over the repetitions of each one's 99th percentile.
        - vs fsync bound: the median rate over the raw fsync rate; above 1× only when commits share fsyncs.
        """

    /// A rate rounded to a whole number, with thousands separators: "12,345".
    static func count(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var grouped = ""
        for (offset, digit) in digits.reversed().enumerated() {
            if offset > 0 && offset.isMultiple(of: 3) { grouped.append(",") }
            grouped.append(digit)
        }
        return String(grouped.reversed())
    }

    /// Milliseconds with three significant digits or so: "0.412 ms", "3.21 ms", "18.5 ms".
    static func milliseconds(_ value: Double) -> String { number(value) + " ms" }

    private static func number(_ value: Double) -> String {
        switch value {
        case ..<1: String(format: "%.3f", value)
        case ..<10: String(format: "%.2f", value)
        case ..<100: String(format: "%.1f", value)
        default: String(format: "%.0f", value)
        }
    }
}
