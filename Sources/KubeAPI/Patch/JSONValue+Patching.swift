extension JSONValue {
    /// The value as Go's `fmt` `%v` prints a decoded JSON value (`map[a:1 b:[x y]]`, `<nil>`).
    ///
    /// Strategic merge patch orders list items and merge keys by this text, and its errors quote values with it.
    /// Doubles are written as JSON writes them, where `%v` writes large integral ones with an exponent (`1e+06`).
    var goFormatted: String {
        switch self {
        case .null: "<nil>"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double: jsonString()
        case .string(let text): text
        case .array(let items): "[" + items.map(\.goFormatted).joined(separator: " ") + "]"
        case .object(let fields):
            "map[" + fields.keys.sorted().map { "\($0):\(fields[$0]!.goFormatted)" }.joined(separator: " ") + "]"
        }
    }

    /// The Go type `encoding/json` decodes the value to, as `reflect.TypeOf` names it.
    var goTypeName: String {
        switch self {
        case .null: "<nil>"
        case .bool: "bool"
        case .int: "int64"
        case .double: "float64"
        case .string: "string"
        case .array: "[]interface {}"
        case .object: "map[string]interface {}"
        }
    }

    /// Whether two values decode to the same Go type (numbers: integers as int64, others as float64), the test
    /// strategic merge patch makes before merging or diffing two values.
    func hasSameGoType(as other: JSONValue) -> Bool { goTypeName == other.goTypeName }

    /// The value without null members in any object at any depth (null items of arrays stay): how JSON merge
    /// patch and strategic merge patch insert a value the document did not have.
    var removingNullMembers: JSONValue {
        switch self {
        case .object(let fields): .object(fields.filter { $0.value != .null }.mapValues(\.removingNullMembers))
        case .array(let items): .array(items.map(\.removingNullMembers))
        default: self
        }
    }
}

extension String {
    /// Go's string order: bytewise on UTF-8, where Swift's `<` compares Unicode scalars' canonical forms.
    func goPrecedes(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }
}
