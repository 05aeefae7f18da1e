import Foundation

/// The `[2/5] config-1.yaml (document 120)` line replay keeps rewriting on standard error, only when that is a terminal.
struct ReplayProgress {
    var total: Int
    var console: Console
    private let enabled = isatty(STDERR_FILENO) != 0

    init(total: Int, console: Console) {
        self.total = total
        self.console = console
    }

    /// Shows that the `number`th file (from 1) is being replayed, at its `document`th object.
    func show(_ number: Int, _ file: String, document: Int) {
        guard enabled else { return }
        console.err.write("\r\u{1B}[K[\(number)/\(total)] \(file) (document \(document))")
        console.err.flush()
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        console.err.write("\r\u{1B}[K")
        console.err.flush()
    }
}
