import Foundation

/// The ASCII tables etcdctl draws with `-w table`: olekukonko/tablewriter (the 2017 revision etcd 3.4 pins)
/// with its defaults, right-aligned cells and centred upper-case headers; cells wider than 30 columns wrap
/// at spaces with minimal raggedness.
///
/// Widths count Unicode scalars (tablewriter counts East Asian wide runes as two columns).
public struct TextTable {
    private static let maximumWidth = 30

    private let headers: [String]
    private var widths: [Int]
    private var rows: [[[String]]] = []

    public init(headers: [String]) {
        self.headers = headers
        widths = headers.map { min(Self.width($0), Self.maximumWidth) }
    }

    /// Adds a row, wrapping cells to their column's width so far.
    public mutating func append(_ row: [String]) {
        var cells: [[String]] = []
        for (column, text) in row.enumerated() {
            if column == widths.count { widths.append(0) }
            widths[column] = max(widths[column], min(Self.width(text), Self.maximumWidth))
            let lines = Self.wrap(text, limit: widths[column])
            widths[column] = max(widths[column], lines.map(Self.width).max() ?? 0)
            cells.append(lines)
        }
        rows.append(cells)
    }

    /// The table, each line ending in a newline.
    public var rendered: String {
        let border = "+" + widths.map { String(repeating: "-", count: $0 + 2) + "+" }.joined() + "\n"
        var out = border + "|"
        for (column, header) in headers.enumerated() {
            out += " " + Self.center(Self.title(header), widths[column]) + " |"
        }
        out += "\n" + border
        for cells in rows {
            let height = cells.map(\.count).max() ?? 0
            for line in 0..<height {
                for (column, lines) in cells.enumerated() {
                    out += "| " + Self.padLeft(line < lines.count ? lines[line] : "  ", widths[column]) + " "
                }
                out += "|\n"
            }
        }
        return out + border
    }

    private static func width(_ text: String) -> Int { text.unicodeScalars.count }

    /// tablewriter's `Title`: `_` and `.` become spaces, then trimmed and upper-cased.
    private static func title(_ header: String) -> String {
        header.replacing("_", with: " ").replacing(".", with: " ")
            .trimmingCharacters(in: .whitespaces).uppercased()
    }

    private static func center(_ text: String, _ width: Int) -> String {
        let gap = width - Self.width(text)
        guard gap > 0 else { return text }
        return String(repeating: " ", count: gap / 2) + text + String(repeating: " ", count: gap - gap / 2)
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - Self.width(text))) + text
    }

    /// tablewriter's `WrapString`: words split at single spaces, lines joined by one space, minimising the
    /// sum of squared shortfalls from `limit` (raised to the longest word).
    static func wrap(_ text: String, limit: Int) -> [String] {
        let words = text.replacing("\n", with: " ").split(separator: " ", omittingEmptySubsequences: false).map(
            String.init)
        let limit = max(limit, words.map(\.utf8.count).max() ?? 0)
        let lengths = words.map(\.unicodeScalars.count)
        let count = words.count
        let penalty = 100_000
        var breakAt = [Int](repeating: 0, count: count)
        var cost = [Int](repeating: Int(Int32.max), count: count)
        for start in stride(from: count - 1, through: 0, by: -1) {
            var lineLength = lengths[start...].reduce(0, +) + (count - 1 - start)
            if lineLength <= limit {
                cost[start] = 0
                breakAt[start] = count
                continue
            }
            lineLength = lengths[start]
            for next in (start + 1)..<count {
                let shortfall = limit - lineLength
                var candidate = shortfall * shortfall + cost[next]
                if lineLength > limit { candidate += penalty }
                if candidate < cost[start] {
                    cost[start] = candidate
                    breakAt[start] = next
                }
                lineLength += 1 + lengths[next]
            }
        }
        var lines: [String] = []
        var start = 0
        while start < count {
            lines.append(words[start..<breakAt[start]].joined(separator: " "))
            start = breakAt[start]
        }
        return lines
    }
}
