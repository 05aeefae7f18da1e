/// Runs a parsed JSONPath template over a JSON value with the semantics of client-go's
/// `util/jsonpath/jsonpath.go`, including its `range ... end` bookkeeping, its slice bounds and its
/// comparison rules (`text/template`'s `eq`, `lt`, ...: numbers of one kind, strings, booleans).
///
/// Where Go iterates a map (wildcards, recursive descent) its order is random; here keys are sorted.
struct JSONPathEvaluator {
    private let nodes: [JSONPathNode]
    private let allowMissingKeys: Bool
    private var beginRange = 0
    private var inRange = 0
    private var endRange = 0
    /// The index of the `{end}` that closed the innermost range.
    private var lastEnd: Int?

    /// An error message, and what the failing step returned (filters test it for `exists`).
    struct Failure: Error {
        var reason: String
        var partial: [JSONValue] = []
    }

    init(nodes: [JSONPathNode], allowMissingKeys: Bool) {
        self.nodes = nodes
        self.allowMissingKeys = allowMissingKeys
    }

    /// The results of each top-level node, each list printed as one piece of output.
    mutating func findResults(_ data: JSONValue, from first: Int = 0) throws(Failure) -> [[JSONValue]] {
        var output: [[JSONValue]] = []
        var index = first
        while index < nodes.count {
            let results = try walk([data], nodes[index])
            if endRange > 0, endRange <= inRange {
                endRange -= 1
                lastEnd = index
                break
            }
            if beginRange > 0 {
                beginRange -= 1
                inRange += 1
                if results.isEmpty {
                    // Run the body once on nothing, only to find where its `end` is.
                    _ = try findResults(.null, from: index + 1)
                } else {
                    for value in results { output += try findResults(value, from: index + 1) }
                }
                inRange -= 1
                if let lastEnd, lastEnd > index { index = lastEnd }
                index += 1
                continue
            }
            output.append(results)
            index += 1
        }
        return output
    }

    // MARK: - Steps

    private mutating func walk(_ input: [JSONValue], _ node: JSONPathNode) throws(Failure) -> [JSONValue] {
        switch node {
        case .list(let steps): return try evaluate(input, steps)
        case .text(let text): return [.string(text)]
        case .field(let name): return try field(input, name)
        case .slice(let bounds): return try slice(input, bounds)
        case .filter(let left, let right, let op): return try filter(input, left: left, right: right, operator: op)
        case .int(let number): return input.map { _ in .int(number) }
        case .float(let number): return input.map { _ in .double(number) }
        case .bool(let flag): return input.map { _ in .bool(flag) }
        case .wildcard: return input.flatMap(Self.children)
        case .recursive: return Self.descendants(input)
        case .union(let operands):
            var results: [JSONValue] = []
            for operand in operands {
                do throws(Failure) {
                    results += try evaluate(input, operand)
                } catch {
                    throw Failure(reason: error.reason, partial: input)
                }
            }
            return results
        case .identifier(let name): return try identifier(input, name)
        }
    }

    private mutating func evaluate(_ input: [JSONValue], _ steps: [JSONPathNode]) throws(Failure) -> [JSONValue] {
        var current = input
        for step in steps { current = try walk(current, step) }
        return current
    }

    private mutating func identifier(_ input: [JSONValue], _ name: String) throws(Failure) -> [JSONValue] {
        switch name {
        case "range":
            beginRange += 1
            return input
        case "end":
            guard inRange > 0 else { throw Failure(reason: "not in range, nothing to end") }
            endRange += 1
            return []
        default:
            throw Failure(reason: "unrecognized identifier \(name)", partial: input)
        }
    }

    private func field(_ input: [JSONValue], _ name: String) throws(Failure) -> [JSONValue] {
        let results = input.compactMap { $0.objectValue?[name] }
        if results.isEmpty, !input.isEmpty, !allowMissingKeys { throw Failure(reason: "\(name) is not found") }
        return results
    }

    private func slice(_ input: [JSONValue], _ bounds: JSONPathNode.SliceBounds) throws(Failure) -> [JSONValue] {
        var results: [JSONValue] = []
        for value in input where value != .null {
            guard case .array(let items) = value else {
                throw Failure(reason: "\(Self.goTypeName(value)) is not array or slice", partial: input)
            }
            let length = items.count
            var start = bounds.start ?? 0
            if start < 0 { start += length }
            var end = bounds.end ?? length
            if end < 0 || (end == 0 && bounds.endIsDerived) { end += length }
            // Asking for no elements is allowed, and ends the whole step.
            guard end != start else { return results }
            if start >= length || start < 0 {
                throw Failure(reason: "array index out of bounds: index \(start), length \(length)", partial: input)
            }
            if end > length || end < 0 {
                throw Failure(reason: "array index out of bounds: index \(end - 1), length \(length)", partial: input)
            }
            if start > end {
                throw Failure(reason: "starting index \(start) is greater than ending index \(end)", partial: input)
            }
            var step = 1
            if let wanted = bounds.step {
                guard wanted > 0 else { throw Failure(reason: "step must be > 0", partial: input) }
                step = wanted
            }
            results += stride(from: start, to: end, by: step).map { items[$0] }
        }
        return results
    }

