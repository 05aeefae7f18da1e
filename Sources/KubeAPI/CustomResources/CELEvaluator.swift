import Foundation

/// Evaluates a ``CELExpression`` over JSON values, with CEL's semantics for the subset: no implicit conversions
/// between types, `&&`/`||` that absorb an error when the other side decides, `no such key` for a missing field.
struct CELEvaluator {
    var variables: [String: JSONValue]

    func evaluate(_ expression: CELExpression) throws -> JSONValue {
        switch expression {
        case .literal(let value):
            return value
        case .list(let items):
            return .array(try items.map(evaluate))
        case .identifier(let name):
            guard let value = variables[name] else { throw CELError(message: "undeclared reference to '\(name)'") }
            return value
        case .select(let base, let field):
            guard case .object(let fields) = try evaluate(base) else { throw CELError(message: "no such key: \(field)") }
            guard let value = fields[field] else { throw CELError(message: "no such key: \(field)") }
            return value
        case .index(let base, let key):
            switch (try evaluate(base), try evaluate(key)) {
            case (.array(let items), .int(let position)):
                guard position >= 0, position < items.count else { throw CELError(message: "index out of bounds: \(position)") }
                return items[Int(position)]
            case (.object(let fields), .string(let name)):
                guard let value = fields[name] else { throw CELError(message: "no such key: \(name)") }
                return value
            default:
                throw CELError(message: "no such overload: _[_]")
            }
        case .unary("!", let operand):
            guard case .bool(let flag) = try evaluate(operand) else { throw CELError(message: "no such overload: !_") }
            return .bool(!flag)
        case .unary(_, let operand):
            switch try evaluate(operand) {
            case .int(let number): return .int(-number)
            case .double(let number): return .double(-number)
            default: throw CELError(message: "no such overload: -_")
            }
        case .binary("&&", let left, let right):
            return try logical(left, right, absorbing: false)
        case .binary("||", let left, let right):
            return try logical(left, right, absorbing: true)
        case .binary(let symbol, let left, let right):
            return try CELOperators.apply(symbol, try evaluate(left), try evaluate(right))
        case .conditional(let condition, let then, let otherwise):
            guard case .bool(let flag) = try evaluate(condition) else { throw CELError(message: "no such overload: _?_:_") }
            return try evaluate(flag ? then : otherwise)
        case .call(let name, let target, let arguments):
            return try call(name, target: target, arguments)
        }
    }

    /// `&&` and `||`: the deciding value (false, true) wins over an error on the other side.
    private func logical(_ left: CELExpression, _ right: CELExpression, absorbing decider: Bool) throws -> JSONValue {
        let first = Result { try evaluate(left) }
        if case .success(.bool(decider)) = first { return .bool(decider) }
        let second = Result { try evaluate(right) }
        if case .success(.bool(decider)) = second { return .bool(decider) }
        // Neither side decides: both are the other boolean, or one of them failed.
        guard case .bool = try first.get(), case .bool = try second.get() else {
            throw CELError(message: "no such overload: _\(decider ? "||" : "&&")_")
        }
        return .bool(!decider)
    }

