/// Parses kubectl's JSONPath templates with the grammar and error messages of client-go's
/// `util/jsonpath/parser.go`: text outside `{...}` is printed as is; inside, `.field`, `['key']`, `[n]`,
/// `[start:end:step]`, `[*]`, `[a,b]`, `[?(@.x == "y")]`, `..`, `"quoted text"`, numbers, `true`/`false`,
/// and the `range` / `end` keywords.
struct JSONPathParser {
    /// The template as UTF-8, which is how Go indexes it.
    private let input: [UInt8]
    private var position = 0
    /// Where the text not yet consumed starts.
    private var start = 0
    /// The byte length of the last character read, so that it can be put back.
    private var width = 0

    /// An error message, e.g. `unclosed action`.
    struct Failure: Error {
        var reason: String
    }

    /// The template's top-level nodes: `.text` for literal text and `.list` for each `{...}` action.
    static func parse(_ template: String) throws(Failure) -> [JSONPathNode] {
        var parser = JSONPathParser(input: Array(template.utf8))
        return try parser.parseTemplate()
    }

    private init(input: [UInt8]) {
        self.input = input
    }

    /// The steps of a nested action such as a filter operand: `text` parsed as the template `{text}`.
    private static func parseAction(_ text: String) throws(Failure) -> [JSONPathNode] {
        guard case .list(let nodes)? = try parse("{\(text)}").first else { return [] }
        return nodes
    }

    // MARK: - Reading characters

    private mutating func next() -> Unicode.Scalar? {
        guard position < input.count else {
            width = 0
            return nil
        }
        let (scalar, length) = Self.decode(input, at: position)
        width = length
        position += length
        return scalar
    }

    private mutating func peek() -> Unicode.Scalar? {
        let scalar = next()
        backup()
        return scalar
    }

    private mutating func backup() {
        position -= width
    }

    private mutating func consumeText() -> String {
        let text = String(decoding: input[start..<position], as: UTF8.self)
        start = position
        return text
    }

    private func hasPrefix(_ prefix: String) -> Bool {
        let bytes = Array(prefix.utf8)
        return input.count - position >= bytes.count && Array(input[position..<position + bytes.count]) == bytes
    }

    /// The character before the one just read is a backslash (Go compares the byte before it).
    private var followsBackslash: Bool {
        position >= 2 && input[position - 2] == UInt8(ascii: "\\")
    }

