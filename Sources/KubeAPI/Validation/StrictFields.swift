import Foundation

/// The fields of an object that its kind does not have, as kube-apiserver's strict decoding names them
/// (`fieldValidation=Strict` refuses them, `Warn` reports them): `spec.replica`,
/// `spec.template.spec.containers[0].imagee`. Built-in kinds are checked against the Kubernetes 1.32 API
/// types; custom resources are not checked.
public enum StrictFields {
    /// The unknown fields' paths, in document order; patch directives (`$patch`, `$setElementOrder/...`) are
    /// not fields. Empty for kinds without a schema.
    public static func unknownFields(in object: JSONValue, type: ResourceType) -> [String] {
        guard let message = KubernetesSchema.messageName(group: type.group, version: type.version, kind: type.kind),
            KubernetesSchema.shared.messages[message] != nil
        else { return [] }
        var unknown: [String] = []
        walk(object, message: message, path: "", into: &unknown)
        return unknown
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

    private static func walk(_ value: JSONValue, message name: String, path: String, into unknown: inout [String]) {
        let schema = KubernetesSchema.shared
        guard !KubernetesSchema.opaqueTypes.contains(name), schema.messages[name] != nil,
            case .object(let fields) = value
        else { return }
        for (key, child) in fields.sorted(by: { $0.key < $1.key }) {
            if path.isEmpty && (key == "apiVersion" || key == "kind") { continue }
            if key.hasPrefix("$") { continue }
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = schema.resolve(key, in: name)?.field else {
                unknown.append(fieldPath)
                continue
            }
            guard field.isMessage else { continue }
            if let entry = schema.messages[field.typeName], entry.isMapEntry {
                if let valueField = entry.fields[2], valueField.isMessage, case .object(let map) = child {
                    for (mapKey, item) in map.sorted(by: { $0.key < $1.key }) {
                        walk(item, message: valueField.typeName, path: "\(fieldPath).\(mapKey)", into: &unknown)
                    }
                }
            } else if field.repeated, case .array(let items) = child {
                for (index, item) in items.enumerated() {
                    walk(item, message: field.typeName, path: "\(fieldPath)[\(index)]", into: &unknown)
                }
            } else {
                walk(child, message: field.typeName, path: fieldPath, into: &unknown)
            }
        }
    }
}
