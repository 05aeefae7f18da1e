/// A custom resource version's `openAPIV3Schema` as kube-apiserver applies it while decoding (apiextensions-
/// apiserver's structural schema): fields the schema does not specify are pruned (unless under
/// `x-kubernetes-preserve-unknown-fields`), `default`s fill what is missing, and ``validate(_:)`` checks the rest.
public struct StructuralSchema: Sendable {
    let root: JSONValue

    /// The schema of the definition's version that `type` serves; nil when the version has none.
    public init?(definition: JSONValue, version: String) {
        guard let versions = definition["spec"]?["versions"]?.arrayValue,
            let served = versions.first(where: { $0["name"]?.stringValue == version }),
            let schema = served["schema"]?["openAPIV3Schema"], schema.objectValue != nil
        else { return nil }
        root = schema
    }

    /// The object without the fields its schema does not specify, and their paths (for `fieldValidation`);
    /// `apiVersion`, `kind` and `metadata` stay at the root and in embedded resources.
    public func pruned(_ object: JSONValue) -> (object: JSONValue, unknown: [String]) {
        var unknown: [String] = []
        let result = Self.prune(object, schema: root, path: "", isRoot: true, unknown: &unknown)
        return (result, unknown)
    }

    /// The object with every missing field that has a `default` set to it, depth first; nulls of fields that are
    /// not `nullable` are dropped first.
    public func defaulted(_ object: JSONValue) -> JSONValue {
        Self.applyDefaults(object, schema: root)
    }

    private static func prune(_ value: JSONValue, schema: JSONValue, path: String, isRoot: Bool, unknown: inout [String]) -> JSONValue {
        if schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true, schema["properties"] == nil,
            schema["additionalProperties"] == nil, schema["items"] == nil {
            return value
        }
        switch value {
        case .object(let fields):
            let properties = schema["properties"]?.objectValue
            let additional = schema["additionalProperties"]
            let keepsUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
            let embedded = isRoot || schema["x-kubernetes-embedded-resource"]?.boolValue == true
            var kept: [String: JSONValue] = [:]
            for key in fields.keys.sorted() {
                let child = fields[key]!
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if ["apiVersion", "kind", "metadata"].contains(key) && (isRoot || (embedded && properties?[key] == nil)) {
                    // The object's own type and metadata are the API server's, whatever the schema says of them.
                    kept[key] = child
                } else if let property = properties?[key] {
                    kept[key] = prune(child, schema: property, path: childPath, isRoot: false, unknown: &unknown)
                } else if let additional, additional.objectValue != nil {
                    kept[key] = prune(child, schema: additional, path: childPath, isRoot: false, unknown: &unknown)
                } else if additional?.boolValue == true || keepsUnknown {
                    kept[key] = child
                } else {
                    unknown.append(childPath)
                }
            }
            return .object(kept)
        case .array(let items):
            guard let itemSchema = schema["items"] else { return value }
            return .array(items.enumerated().map { index, item in
                prune(item, schema: itemSchema, path: "\(path)[\(index)]", isRoot: false, unknown: &unknown)
            })
        default:
            return value
        }
    }

    private static func applyDefaults(_ value: JSONValue, schema: JSONValue) -> JSONValue {
        switch value {
        case .object(var fields):
            if let properties = schema["properties"]?.objectValue {
                for name in properties.keys.sorted() {
                    // A null for a field that is not nullable is dropped before defaulting, as kube-apiserver does.
                    if fields[name] == .null, properties[name]?["nullable"]?.boolValue != true { fields[name] = nil }
                    if fields[name] == nil, let fallback = properties[name]?["default"] { fields[name] = fallback }
                    if let child = fields[name], let property = properties[name] {
                        fields[name] = applyDefaults(child, schema: property)
                    }
                }
            } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                fields = fields.mapValues { applyDefaults($0, schema: additional) }
            }
            return .object(fields)
        case .array(let items):
            guard let itemSchema = schema["items"] else { return value }
            return .array(items.map { applyDefaults($0, schema: itemSchema) })
        default:
            return value
        }
    }
}
