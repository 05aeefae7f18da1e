import KubeAPI

/// The `$ref`s of a schema or document, and the closure of named schemas they reach.
enum SchemaReferences {
    /// The names a value refers to with `$ref: <prefix><name>`, in document order.
    static func names(in value: JSONValue, prefix: String) -> [String] {
        var found: [String] = []
        collect(value, prefix: prefix, into: &found)
        return found
    }

    /// `roots` and every named schema they reach through `$ref`s, looked up in `schemas`.
    static func closure(of roots: [String], in schemas: [String: JSONValue], prefix: String) -> Set<String> {
        var reached = Set<String>()
        var pending = roots
        while let name = pending.popLast() {
            guard reached.insert(name).inserted, let schema = schemas[name] else { continue }
            pending += names(in: schema, prefix: prefix)
        }
        return reached.filter { schemas[$0] != nil }
    }

    private static func collect(_ value: JSONValue, prefix: String, into found: inout [String]) {
        switch value {
        case .object(let fields):
            if let reference = fields["$ref"]?.stringValue, reference.hasPrefix(prefix) {
                found.append(String(reference.dropFirst(prefix.count)))
            }
            for key in fields.keys.sorted() { collect(fields[key]!, prefix: prefix, into: &found) }
        case .array(let items):
            for item in items { collect(item, prefix: prefix, into: &found) }
        default:
            break
        }
    }
}
