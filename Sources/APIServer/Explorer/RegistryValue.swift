import Foundation
import KubeAPI

/// How the registry views (`kubesim registry`, the explorer page) read a stored value: a JSON object or array, or a Kubernetes protobuf object, else
/// UTF-8 text, else bytes.
public enum RegistryValue {
    /// The value as YAML when it is JSON, as itself when it is text, else as hex.
    public static func text(_ value: Data) -> String {
        if let json = json(value) { return json.yamlString() }
        if let text = String(data: value, encoding: .utf8), !text.unicodeScalars.contains(where: isControl) {
            return text.hasSuffix("\n") || text.isEmpty ? text : text + "\n"
        }
        return value.map { String(format: "%02x", $0) }.joined() + "\n"
    }

    /// The value's fields as `path: value` pairs in document order (`spec.replicas`, `containers[0].image`);
    /// a value that is not JSON is the one field `value`.
    public static func fields(_ value: Data) -> [(path: String, value: String)] {
        guard let json = json(value) else {
            return [("value", text(value).trimmingCharacters(in: .newlines))]
        }
        var fields: [(path: String, value: String)] = []
        flatten(json, path: "", into: &fields)
        return fields
    }

    /// The field-level diff from `old` to `new`: `- path: old` / `+ path: new` for changed and removed fields,
    /// then `+ path: new` for added ones.
    public static func diff(from old: Data?, to new: Data) -> [String] {
        let before = old.map(fields) ?? []
        let after = fields(new)
        let afterByPath = Dictionary(after.map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
        let beforePaths = Set(before.map(\.path))
        var lines: [String] = []
        for field in before where afterByPath[field.path] != field.value {
            lines.append("- \(field.path): \(field.value)")
            if let value = afterByPath[field.path] { lines.append("+ \(field.path): \(value)") }
        }
        for field in after where !beforePaths.contains(field.path) {
            lines.append("+ \(field.path): \(field.value)")
        }
        return lines
    }

    /// The value as JSON: a JSON document, or the object a Kubernetes protobuf value holds (as `auger decode` reads it).
    public static func json(_ value: Data) -> JSONValue? {
        guard let json = try? StorageMediaType.decode(value), json.objectValue != nil || json.arrayValue != nil else {
            return nil
        }
        return json
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" || scalar.value == 0x7f
    }

    private static func flatten(_ json: JSONValue, path: String, into fields: inout [(path: String, value: String)]) {
        switch json {
        case .object(let members) where !members.isEmpty:
            for key in members.keys.sorted() {
                flatten(members[key]!, path: path.isEmpty ? key : "\(path).\(key)", into: &fields)
            }
        case .array(let items) where !items.isEmpty:
            for (index, item) in items.enumerated() { flatten(item, path: "\(path)[\(index)]", into: &fields) }
        default:
            fields.append((path, json.jsonString()))
        }
    }
}
