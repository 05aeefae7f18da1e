import Foundation

extension JSONValue {
    /// Compact JSON with sorted keys, escaped as Go's `encoding/json` does (HTML characters as `\u003c` and
    /// the like), so documents this server writes match those kube-apiserver and kubectl write.
    public func jsonString() -> String {
        var output = ""
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// JSON with sorted keys and `indent` spaces per level, as `kubectl get -o json` prints (4 spaces).
    public func prettyJSONString(indent: Int = 4) -> String {
        var output = ""
        write(to: &output, indent: indent, level: 0)
        return output
    }

    public func jsonData() -> Data { Data(jsonString().utf8) }

    private func write(to output: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += Self.format(number)
        case .string(let text): Self.writeString(text, to: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                Self.newline(&output, indent: indent, level: level + 1)
                item.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent: indent, level: level)
            output += "]"
        case .object(let fields):
            guard !fields.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                Self.newline(&output, indent: indent, level: level + 1)
                Self.writeString(key, to: &output)
                output += indent == nil ? ":" : ": "
                fields[key]!.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent: indent, level: level)
            output += "}"
        }
    }

    private static func newline(_ output: inout String, indent: Int?, level: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: " ", count: indent * level)
    }

    /// A double as Go formats a float64 in JSON: integral values without a fraction, others shortest.
    private static func format(_ number: Double) -> String {
        if number == number.rounded() && abs(number) < 1e21 { return String(format: "%.0f", number) }
        return "\(number)"
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += String(format: "\\u%04x", scalar.value)
            case let control where control.value < 0x20:
                output += String(format: "\\u%04x", control.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
