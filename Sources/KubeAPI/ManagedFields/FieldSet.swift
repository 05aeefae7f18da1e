import Foundation

/// A set of field paths in an object, as server-side apply tracks ownership (structured-merge-diff's
/// `fieldpath.Set`), convertible to and from `managedFields[].fieldsV1`.
///
/// A path step is a field (`f:name`), an item of a keyed list (`k:{"name":"nginx"}`), a value of a set list
/// (`v:"x"`), or `.` (the map or item itself). Lists without keys are atomic: one leaf.
public struct FieldSet: Sendable, Hashable {
    /// Leaf paths; each a sequence of fieldsV1 step strings.
    public private(set) var paths: Set<[String]>

    public init(paths: Set<[String]> = []) {
        self.paths = paths
    }

    /// The fields an object sets, leaving out what the server owns (identity, timestamps, resourceVersion,
    /// managedFields) and the status.
    public init(of object: JSONValue) {
        var paths = Set<[String]>()
        let message = KubernetesSchema.shared.messageName(of: object)
        var root = object
        root["status"] = nil
        root["apiVersion"] = nil
        root["kind"] = nil
        if var metadata = root["metadata"] {
            for field in ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                          "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generateName"] {
                metadata[field] = nil
            }
            root["metadata"] = metadata.objectValue?.isEmpty == false ? metadata : nil
        }
        if let message {
            Self.collect(root, prefix: [], message: message, into: &paths)
        } else {
            Self.collect(root, prefix: [], fieldName: nil, into: &paths)
        }
        self.paths = paths
    }

    /// The fields of an object's status: what a write through its `status` subresource owns.
    public init(statusOf object: JSONValue) {
        var paths = Set<[String]>()
        if let status = object["status"] {
            if let message = KubernetesSchema.shared.messageName(of: object) {
                Self.collect(["status": status], prefix: [], message: message, into: &paths)
            } else {
                Self.collect(["status": status], prefix: [], fieldName: nil, into: &paths)
            }
        }
        self.paths = paths
    }

    /// The untyped walk, for kinds without descriptors (custom resources): list and map types by field name.
    static func collect(_ value: JSONValue, prefix: [String], fieldName: String?, into paths: inout Set<[String]>) {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            if fieldName == "selector" && (fields["matchLabels"] != nil || fields["matchExpressions"] != nil) {
                // A label selector is an atomic struct (`+structType=atomic`): one value.
                paths.insert(prefix)
                return
            }
            if let fieldName, ListTypes.isMap(fieldName) { paths.insert(prefix + ["."]) }
            for (key, child) in fields where child != .null {
                collect(child, prefix: prefix + ["f:\(key)"], fieldName: key, into: &paths)
            }
        case .array(let items) where !items.isEmpty:
            guard let fieldName else {
                paths.insert(prefix)
                return
            }
            switch ListTypes.kind(of: fieldName) {
            case .map(let keys):
                for item in items {
                    guard let step = keyStep(item, keys: keys) else {
                        paths.insert(prefix)
                        return
                    }
                    paths.insert(prefix + [step, "."])
                    collect(item, prefix: prefix + [step], fieldName: nil, into: &paths)
                }
            case .set:
                for item in items { paths.insert(prefix + ["v:\(item.jsonString())"]) }
            case .atomic:
                paths.insert(prefix)
            }
        default:
            if !prefix.isEmpty { paths.insert(prefix) }
        }
    }

    /// `k:{"name":"nginx"}` for a keyed list item, or nil when it lacks a key field.
    static func keyStep(_ item: JSONValue, keys: [String]) -> String? {
        var key: [String: JSONValue] = [:]
        for name in keys {
            if let value = item[name] { key[name] = value }
        }
        guard !key.isEmpty else { return nil }
        return "k:\(JSONValue.object(key).jsonString())"
    }

    // MARK: - Set algebra

    public var isEmpty: Bool { paths.isEmpty }

    public func union(_ other: FieldSet) -> FieldSet { FieldSet(paths: paths.union(other.paths)) }
    public func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(paths: paths.subtracting(other.paths)) }
    public func intersection(_ other: FieldSet) -> FieldSet { FieldSet(paths: paths.intersection(other.paths)) }

    // MARK: - fieldsV1

    /// The nested `fieldsV1` object.
    public var fieldsV1: JSONValue {
        var root = JSONValue.emptyObject
        for path in paths {
            var current: JSONValue? = root[path]
            if current == nil { current = .emptyObject }
            root[path] = current
        }
        return root
    }

    /// Reads a `fieldsV1` object.
    public init(fieldsV1: JSONValue) {
        var paths = Set<[String]>()
        func walk(_ value: JSONValue, _ prefix: [String]) {
            guard let fields = value.objectValue, !fields.isEmpty else {
                if !prefix.isEmpty { paths.insert(prefix) }
                return
            }
            for (key, child) in fields { walk(child, prefix + [key]) }
        }
        walk(fieldsV1, [])
        self.paths = paths
    }

    /// A path as server-side apply names it in conflict messages: `.spec.replicas`,
    /// `.spec.template.spec.containers[name="nginx"].image`.
    public static func describe(_ path: [String]) -> String {
        var text = ""
        for step in path {
            if step.hasPrefix("f:") {
                text += "." + step.dropFirst(2)
            } else if step.hasPrefix("k:"), let key = try? JSONValue.parse(json: Data(step.dropFirst(2).utf8)),
                let fields = key.objectValue
            {
                text += "[" + fields.keys.sorted().map { "\($0)=\(fields[$0]!.jsonString())" }.joined(separator: ",") + "]"
            } else if step.hasPrefix("v:") {
                text += "[=\(step.dropFirst(2))]"
            }
        }
        return text
    }
}
