import KubeAPI

/// Which keys of two registry dumps differ, and in which fields: one summary line per key, e.g.
/// `changed /registry/deployments/default/web: value.spec.replicas`.
enum DumpComparison {
    static func summary(expected: [String: JSONValue], actual: [String: JSONValue]) -> [String] {
        Set(expected.keys).union(actual.keys).sorted().compactMap { key in
            switch (expected[key], actual[key]) {
            case (nil, _): return "added \(key)"
            case (_, nil): return "removed \(key)"
            case (let old?, let new?) where old != new:
                return "changed \(key): " + fields(old, new, path: "").joined(separator: ", ")
            default: return nil
            }
        }
    }

    /// The paths of the fields that differ.
    private static func fields(_ old: JSONValue, _ new: JSONValue, path: String) -> [String] {
        guard old != new else { return [] }
        if let a = old.objectValue, let b = new.objectValue {
            return Set(a.keys).union(b.keys).sorted().flatMap { name in
                fields(a[name] ?? .null, b[name] ?? .null, path: path.isEmpty ? name : "\(path).\(name)")
            }
        }
        if let a = old.arrayValue, let b = new.arrayValue, a.count == b.count {
            return a.indices.flatMap { fields(a[$0], b[$0], path: "\(path)[\($0)]") }
        }
        return [path]
    }
}
