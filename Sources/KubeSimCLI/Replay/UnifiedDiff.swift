/// A unified line diff (`---`/`+++` headers, `@@` hunks with three lines of context), as `diff -u` prints it.
///
/// Common leading and trailing lines are matched first; the rest by longest common subsequence, or, when that
/// would be too large to compute, as one replaced block.
enum UnifiedDiff {
    static let context = 3
    static let maxTableSize = 4_000_000

    private enum Line: Equatable {
        case same(String), removed(String), added(String)
    }

    /// The diff from `old` to `new`; empty when they are equal.
    static func diff(_ old: String, _ new: String, oldName: String, newName: String) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        let script = edits(a, b)
        var output = "--- \(oldName)\n+++ \(newName)\n"
        let changes = script.indices.filter { if case .same = script[$0] { false } else { true } }
        var group = changes.startIndex
        while group < changes.endIndex {
            var last = group
            while last + 1 < changes.endIndex, changes[last + 1] - changes[last] <= 2 * context + 1 { last += 1 }
            output += hunk(script, max(0, changes[group] - context)..<min(script.count, changes[last] + context + 1))
            group = last + 1
        }
        return output
    }

    private static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func text(of line: Line) -> String {
        switch line {
        case .same(let text), .removed(let text), .added(let text): text
        }
    }

    private static func hunk(_ script: [Line], _ range: Range<Int>) -> String {
        let oldStart = script[..<range.lowerBound].filter { if case .added = $0 { false } else { true } }.count
        let newStart = script[..<range.lowerBound].filter { if case .removed = $0 { false } else { true } }.count
        let oldCount = script[range].filter { if case .added = $0 { false } else { true } }.count
        let newCount = script[range].filter { if case .removed = $0 { false } else { true } }.count
        var text = "@@ -\(oldStart + (oldCount > 0 ? 1 : 0)),\(oldCount) +\(newStart + (newCount > 0 ? 1 : 0)),\(newCount) @@\n"
        for line in script[range] {
            switch line {
            case .same(let line): text += " \(line)\n"
            case .removed(let line): text += "-\(line)\n"
            case .added(let line): text += "+\(line)\n"
            }
        }
        return text
    }

    private static func edits(_ a: [String], _ b: [String]) -> [Line] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        var middle: [Line]
        if middleA.count * middleB.count <= maxTableSize {
            middle = subsequenceEdits(middleA, middleB)
        } else {
            middle = middleA.map(Line.removed) + middleB.map(Line.added)
        }
        return a[..<prefix].map(Line.same) + middle + a[(a.count - suffix)...].map(Line.same)
    }

    /// The edits by longest common subsequence.
    private static func subsequenceEdits(_ a: [String], _ b: [String]) -> [Line] {
        let width = b.count + 1
        var table = [Int32](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i * width + j] =
                    a[i] == b[j] ? table[(i + 1) * width + j + 1] + 1 : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var lines: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append(.same(a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || table[(i + 1) * width + j] >= table[i * width + j + 1] {
                lines.append(.removed(a[i])); i += 1
            } else {
                lines.append(.added(b[j])); j += 1
            }
        }
        return lines
    }
}
