import Foundation

extension JSONValue {
    /// Compact JSON with sorted keys, escaped as Go's `encoding/json` does (HTML characters as `\u003c` and
    /// the like), so documents this server writes match those kube-apiserver and kubectl write.
    public func jsonString() -> String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// JSON with sorted keys and `indent` spaces per level, as `kubectl get -o json` prints (4 spaces).
    public func prettyJSONString(indent: Int = 4) -> String {
        var output: [UInt8] = []
        write(to: &output, indent: indent, level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    public func jsonData() -> Data { Data(jsonBytes()) }

    /// Compact JSON as UTF-8 bytes (what `jsonString()` spells), written without an intermediate string.
    public func jsonBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// Appends the compact JSON of this value to `output`.
    public func appendJSON(to output: inout [UInt8]) {
        write(to: &output, indent: nil, level: 0)
    }

    private func write(to output: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): output.append(contentsOf: String(number).utf8)
        case .double(let number): output.append(contentsOf: Self.format(number).utf8)
        case .string(let text): JSONStringEscaping.append(text, to: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent: indent, level: level + 1)
                item.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent: indent, level: level)
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            guard !fields.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent: indent, level: level + 1)
                JSONStringEscaping.append(field.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                field.value.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent: indent, level: level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], indent: Int?, level: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    /// A double as Go formats a float64 in JSON: integral values without a fraction, others shortest.
    private static func format(_ number: Double) -> String {
        if number == number.rounded() && abs(number) < 1e21 { return String(format: "%.0f", number) }
        return "\(number)"
    }
}
