/// A CEL expression's syntax tree.
indirect enum CELExpression {
    case literal(JSONValue)
    case list([CELExpression])
    case identifier(String)
    case select(CELExpression, String)
    case index(CELExpression, CELExpression)
    case call(String, target: CELExpression?, [CELExpression])
    case unary(String, CELExpression)
    case binary(String, CELExpression, CELExpression)
    case conditional(CELExpression, CELExpression, CELExpression)
}

/// Parses the CEL subset ``CELRule`` evaluates, with CEL's operator precedence.
struct CELParser {
    private enum Token: Equatable {
        case number(JSONValue), string(String), name(String), symbol(String), end
    }

    private var tokens: [Token] = []
    private var position = 0

    init(_ source: String) throws {
        tokens = try Self.tokenize(Array(source))
    }

    mutating func parse() throws -> CELExpression {
        let expression = try conditional()
        guard peek == .end else { throw CELError(message: "Syntax error: unexpected \(describe(peek))") }
        return expression
    }

    private var peek: Token { tokens[position] }

    private mutating func take(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) { position += 1; return true }
        return false
    }

    private mutating func expect(_ symbol: String) throws {
        guard take(symbol) else { throw CELError(message: "Syntax error: expected \(symbol), found \(describe(peek))") }
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(let value): GoSyntax.scalar(value)
        case .string(let text): "'\(text)'"
        case .name(let name): name
        case .symbol(let symbol): symbol
        case .end: "end of expression"
        }
    }

    private mutating func conditional() throws -> CELExpression {
        let condition = try binary(level: 0)
        guard take("?") else { return condition }
        let then = try conditional()
        try expect(":")
        return .conditional(condition, then, try conditional())
    }

    private static let levels: [[String]] = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">=", "in"], ["+", "-"], ["*", "/", "%"]]

    private mutating func binary(level: Int) throws -> CELExpression {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level: level + 1)
        while true {
            let symbol: String
            switch peek {
            case .symbol(let text) where Self.levels[level].contains(text): symbol = text
            case .name("in") where Self.levels[level].contains("in"): symbol = "in"
            default: return left
            }
            position += 1
            left = .binary(symbol, left, try binary(level: level + 1))
        }
    }

    private mutating func unary() throws -> CELExpression {
        if take("!") { return .unary("!", try unary()) }
        if take("-") { return .unary("-", try unary()) }
        return try postfix(try primary())
    }

    private mutating func postfix(_ base: CELExpression) throws -> CELExpression {
        var expression = base
        while true {
            if take(".") {
                guard case .name(let name) = peek else { throw CELError(message: "Syntax error: expected a field name") }
                position += 1
                if take("(") {
                    expression = .call(name, target: expression, try arguments())
                } else {
                    expression = .select(expression, name)
                }
            } else if take("[") {
                let index = try conditional()
                try expect("]")
                expression = .index(expression, index)
            } else {
                return expression
            }
        }
    }

    private mutating func arguments() throws -> [CELExpression] {
        var result: [CELExpression] = []
        if take(")") { return result }
        repeat { result.append(try conditional()) } while take(",")
        try expect(")")
        return result
    }

    private mutating func primary() throws -> CELExpression {
        let token = peek
        position += 1
        switch token {
        case .number(let value): return .literal(value)
        case .string(let text): return .literal(.string(text))
        case .name("true"): return .literal(.bool(true))
        case .name("false"): return .literal(.bool(false))
        case .name("null"): return .literal(.null)
        case .name(let name):
            if take("(") { return .call(name, target: nil, try arguments()) }
            return .identifier(name)
        case .symbol("("):
            let inner = try conditional()
            try expect(")")
            return inner
        case .symbol("["):
            var items: [CELExpression] = []
            if !take("]") {
                repeat { items.append(try conditional()) } while take(",")
                try expect("]")
            }
            return .list(items)
        default:
            throw CELError(message: "Syntax error: unexpected \(describe(token))")
        }
    }

    private static func tokenize(_ characters: [Character]) throws -> [Token] {
        var tokens: [Token] = []
        var index = 0
        let symbols = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]"]
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "." && end + 1 < characters.count && characters[end + 1].isNumber {
                    end += 1
                }
                let text = String(characters[index..<end])
                tokens.append(.number(text.contains(".") ? .double(Double(text) ?? 0) : .int(Int64(text) ?? 0)))
                index = end
                if index < characters.count, characters[index] == "u" { index += 1 }
            } else if character == "'" || character == "\"" {
                var end = index + 1
                var text = ""
                while end < characters.count, characters[end] != character {
                    if characters[end] == "\\", end + 1 < characters.count { end += 1 }
                    text.append(characters[end])
                    end += 1
                }
                guard end < characters.count else { throw CELError(message: "Syntax error: unterminated string") }
                tokens.append(.string(text))
                index = end + 1
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
                tokens.append(.name(String(characters[index..<end])))
                index = end
            } else if let symbol = symbols.first(where: { symbol in
                let scalars = Array(symbol)
                return index + scalars.count <= characters.count && Array(characters[index..<index + scalars.count]) == scalars
            }) {
                tokens.append(.symbol(symbol))
                index += symbol.count
            } else {
                throw CELError(message: "Syntax error: token recognition error at: '\(character)'")
            }
        }
        tokens.append(.end)
        return tokens
    }
}