    private func call(_ name: String, target: CELExpression?, _ arguments: [CELExpression]) throws -> JSONValue {
        switch (name, target, arguments.count) {
        case ("has", nil, 1):
            guard case .select(let base, let field) = arguments[0] else { throw CELError(message: "invalid argument to has() macro") }
            guard case .object(let fields) = try evaluate(base) else { return .bool(false) }
            return .bool(fields[field] != nil)
        case ("size", nil, 1):
            return try CELOperators.size(try evaluate(arguments[0]))
        case ("size", let target?, 0):
            return try CELOperators.size(try evaluate(target))
        case ("all", let target?, 2), ("exists", let target?, 2), ("exists_one", let target?, 2):
            guard case .identifier(let variable) = arguments[0] else { throw CELError(message: "argument is not an identifier") }
            let elements: [JSONValue]
            switch try evaluate(target) {
            case .array(let items): elements = items
            case .object(let fields): elements = fields.keys.sorted().map(JSONValue.string)
            default: throw CELError(message: "no such overload: \(name)")
            }
            var count = 0
            for element in elements {
                var scope = self
                scope.variables[variable] = element
                guard case .bool(let holds) = try scope.evaluate(arguments[1]) else { throw CELError(message: "no such overload: \(name)") }
                if holds { count += 1 }
            }
            switch name {
            case "all": return .bool(count == elements.count)
            case "exists": return .bool(count > 0)
            default: return .bool(count == 1)
            }
        case ("startsWith", let target?, 1), ("endsWith", let target?, 1), ("contains", let target?, 1), ("matches", let target?, 1):
            guard case .string(let text) = try evaluate(target), case .string(let argument) = try evaluate(arguments[0]) else {
                throw CELError(message: "no such overload: \(name)")
            }
            switch name {
            case "startsWith": return .bool(text.hasPrefix(argument))
            case "endsWith": return .bool(text.hasSuffix(argument))
            case "contains": return .bool(text.contains(argument))
            default:
                let expression = try NSRegularExpression(pattern: argument)
                return .bool(expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil)
            }
        case ("int", nil, 1):
            switch try evaluate(arguments[0]) {
            case .int(let number): return .int(number)
            case .double(let number): return .int(Int64(number))
            case .string(let text): if let number = Int64(text) { return .int(number) }
            default: break
            }
            throw CELError(message: "no such overload: int")
        case ("string", nil, 1):
            let value = try evaluate(arguments[0])
            return .string(value.stringValue ?? GoSyntax.scalar(value))
        default:
            throw CELError(message: "undeclared reference to '\(name)' (KubeSim evaluates a subset of CEL)")
        }
    }
}

/// CEL's operators on JSON values.
enum CELOperators {
    static func apply(_ symbol: String, _ left: JSONValue, _ right: JSONValue) throws -> JSONValue {
        switch symbol {
        case "==": return .bool(equal(left, right))
        case "!=": return .bool(!equal(left, right))
        case "in":
            switch right {
            case .array(let items): return .bool(items.contains { equal($0, left) })
            case .object(let fields): return .bool(left.stringValue.map { fields[$0] != nil } ?? false)
            default: throw CELError(message: "no such overload: _in_")
            }
        case "<", "<=", ">", ">=":
            guard let order = compare(left, right) else { throw CELError(message: "no such overload: _\(symbol)_") }
            switch symbol {
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        default:
            return try arithmetic(symbol, left, right)
        }
    }

    static func size(_ value: JSONValue) throws -> JSONValue {
        switch value {
        case .string(let text): return .int(Int64(text.count))
        case .array(let items): return .int(Int64(items.count))
        case .object(let fields): return .int(Int64(fields.count))
        default: throw CELError(message: "no such overload: size")
        }
    }

    private static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let order = compare(left, right) { return order == 0 }
        return left == right
    }

    /// The order of two numbers or two strings (CEL compares int, uint and double across types); nil otherwise.
    private static func compare(_ left: JSONValue, _ right: JSONValue) -> Int? {
        switch (left, right) {
        case (.string(let a), .string(let b)): return a < b ? -1 : a == b ? 0 : 1
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (!a ? -1 : 1)
        default:
            guard let a = number(left), let b = number(right) else { return nil }
            return a < b ? -1 : a == b ? 0 : 1
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func arithmetic(_ symbol: String, _ left: JSONValue, _ right: JSONValue) throws -> JSONValue {
        switch (symbol, left, right) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .array(let a), .array(let b)): return .array(a + b)
        case (_, .int(let a), .int(let b)):
            switch symbol {
            case "+": return .int(a &+ b)
            case "-": return .int(a &- b)
            case "*": return .int(a &* b)
            case "/", "%":
                guard b != 0 else { throw CELError(message: symbol == "/" ? "division by zero" : "modulus by zero") }
                return .int(symbol == "/" ? a / b : a % b)
            default: break
            }
        case (_, .double(let a), .double(let b)):
            switch symbol {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": return .double(a / b)
            default: break
            }
        default: break
        }
        throw CELError(message: "no such overload: _\(symbol)_")
    }
}
