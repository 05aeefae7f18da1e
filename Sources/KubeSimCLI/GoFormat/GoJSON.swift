import Foundation

/// A JSON value written the way Go's `encoding/json` writes etcd's structs: members in declaration order,
/// bytes as base64, 64-bit integers as plain numbers, and Go's HTML-safe string escapes.
public indirect enum GoJSON {
    case object([(String, GoJSON)])
    case array([GoJSON])
    case string(String)
    /// A `[]byte`: a base64 string.
    case bytes(Data)
    case int(Int64)
    case uint(UInt64)
    case bool(Bool)
    case null

    /// The compact encoding, as `json.Marshal` returns it.
    public var encoded: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The encoding `json.MarshalIndent(v, "", indent)` returns: one member or element a line.
    public func indented(_ indent: String = "  ") -> String {
        var out = ""
        writeIndented(to: &out, indent: indent, level: 0)
        return out
    }

    private func writeIndented(to out: inout String, indent: String, level: Int) {
        let inner = String(repeating: indent, count: level + 1)
        let closing = String(repeating: indent, count: level)
        switch self {
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (index, (name, value)) in members.enumerated() {
                out += inner
                Self.writeString(name, to: &out)
                out += ": "
                value.writeIndented(to: &out, indent: indent, level: level + 1)
                out += index < members.count - 1 ? ",\n" : "\n"
            }
            out += closing + "}"
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += inner
                element.writeIndented(to: &out, indent: indent, level: level + 1)
                out += index < elements.count - 1 ? ",\n" : "\n"
            }
            out += closing + "]"
        default:
            write(to: &out)
        }
    }

    private func write(to out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, (name, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(name, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .string(let text): Self.writeString(text, to: &out)
        case .bytes(let data): Self.writeString(data.base64EncodedString(), to: &out)
        case .int(let value): out += String(value)
        case .uint(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// Go 1.19's string encoding: `\"`, `\\`, `\n`, `\r`, `\t`; `\u00XX` for other control characters and
    /// for `<`, `>`, `&`; `\u2028` and `\u2029`.
    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            case _ where scalar.value < 0x20:
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// The members of a JSON object, with Go's `omitempty` rule at hand.
public struct GoJSONFields {
    public private(set) var members: [(String, GoJSON)] = []

    public init() {}

    public mutating func add(_ name: String, _ value: GoJSON) { members.append((name, value)) }

    /// Adds a number unless it is zero (`omitempty`).
    public mutating func omitEmpty(_ name: String, _ value: Int64) { if value != 0 { add(name, .int(value)) } }
    public mutating func omitEmpty(_ name: String, _ value: UInt64) { if value != 0 { add(name, .uint(value)) } }
    /// Adds a flag unless it is false (`omitempty`).
    public mutating func omitEmpty(_ name: String, _ value: Bool) { if value { add(name, .bool(true)) } }
    /// Adds bytes unless they are empty (`omitempty`).
    public mutating func omitEmpty(_ name: String, _ value: Data) { if !value.isEmpty { add(name, .bytes(value)) } }
    /// Adds a string unless it is empty (`omitempty`).
    public mutating func omitEmpty(_ name: String, _ value: String) { if !value.isEmpty { add(name, .string(value)) } }
    /// Adds an array unless it is empty (`omitempty`).
    public mutating func omitEmpty(_ name: String, _ values: [GoJSON]) {
        if !values.isEmpty { add(name, .array(values)) }
    }

    public var object: GoJSON { .object(members) }
}
