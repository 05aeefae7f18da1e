import EtcdCore
import Foundation

/// Parses one compare line of a `txn` script, `target("key") op "value"`, as etcdctl's `parseCompare` does
/// (Go's `fmt.Sscanf(rest, "%q) %s %q")`), with etcdctl's error texts.
///
/// Targets: `ver`/`version`, `c`/`create`, `m`/`mod`, `val`/`value`, and `lease` (a hex lease id, as
/// etcdctl 3.5 reads it; 3.4 panics on it). Operators: `=`, `!=`, `<`, `>`.
enum TxnCompare {
    static func parse(_ line: String) throws(EtcdctlFailure) -> Compare {
        guard let parenthesis = line.firstIndex(of: "(") else {
            throw EtcdctlFailure(.invalidInput, "malformed comparison: \(line)")
        }
        let target = String(line[..<parenthesis])
        var scanner = Scanner(Array(line[line.index(after: parenthesis)...].unicodeScalars))
        var key: [UInt8] = []
        var op = ""
        var value: [UInt8] = []
        var scanned = 0
        if let quoted = scanner.quoted() {
            key = quoted
            scanned = 1
            if scanner.literal(")"), scanner.space(), let token = scanner.token() {
                op = token
                scanned = 2
                if scanner.space(), let quoted = scanner.quoted() {
                    value = quoted
                    scanned = 3
                }
            }
        }
        guard scanned == 3 else {
            let parts = "\(target)(\(GoStringLiteral.quote(key))) \(op) \(GoStringLiteral.quote(value))"
            throw EtcdctlFailure(.invalidInput, "malformed comparison: \(line); got \(parts)")
        }
        let result: Compare.Result
        switch op {
        case "=": result = .equal
        case "!=": result = .notEqual
        case ">": result = .greater
        case "<": result = .less
        default:
            throw EtcdctlFailure(
                .invalidInput, "malformed comparison: \(line) (unknown operator \(op); use =, !=, < or >)")
        }
        let text = String(decoding: value, as: UTF8.self)
        func number(base: Int) throws(EtcdctlFailure) -> Int64 {
            guard let number = try? GoInteger.parseInt64(text, base: base) else {
                throw EtcdctlFailure(.invalidInput, "invalid txn compare request: \(line)")
            }
            return number
        }
        let compared: Compare.Target
        switch target {
        case "ver", "version": compared = .version(try number(base: 10))
        case "c", "create": compared = .createRevision(try number(base: 10))
        case "m", "mod": compared = .modRevision(try number(base: 10))
        case "val", "value": compared = .value(Data(value))
        case "lease": compared = .lease(try number(base: 16))
        default: throw EtcdctlFailure(.invalidInput, "malformed comparison: \(line) (unknown target \(target))")
        }
        return Compare(key: Data(key), target: compared, result: result)
    }

    /// The parts of Go's `fmt` scanning the compare format needs.
    private struct Scanner {
        private let input: [Unicode.Scalar]
        private var index = 0

        init(_ input: [Unicode.Scalar]) { self.input = input }

        private static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }

        /// `%q`: skips spaces, then reads a double- or back-quoted Go literal.
        mutating func quoted() -> [UInt8]? {
            while index < input.count && Self.isSpace(input[index]) { index += 1 }
            guard index < input.count, input[index] == "\"" || input[index] == "`" else { return nil }
            let quote = input[index]
            var end = index + 1
            while end < input.count && input[end] != quote { end += quote == "\"" && input[end] == "\\" ? 2 : 1 }
            guard end < input.count else { return nil }
            let literal = String(String.UnicodeScalarView(input[index...end]))
            index = end + 1
            return try? GoStringLiteral.unquote(literal)
        }

        /// A literal character of the format: the next input character must be it.
        mutating func literal(_ character: Unicode.Scalar) -> Bool {
            guard index < input.count, input[index] == character else { return false }
            index += 1
            return true
        }

        /// A space in the format: one or more spaces in the input, or its end.
        mutating func space() -> Bool {
            guard index < input.count else { return true }
            guard Self.isSpace(input[index]) else { return false }
            while index < input.count && Self.isSpace(input[index]) { index += 1 }
            return true
        }

        /// `%s`: skips spaces, then reads a run of non-space characters.
        mutating func token() -> String? {
            while index < input.count && Self.isSpace(input[index]) { index += 1 }
            let start = index
            while index < input.count && !Self.isSpace(input[index]) { index += 1 }
            return index > start ? String(String.UnicodeScalarView(input[start..<index])) : nil
        }
    }
}
