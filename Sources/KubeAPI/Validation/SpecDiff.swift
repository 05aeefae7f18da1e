/// Comparing specs as apimachinery's `Semantic.DeepEqual` does (null and empty lists equal to absent), and
/// describing a difference in the shape of the `cmp.Diff` kube-apiserver appends to some Forbidden errors.
enum SpecDiff {
    static func normalized(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .array(let items)?:
            return items.isEmpty ? nil : .array(items.map { normalized($0) ?? .null })
        case .object(let fields)?:
            return .object(fields.compactMapValues(normalized))
        case let other?:
            return other
        }
    }

    static func equal(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        normalized(lhs) == normalized(rhs)
    }

    /// The changed top-level fields, old then new, as `- \tField: value,` lines inside `type{ ... }`.
    static func describe(old: JSONValue, new: JSONValue, type: String) -> String {
        let keys = Set((old.objectValue ?? [:]).keys).union((new.objectValue ?? [:]).keys).sorted()
        var lines = ["  \(type){"]
        for key in keys where !equal(old[key], new[key]) {
            let field = key.prefix(1).uppercased() + key.dropFirst()
            lines.append("- \t\(field): \(normalized(old[key])?.jsonString() ?? "nil"),")
            lines.append("+ \t\(field): \(normalized(new[key])?.jsonString() ?? "nil"),")
        }
        lines.append("  }")
        return lines.joined(separator: "\n")
    }
}
