/// Aligns tab-separated cells into columns exactly as kubectl's output does: cli-runtime writes through
/// `github.com/liggitt/tabwriter` (Go's `text/tabwriter` plus remembered widths) with a minimum cell width
/// of 6, 3 spaces of padding, left alignment and no padding after a line's last cell.
///
/// As in Go, a column is aligned over a block of consecutive lines that all have a cell after it, and a line
/// without any tab ends the block (kubectl's blank separator lines do). Widths count Unicode scalars.
public struct TabWriter: Sendable {
    public var minWidth: Int
    public var padding: Int
    /// Whether columns keep their widest width across flushes (liggitt/tabwriter, kubectl's printers) or start
    /// afresh after each (Go's `text/tabwriter`, kubectl's describers).
    public var remembersWidths: Bool
    /// The widest cell seen per column depth; Go's `RememberWidths` keeps columns from shrinking between flushes.
    private var rememberedWidths: [Int] = []

    public init(minWidth: Int = 6, padding: Int = 3, remembersWidths: Bool = true) {
        self.minWidth = minWidth
        self.padding = padding
        self.remembersWidths = remembersWidths
    }

    /// Aligns `text`, whose cells end with `\t` (or `\v`) and lines with `\n` (or `\f`).
    public static func align(_ text: String) -> String {
        var writer = TabWriter()
        return writer.format(text)
    }

    /// Aligns `text`, remembering column widths for later calls on this writer (as kubectl's watch output does).
    public mutating func format(_ text: String) -> String {
        var output = ""
        var lines: [Line] = []
        var cells: [String] = []
        var cell = ""
        for character in text.unicodeScalars {
            switch character {
            case "\t", "\u{0B}":
                cells.append(cell)
                cell = ""
            case "\n", "\u{0C}":
                cells.append(cell)
                cell = ""
                lines.append(Line(cells: cells, terminated: true))
                // Go flushes after a line with a single cell and at a form feed.
                if cells.count == 1 || character == "\u{0C}" {
                    output += render(lines)
                    lines.removeAll()
                }
                cells.removeAll()
            default:
                cell.unicodeScalars.append(character)
            }
        }
        if !cell.isEmpty { cells.append(cell) }
        if !cells.isEmpty { lines.append(Line(cells: cells, terminated: false)) }
        return output + render(lines)
    }

    private struct Line {
        var cells: [String]
        var terminated: Bool
    }

    private mutating func render(_ lines: [Line]) -> String {
        var output = ""
        renderBlock(lines, lines.indices, widths: [], into: &output)
        return output
    }

    /// Renders `range` given the widths of the columns to the left; aligns the next column over each run of
    /// lines that have a cell after it, recursively.
    private mutating func renderBlock(_ lines: [Line], _ range: Range<Int>, widths: [Int], into output: inout String) {
        let column = widths.count
        var written = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            guard column < lines[index].cells.count - 1 else {
                index += 1
                continue
            }
            writeLines(lines, written..<index, widths: widths, into: &output)
            var end = index
            var width = minWidth
            while end < range.upperBound, column < lines[end].cells.count - 1 {
                width = max(width, lines[end].cells[column].unicodeScalars.count + padding)
                end += 1
            }
            renderBlock(lines, index..<end, widths: widths + [remember(width, column: column)], into: &output)
            written = end
            index = end
        }
        writeLines(lines, written..<range.upperBound, widths: widths, into: &output)
    }

    /// Go's remembered widths: a narrower block takes the widest width seen at its depth, a wider one raises it.
    private mutating func remember(_ width: Int, column: Int) -> Int {
        guard remembersWidths else { return width }
        guard column < rememberedWidths.count else {
            rememberedWidths.append(width)
            return width
        }
        rememberedWidths[column] = max(rememberedWidths[column], width)
        return rememberedWidths[column]
    }

    private func writeLines(_ lines: [Line], _ range: Range<Int>, widths: [Int], into output: inout String) {
        for line in lines[range] {
            for (index, cell) in line.cells.enumerated() {
                output += cell
                if index < widths.count {
                    output += String(repeating: " ", count: widths[index] - cell.unicodeScalars.count)
                }
            }
            if line.terminated { output += "\n" }
        }
    }
}
