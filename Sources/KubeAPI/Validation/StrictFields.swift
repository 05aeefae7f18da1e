import Foundation

/// The fields of an object that its kind does not have, as kube-apiserver's strict decoding names them
/// (`fieldValidation=Strict` refuses them, `Warn` reports them): `spec.replica`,
/// `spec.template.spec.containers[0].imagee`, and the object without them, as kube-apiserver's decoding into the
/// Go types drops them whatever the validation level. Built-in kinds are checked against the Kubernetes 1.32 API
/// types; custom resources against their structural schema (``StructuralSchema``).
public enum StrictFields {
    /// The unknown fields' paths, in document order; patch directives (`$patch`, `$setElementOrder/...`) are
    /// not fields. Empty for kinds without a schema.
    public static func unknownFields(in object: JSONValue, type: ResourceType) -> [String] {
        guard let message = message(of: type) else { return [] }
        var unknown: [String] = []
        _ = walk(object, message: message, path: "", into: &unknown)
        return unknown
    }

    /// The object without the fields its built-in kind does not have; unchanged for kinds without a schema.
    public static func pruned(_ object: JSONValue, type: ResourceType) -> JSONValue {
        guard let message = message(of: type) else { return object }
        var unknown: [String] = []
        return walk(object, message: message, path: "", into: &unknown)
    }

    /// A merge patch without its deletions (`"field": null`): removing a field the kind does not have is no
    /// unknown field, as the patched object kube-apiserver decodes shows.
    public static func withoutDeletions(_ patch: JSONValue) -> JSONValue {
        guard case .object(let fields) = patch else { return patch }
        return .object(fields.filter { $0.value != .null }.mapValues(withoutDeletions))
    }

    private static func message(of type: ResourceType) -> String? {
        guard let message = KubernetesSchema.messageName(group: type.group, version: type.version, kind: type.kind),
            KubernetesSchema.shared.messages[message] != nil
        else { return nil }
        return message
    }

    /// kube-apiserver's message for a create or update body with unknown or repeated fields.
    public static func decodingError(
        _ fields: [String], duplicates: [String] = [], type: ResourceType, patch: Bool
    ) -> StatusError {
        let problems = duplicates.map { "duplicate field \"\($0)\"" } + fields.map { "unknown field \"\($0)\"" }
        let detail = "strict decoding error: " + problems.joined(separator: ", ")
        if patch { return .badRequest(detail) }
        return .badRequest("\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): \(detail)")
    }

    /// The value without unknown fields, whose paths go to `unknown`; patch directives are kept.
    private static func walk(_ value: JSONValue, message name: String, path: String, into unknown: inout [String]) -> JSONValue {
        let schema = KubernetesSchema.shared
        guard !KubernetesSchema.opaqueTypes.contains(name), schema.messages[name] != nil,
            case .object(let fields) = value
        else { return value }
        var kept: [String: JSONValue] = [:]
        for (key, child) in fields.sorted(by: { $0.key < $1.key }) {
            if (path.isEmpty && (key == "apiVersion" || key == "kind")) || key.hasPrefix("$") {
                kept[key] = child
                continue
            }
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = schema.resolve(key, in: name)?.field else {
                unknown.append(fieldPath)
                continue
            }
            guard field.isMessage else {
                kept[key] = child
                continue
            }
            if let entry = schema.messages[field.typeName], entry.isMapEntry {
                if let valueField = entry.fields[2], valueField.isMessage, case .object(let map) = child {
                    var items: [String: JSONValue] = [:]
                    for (mapKey, item) in map.sorted(by: { $0.key < $1.key }) {
                        items[mapKey] = walk(item, message: valueField.typeName, path: "\(fieldPath).\(mapKey)", into: &unknown)
                    }
                    kept[key] = .object(items)
                } else {
                    kept[key] = child
                }
            } else if field.repeated, case .array(let items) = child {
                kept[key] = .array(items.enumerated().map { index, item in
                    walk(item, message: field.typeName, path: "\(fieldPath)[\(index)]", into: &unknown)
                })
            } else {
                kept[key] = walk(child, message: field.typeName, path: fieldPath, into: &unknown)
            }
        }
        return .object(kept)
    }
}
