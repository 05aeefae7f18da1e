import Foundation
import Synchronization

/// The text filters a learner puts after `etcdctl` in a pipeline: `head` and `tail` (`-n N`, `-N`), `grep`
/// (`-v`, `-i`, `-c`, `-E`, `-F`; the pattern as a regular expression), `wc -l` and `sort` (`-r`), with GNU
/// coreutils' messages and exit codes.
enum ShellFilters {
    struct Result {
        var out: [UInt8] = []
        var err: String = ""
        var status: Int32 = 0
    }

    static let names: Set = ["head", "tail", "grep", "wc", "sort"]

    static func run(_ name: String, _ arguments: [String], input: [UInt8]) -> Result {
        let lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast(input.last == UInt8(ascii: "\n") ? 1 : 0).map(String.init)
        func output(_ lines: [String]) -> Result { Result(out: Array(lines.map { $0 + "\n" }.joined().utf8)) }
        switch name {
        case "head", "tail":
            guard let count = lineCount(arguments) else {
                return Result(err: "\(name): invalid number of lines: \(arguments.joined(separator: " "))\n", status: 1)
            }
            return output(name == "head" ? Array(lines.prefix(count)) : Array(lines.suffix(count)))
        case "sort":
            let sorted = lines.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return output(arguments.contains("-r") ? sorted.reversed() : sorted)
        case "wc":
            guard arguments == ["-l"] else { return Result(err: "kubesim: only `wc -l` is simulated\n", status: 1) }
            return Result(out: Array("\(lines.count)\n".utf8))
        default:
            return grep(arguments, lines: lines)
        }
    }

    /// `-n N`, `-nN`, `-N` or none (10).
    private static func lineCount(_ arguments: [String]) -> Int? {
        guard let first = arguments.first else { return 10 }
        if first == "-n" { return arguments.dropFirst().first.flatMap { Int($0) } }
        if first.hasPrefix("-n") { return Int(first.dropFirst(2)) }
        return first.hasPrefix("-") ? Int(first.dropFirst()) : nil
    }

    private static func grep(_ arguments: [String], lines: [String]) -> Result {
        var flags = Set<Character>()
        var pattern: String?
        var words = arguments[...]
        while let word = words.popFirst() {
            if word == "-e" { pattern = words.popFirst() } else if word.hasPrefix("-") && word.count > 1 && pattern == nil {
                flags.formUnion(word.dropFirst())
            } else if pattern == nil {
                pattern = word
            }
        }
        guard let pattern else { return Result(err: "Usage: grep [OPTION]... PATTERNS [FILE]...\n", status: 2) }
        let ignoreCase = flags.contains("i")
        let regex = flags.contains("F") ? nil : try? Regex(pattern).ignoresCase(ignoreCase)
        let matching = lines.filter { line in
            let found = if let regex { line.contains(regex) } else {
                ignoreCase ? line.lowercased().contains(pattern.lowercased()) : line.contains(pattern)
            }
            return found != flags.contains("v")
        }
        var result = flags.contains("c") ? Result(out: Array("\(matching.count)\n".utf8)) : Result(out: Array(matching.map { $0 + "\n" }.joined().utf8))
        result.status = matching.isEmpty ? 1 : 0
        return result
    }
}

/// A pipeline stage's standard output, kept for the next stage.
final class ShellCapture: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    func append(_ more: [UInt8]) { bytes.withLock { $0 += more } }
    var contents: [UInt8] { bytes.withLock { $0 } }
}
