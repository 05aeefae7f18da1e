/// A JSON document: how the API server holds Kubernetes objects, whatever their kind.
///
/// Objects are unordered, as in Go's `map[string]interface{}`: every serialization sorts keys, so stored values,
/// `last-applied-configuration` annotations and printed YAML are deterministic and match kubectl's.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// An empty object.
    public static let emptyObject = JSONValue.object([:])

    // MARK: - Reading

    public var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { fields } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    public var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { flag } else { nil }
    }

    /// The value as an integer: an int, or a double with no fractional part.
    public var intValue: Int64? {
        switch self {
        case .int(let number): number
        case .double(let number) where number == number.rounded() && abs(number) < 9e15: Int64(number)
        default: nil
        }
    }

    public var isNull: Bool { self == .null }

    /// The field `key` of an object; nil for a missing field or a non-object.
    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
        set {
            var fields = objectValue ?? [:]
            fields[key] = newValue
            self = .object(fields)
        }
    }

    /// The value at a path of object keys; nil where any step is missing.
    public subscript(path: [String]) -> JSONValue? {
        get {
            var current: JSONValue? = self
            for key in path { current = current?[key] }
            return current
        }
        set {
            guard let first = path.first else {
                self = newValue ?? .null
                return
            }
            if path.count == 1 {
                self[first] = newValue
                return
            }
            var child = self[first] ?? .emptyObject
            child[Array(path.dropFirst())] = newValue
            self[first] = child
        }
    }

    /// A short name for the JSON type, as Go's decoder names it in errors ("string", "object", ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// Literals build values; `null` is spelled `.null`, so that `nil` always means a missing field.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(floatLiteral value: Double) { self = .double(value) }
}
