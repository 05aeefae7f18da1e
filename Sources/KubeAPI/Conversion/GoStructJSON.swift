/// JSON written with object keys in the order of Go struct fields, as `encoding/json` marshals a struct: what the
/// annotations of a conversion hold (kube-apiserver writes them with `json.Marshal` of typed values).
enum GoStructJSON {
    /// `value` as compact JSON, each object's keys ordered by their place in `fieldOrder` (keys not listed last,
    /// sorted), scalars escaped as `JSONValue.jsonString()` escapes them.
    static func string(_ value: JSONValue, fieldOrder: [String]) -> String {
        let rank = Dictionary(fieldOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var output = ""
        write(value, rank: rank, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, rank: [String: Int], to output: inout String) {
        switch value {
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, rank: rank, to: &output)
            }
            output += "]"
        case .object(let fields):
            let keys = fields.keys.sorted { a, b in
                let (x, y) = (rank[a] ?? Int.max, rank[b] ?? Int.max)
                return x != y ? x < y : a < b
            }
            output += "{"
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                output += JSONValue.string(key).jsonString() + ":"
                write(fields[key]!, rank: rank, to: &output)
            }
            output += "}"
        default:
            output += value.jsonString()
        }
    }
}
