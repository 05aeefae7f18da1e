import SwiftProtobuf

/// Where a built-in object's JSON does not fit the Go type kube-apiserver decodes it into, with encoding/json's
/// message: `json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort
/// of type int32`. The Go types are read from the Kubernetes 1.32 protobuf descriptors; fields with their own
/// JSON decoding (quantities, int-or-strings, times, raw JSON) are not checked.
public enum GoJSONTypes {
    /// encoding/json's message for the first value, in key order, that its Go field cannot hold; nil when all fit.
    public static func mismatch(in object: JSONValue, type: ResourceType) -> String? {
        guard let message = KubernetesSchema.messageName(group: type.group, version: type.version, kind: type.kind),
            KubernetesSchema.shared.messages[message] != nil
        else { return nil }
        // Most objects fit: a first look in any order, naming nothing, tells whether one value does not; only then
        // are keys ordered to find the first and name it.
        guard check(object, message: message, path: "", naming: false) != nil else { return nil }
        return check(object, message: message, path: "", naming: true)
    }

    /// The first misfit of an object of message `name`; with `naming`, in key order and with its message, else
    /// in any order as an empty message.
    private static func check(_ value: JSONValue, message name: String, path: String, naming: Bool) -> String? {
        guard !KubernetesSchema.opaqueTypes.contains(name), case .object(let fields) = value else { return nil }
        return first(in: fields, ordered: naming) { key, child in check(key, child, in: name, path: path, naming: naming) }
    }

    /// The first non-nil `body` result over `members`, in key order when `ordered`, else in the dictionary's order.
    private static func first(
        in members: [String: JSONValue], ordered: Bool, _ body: (String, JSONValue) -> String?
    ) -> String? {
        if ordered {
            for key in members.keys.sorted() { if let found = body(key, members[key]!) { return found } }
        } else {
            for (key, member) in members { if let found = body(key, member) { return found } }
        }
        return nil
    }

    /// The first misfit in field `key` of message `name`, as ``check(_:message:path:naming:)`` reports it.
    private static func check(_ key: String, _ child: JSONValue, in name: String, path: String, naming: Bool) -> String? {
        guard !key.hasPrefix("$"), child != .null, let (field, declaredIn) = KubernetesSchema.shared.resolve(key, in: name) else {
            return nil
        }
        let fieldPath = naming ? (path.isEmpty ? key : "\(path).\(key)") : ""
        func failure(_ found: JSONValue, goType: @autoclosure () -> String) -> String {
            guard naming else { return "" }
            let owner = String(declaredIn.split(separator: ".").last ?? "")
            let goType = goType()
            let value = describe(found, intoInteger: goType == "int32" || goType == "int64")
            return "json: cannot unmarshal \(value) into Go struct field \(owner).\(fieldPath) of type \(goType)"
        }
        if field.isMessage, let entry = KubernetesSchema.shared.messages[field.typeName], entry.isMapEntry {
            guard case .object(let map) = child else { return failure(child, goType: goType(of: field)) }
            guard let valueField = entry.fields[2] else { return nil }
            return first(in: map, ordered: naming) { mapKey, item in
                guard item != .null else { return nil }
                if valueField.isMessage {
                    let itemPath = naming ? "\(fieldPath).\(mapKey)" : ""
                    return check(item, message: valueField.typeName, path: itemPath, naming: naming)
                }
                return fits(item, valueField) ? nil : failure(item, goType: elementType(of: valueField))
            }
        } else if field.repeated && !(field.type == .bytes) {
            guard case .array(let items) = child else { return failure(child, goType: goType(of: field)) }
            for item in items where item != .null {
                if field.isMessage {
                    if KubernetesSchema.opaqueTypes.contains(field.typeName) { continue }
                    guard case .object = item else { return failure(item, goType: elementType(of: field)) }
                    if let found = check(item, message: field.typeName, path: fieldPath, naming: naming) { return found }
                } else if !fits(item, field) {
                    return failure(item, goType: elementType(of: field))
                }
            }
        } else if field.isMessage {
            if KubernetesSchema.opaqueTypes.contains(field.typeName) { return nil }
            guard case .object = child else { return failure(child, goType: elementType(of: field)) }
            if let found = check(child, message: field.typeName, path: fieldPath, naming: naming) { return found }
        } else if !fits(child, field) {
            return failure(child, goType: elementType(of: field))
        }
        return nil
    }

    /// Whether a scalar JSON value decodes into the field's Go scalar type.
    private static func fits(_ value: JSONValue, _ field: KubernetesSchema.Field) -> Bool {
        switch field.type {
        case .string, .bytes: if case .string = value { return true } else { return false }
        case .bool: if case .bool = value { return true } else { return false }
        case .int32: return integer(value).map { Int64(Int32.min)...Int64(Int32.max) ~= $0 } ?? false
        case .int64: return integer(value) != nil
        case .double, .float: if case .int = value { return true } else if case .double = value { return true } else { return false }
        default: return true
        }
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let number): number
        case .double(let number) where number.rounded() == number && abs(number) < 9.2e18: Int64(number)
        default: nil
        }
    }

    /// The JSON value as encoding/json names it in `UnmarshalTypeError.Value`: a number with its literal only
    /// when an integer field could not hold it.
    private static func describe(_ value: JSONValue, intoInteger: Bool) -> String {
        switch value {
        case .string: "string"
        case .bool: "bool"
        case .array: "array"
        case .object: "object"
        case .int(let number): intoInteger ? "number \(number)" : "number"
        case .double(let number): intoInteger ? "number \(number)" : "number"
        case .null: "null"
        }
    }

    /// The Go type of a field: `[]v1.Container`, `map[string]string`, `*int32` shown as `int32`.
    private static func goType(of field: KubernetesSchema.Field) -> String {
        let schema = KubernetesSchema.shared
        if field.isMessage, let entry = schema.messages[field.typeName], entry.isMapEntry, let value = entry.fields[2] {
            return "map[string]" + elementType(of: value)
        }
        return field.repeated && field.type != .bytes ? "[]" + elementType(of: field) : elementType(of: field)
    }

    private static func elementType(of field: KubernetesSchema.Field) -> String {
        switch field.type {
        case .string: return "string"
        case .bytes: return "[]uint8"
        case .bool: return "bool"
        case .int32: return "int32"
        case .int64: return "int64"
        case .double: return "float64"
        case .float: return "float32"
        case .message:
            let parts = field.typeName.split(separator: ".")
            return parts.count >= 2 ? "\(parts[parts.count - 2]).\(parts[parts.count - 1])" : field.typeName
        default: return "string"
        }
    }
}