    /// Decodes one UTF-8 character; a malformed byte reads as U+FFFD of length 1, as in Go.
    private static func decode(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
        guard length > 0, index + length <= bytes.count else { return ("\u{FFFD}", 1) }
        var decoder = UTF8()
        var iterator = bytes[index..<index + length].makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar, length) }
        return ("\u{FFFD}", 1)
    }

    // MARK: - Grammar

    private mutating func parseTemplate() throws(Failure) -> [JSONPathNode] {
        var nodes: [JSONPathNode] = []
        while position < input.count {
            if hasPrefix("{") {
                if position > start { nodes.append(.text(consumeText())) }
                position += 1
                _ = consumeText()
                nodes.append(.list(try parseInsideAction()))
            } else {
                _ = next()
            }
        }
        if position > start { nodes.append(.text(consumeText())) }
        return nodes
    }

    /// The steps of one action, up to and including its closing brace.
    private mutating func parseInsideAction() throws(Failure) -> [JSONPathNode] {
        var nodes: [JSONPathNode] = []
        while true {
            if hasPrefix("}") {
                position += 1
                _ = consumeText()
                return nodes
            }
            if hasPrefix("[?(") {
                nodes.append(try parseFilter())
                continue
            }
            if hasPrefix("..") {
                if nodes.last == .recursive { throw Failure(reason: "invalid multiple recursive descent") }
                position += 2
                _ = consumeText()
                nodes.append(.recursive)
                if let scalar = peek(), Self.isAlphaNumeric(scalar) { nodes.append(parseField()) }
                continue
            }
            guard let scalar = next(), scalar != "\r", scalar != "\n" else { throw Failure(reason: "unclosed action") }
            switch scalar {
            case " ", "@", "$":
                _ = consumeText()
            case "[":
                nodes += try parseArray()
            case "\"", "'":
                nodes.append(try parseQuote(closing: scalar))
            case ".":
                nodes.append(parseField())
            case "+", "-":
                backup()
                nodes.append(try parseNumber())
            default:
                if scalar.properties.generalCategory == .decimalNumber {
                    backup()
                    nodes.append(try parseNumber())
                } else if Self.isAlphaNumeric(scalar) {
                    backup()
                    nodes.append(parseIdentifier())
                } else {
                    throw Failure(reason: "unrecognized character in action: \(GoFormat.unicodePoint(scalar))")
                }
            }
        }
    }

    /// `range`, `end`, `true`, `false`.
    private mutating func parseIdentifier() -> JSONPathNode {
        while !Self.isTerminator(next()) {}
        backup()
        let value = consumeText()
        switch value {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: return .identifier(value)
        }
    }

    private mutating func parseNumber() throws(Failure) -> JSONPathNode {
        if let sign = peek(), sign == "+" || sign == "-" { _ = next() }
        while let scalar = next(), scalar == "." || scalar.properties.generalCategory == .decimalNumber {}
        backup()
        let value = consumeText()
        if let integer = Int64(value) { return .int(integer) }
        if let number = Double(value) { return .float(number) }
        throw Failure(reason: "cannot parse number \(value)")
    }

    /// `[...]` after its `[` was read: a union, a quoted key, or a slice.
    private mutating func parseArray() throws(Failure) -> [JSONPathNode] {
        while true {
            guard let scalar = next(), scalar != "\n" else { throw Failure(reason: "unterminated array") }
            if scalar == "]" { break }
        }
        var text = String(consumeText().dropFirst().dropLast())
        if text == "*" { text = ":" }

        let operands = text.split(separator: ",", omittingEmptySubsequences: false)
        if operands.count > 1 {
            var union: [[JSONPathNode]] = []
            for operand in operands {
                union.append(try Self.parseAction("[\(Self.trimSpaces(operand))]"))
            }
            return [.union(union)]
        }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'"), !text.dropFirst().dropLast().contains("'") {
            return try Self.parseAction(".\(text.dropFirst().dropLast())")
        }
        guard let groups = Self.sliceGroups(text) else { throw Failure(reason: "invalid array index \(text)") }
        var bounds = JSONPathNode.SliceBounds()
        for (index, group) in groups.enumerated() {
            let digits = index > 0 ? String(group.dropFirst()) : group
            var value: Int?
            if group.isEmpty {
                if index == 1 {
                    value = (bounds.start ?? 0) + 1
                    bounds.endIsDerived = true
                }
            } else if !(index > 0 && digits.isEmpty) {
                guard let number = Int(digits) else { throw Failure(reason: "array index \(digits) is not a number") }
                value = number
            }
            switch index {
            case 0: bounds.start = value
            case 1: bounds.end = value
            default: bounds.step = value
            }
        }
        return [.slice(bounds)]
    }

    /// The groups of `^(-?\d*)(:-?\d*)?(:-?\d*)?$`, or nil when the text does not match.
    private static func sliceGroups(_ text: String) -> [String]? {
        let characters = Array(text)
        var index = 0
        func group(colon: Bool) -> String {
            let begin = index
            if colon {
                guard index < characters.count, characters[index] == ":" else { return "" }
                index += 1
            }
            if index < characters.count, characters[index] == "-" { index += 1 }
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            return String(characters[begin..<index])
        }
        let groups = [group(colon: false), group(colon: true), group(colon: true)]
        return index == characters.count ? groups : nil
    }

    /// `[?(...)]` at its `[?(`.
    private mutating func parseFilter() throws(Failure) -> JSONPathNode {
        position += 3
        _ = consumeText()
        var opened = false
        var closed = false
        var quote: Unicode.Scalar = "\""
        loop: while true {
            guard let scalar = next(), scalar != "\n" else { throw Failure(reason: "unterminated filter") }
            switch scalar {
            case "\"", "'":
                if !opened {
                    opened = true
                    quote = scalar
                } else if !followsBackslash, scalar == quote {
                    closed = true
                }
            case ")":
                if opened == closed { break loop }
            default:
                break
            }
        }
        guard next() == "]" else { throw Failure(reason: "unclosed array expect ]") }
        let text = String(consumeText().dropLast(2))
        guard let (left, op, right) = Self.comparison(text) else {
            return .filter(left: try Self.parseAction(text), right: [], operator: "exists")
        }
        return .filter(left: try Self.parseAction(left), right: try Self.parseAction(right), operator: op)
    }

    /// The groups of `^([^!<>=]+)([!<>=]+)(.+?)$`: operand, operator, operand.
    private static func comparison(_ text: String) -> (String, String, String)? {
        let operators: Set<Character> = ["!", "<", ">", "="]
        guard let opStart = text.firstIndex(where: operators.contains), opStart > text.startIndex else { return nil }
        var opEnd = text[opStart...].firstIndex { !operators.contains($0) } ?? text.endIndex
        if opEnd == text.endIndex {
            // The right operand needs a character: the operator gives back its last one.
            opEnd = text.index(before: opEnd)
            guard opEnd > opStart else { return nil }
        }
        let right = text[opEnd...]
        guard !right.contains("\n") else { return nil }
        return (String(text[..<opStart]), String(text[opStart..<opEnd]), String(right))
    }

    /// A quoted string after its opening quote was read.
    private mutating func parseQuote(closing: Unicode.Scalar) throws(Failure) -> JSONPathNode {
        while true {
            guard let scalar = next(), scalar != "\n" else { throw Failure(reason: "unterminated quoted string") }
            if scalar == closing, !followsBackslash { break }
        }
        let value = consumeText()
        guard let text = Self.unquote(value) else {
            throw Failure(reason: "unquote string \(value) error invalid syntax")
        }
        return .text(text)
    }

    /// A field name after its `.` was read; `*` is the wildcard and backslashes escape terminators.
    private mutating func parseField() -> JSONPathNode {
        _ = consumeText()
        while true {
            let scalar = next()
            if scalar == "\\" {
                _ = next()
            } else if Self.isTerminator(scalar) {
                backup()
                break
            }
        }
        let value = consumeText()
        return value == "*"
            ? .wildcard : .field(String(String.UnicodeScalarView(value.unicodeScalars.filter { $0 != "\\" })))
    }

    // MARK: - Character classes and quoting

    private static func isTerminator(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return true }
        return " \t\r\n.,[]$@{}".unicodeScalars.contains(scalar)
    }

    private static func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            true
        default:
            scalar == "_"
        }
    }

    private static func trimSpaces(_ text: Substring) -> Substring {
        var trimmed = text.drop { $0 == " " }
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        return trimmed
    }

    /// Go's `strconv.Unquote`, extended to single quotes; nil for invalid syntax.
    static func unquote(_ quoted: String) -> String? {
        let scalars = Array(quoted.unicodeScalars)
        guard scalars.count >= 2, let quote = scalars.first, quote == scalars.last, quote == "\"" || quote == "'" else {
            return nil
        }
        var body = scalars[1..<scalars.count - 1][...]
        var output = String.UnicodeScalarView()
        while let scalar = body.popFirst() {
            if scalar == quote { return nil }
            guard scalar == "\\" else {
                output.append(scalar)
                continue
            }
            guard let escape = body.popFirst() else { return nil }
            switch escape {
            case "a": output.append("\u{07}")
            case "b": output.append("\u{08}")
            case "f": output.append("\u{0C}")
            case "n": output.append("\n")
            case "r": output.append("\r")
            case "t": output.append("\t")
            case "v": output.append("\u{0B}")
            case "\\": output.append("\\")
            case "x", "u", "U":
                let count = escape == "x" ? 2 : escape == "u" ? 4 : 8
                guard body.count >= count,
                    let value = UInt32(String(String.UnicodeScalarView(body.prefix(count))), radix: 16),
                    let decoded = Unicode.Scalar(value)
                else { return nil }
                body = body.dropFirst(count)
                output.append(decoded)
            case "0"..."7":
                let digits = [escape] + body.prefix(2)
                guard digits.count == 3, let value = UInt32(String(String.UnicodeScalarView(digits)), radix: 8),
                    value < 256
                else { return nil }
                body = body.dropFirst(2)
                output.append(Unicode.Scalar(UInt8(value)))
            case "'", "\"":
                guard escape == quote else { return nil }
                output.append(escape)
            default:
                return nil
            }
        }
        return String(output)
    }
}