    private mutating func filter(
        _ input: [JSONValue], left: [JSONPathNode], right: [JSONPathNode], operator op: String
    ) throws(Failure) -> [JSONValue] {
        var results: [JSONValue] = []
        for value in input {
            guard case .array(let items) = value else {
                throw Failure(
                    reason: "\(GoFormat.value(value)) is not array or slice and cannot be filtered", partial: input)
            }
            for item in items {
                if op == "exists" {
                    let lefts: [JSONValue]
                    do throws(Failure) {
                        lefts = try evaluate([item], left)
                    } catch {
                        lefts = error.partial
                    }
                    if !lefts.isEmpty { results.append(item) }
                    continue
                }
                let lefts = try operand([item], left, input: input)
                guard let leftValue = lefts.first else { continue }
                let rights = try operand([item], right, input: input)
                guard let rightValue = rights.first else { continue }
                let passes: Bool
                do throws(Failure) {
                    passes = try Self.compare(leftValue, op, rightValue)
                } catch {
                    throw Failure(reason: error.reason, partial: results)
                }
                if passes { results.append(item) }
            }
        }
        return results
    }

    /// One side of a comparison: at most one value.
    private mutating func operand(
        _ item: [JSONValue], _ steps: [JSONPathNode], input: [JSONValue]
    ) throws(Failure) -> [JSONValue] {
        let values: [JSONValue]
        do throws(Failure) {
            values = try evaluate(item, steps)
        } catch {
            throw Failure(reason: error.reason, partial: input)
        }
        if values.count > 1 { throw Failure(reason: "can only compare one element at a time", partial: input) }
        return values
    }

    // MARK: - Values

    /// The values a wildcard yields: an object's values, an array's items, a string's bytes.
    private static func children(_ value: JSONValue) -> [JSONValue] {
        switch value {
        case .object(let fields): fields.keys.sorted().map { fields[$0]! }
        case .array(let items): items
        case .string(let text): text.utf8.map { .int(Int64($0)) }
        default: []
        }
    }

    /// Each value with children, followed by its descendants, depth first.
    private static func descendants(_ input: [JSONValue]) -> [JSONValue] {
        var results: [JSONValue] = []
        for value in input {
            let children = children(value)
            guard !children.isEmpty else { continue }
            results.append(value)
            results += descendants(children)
        }
        return results
    }

    /// The Go type a decoded JSON value has, as `%v` of a `reflect.Type` names it.
    private static func goTypeName(_ value: JSONValue) -> String {
        switch value {
        case .object: "map[string]interface {}"
        case .array: "[]interface {}"
        case .string: "string"
        case .int: "int64"
        case .double: "float64"
        case .bool: "bool"
        case .null: "interface {}"
        }
    }

    private enum Kind {
        case bool, int, float, string
    }

    private static func kind(_ value: JSONValue) throws(Failure) -> Kind {
        switch value {
        case .bool: .bool
        case .int: .int
        case .double: .float
        case .string: .string
        default: throw Failure(reason: "invalid type for comparison")
        }
    }

    /// `text/template`'s comparison functions, on which the filter operators are built.
    private static func compare(_ left: JSONValue, _ op: String, _ right: JSONValue) throws(Failure) -> Bool {
        func equal() throws(Failure) -> Bool {
            guard try kind(left) == kind(right) else { throw Failure(reason: "incompatible types for comparison") }
            return left == right
        }
        func less() throws(Failure) -> Bool {
            let leftKind = try kind(left)
            guard leftKind == (try kind(right)) else { throw Failure(reason: "incompatible types for comparison") }
            switch (left, right) {
            case (.int(let a), .int(let b)): return a < b
            case (.double(let a), .double(let b)): return a < b
            case (.string(let a), .string(let b)): return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
            default: throw Failure(reason: "invalid type for comparison")
            }
        }
        switch op {
        case "==": return try equal()
        case "!=": return !(try equal())
        case "<": return try less()
        case "<=":
            if try less() { return true }
            return try equal()
        case ">":
            if try less() { return false }
            return !(try equal())
        case ">=": return !(try less())
        default: throw Failure(reason: "unrecognized filter operator \(op)")
        }
    }
}
