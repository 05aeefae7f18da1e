/// A Kubernetes object of any kind, as JSON, with typed access to the fields every object has.
public struct KubeObject: Sendable, Hashable {
    public var json: JSONValue

    public init(_ json: JSONValue) {
        self.json = json
    }

    public var apiVersion: String {
        get { json["apiVersion"]?.stringValue ?? "" }
        set { json["apiVersion"] = .string(newValue) }
    }

    public var kind: String {
        get { json["kind"]?.stringValue ?? "" }
        set { json["kind"] = .string(newValue) }
    }

    public var metadata: JSONValue {
        get { json["metadata"] ?? .emptyObject }
        set { json["metadata"] = newValue }
    }

    public var name: String {
        get { metadata["name"]?.stringValue ?? "" }
        set { json[["metadata", "name"]] = .string(newValue) }
    }

    /// `metadata.namespace`; nil when absent or empty.
    public var namespace: String? {
        get { metadata["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        set { json[["metadata", "namespace"]] = newValue.map(JSONValue.string) }
    }

    public var generateName: String? { metadata["generateName"]?.stringValue }

    public var labels: [String: String] {
        get { Self.stringMap(metadata["labels"]) }
        set { json[["metadata", "labels"]] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string)) }
    }

    public var annotations: [String: String] {
        get { Self.stringMap(metadata["annotations"]) }
        set {
            json[["metadata", "annotations"]] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string))
        }
    }

    public var resourceVersion: String? {
        get { metadata["resourceVersion"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        set { json[["metadata", "resourceVersion"]] = newValue.map(JSONValue.string) }
    }

    public var uid: String? { metadata["uid"]?.stringValue }

    public var generation: Int64? {
        get { metadata["generation"]?.intValue }
        set { json[["metadata", "generation"]] = newValue.map(JSONValue.int) }
    }

    public var creationTimestamp: String? { metadata["creationTimestamp"]?.stringValue }

    public var deletionTimestamp: String? {
        get { metadata["deletionTimestamp"]?.stringValue }
        set { json[["metadata", "deletionTimestamp"]] = newValue.map(JSONValue.string) }
    }

    public var finalizers: [String] {
        get { metadata["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        set { json[["metadata", "finalizers"]] = newValue.isEmpty ? nil : .array(newValue.map(JSONValue.string)) }
    }

    public var ownerReferences: [JSONValue] { metadata["ownerReferences"]?.arrayValue ?? [] }

    public var spec: JSONValue? { json["spec"] }

    private static func stringMap(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
}
