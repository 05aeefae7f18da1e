import Foundation

/// How the registry writes objects into the store: kube-apiserver's `--storage-media-type`.
///
/// With protobuf (kube-apiserver's default) the built-in kinds are stored as the `k8s\0` envelope around a
/// `runtime.Unknown` holding the kind's message; custom resources and kinds without protobuf stay JSON, as
/// kube-apiserver keeps them. Reading accepts both encodings whatever the media type, so a store written with one
/// is served with the other, and so is an etcd a real kube-apiserver wrote.
public enum StorageMediaType: String, Sendable, CaseIterable {
    case protobuf = "application/vnd.kubernetes.protobuf"
    case json = "application/json"

    /// kube-apiserver's default.
    public static let kubeAPIServerDefault = StorageMediaType.protobuf

    /// The stored bytes of an object (before encryption at rest). In protobuf, an object whose message would not
    /// give back the same object (a field or value its kind's message cannot hold) is stored as JSON instead, so
    /// what is read is always what was written.
    public func encode(_ object: JSONValue) -> Data {
        encodeChecked(object).data
    }

    /// ``encode(_:)``, and whether the bytes were checked to read back as exactly `object` (a protobuf value).
    func encodeChecked(_ object: JSONValue) -> (data: Data, readsBack: Bool) {
        guard self == .protobuf, let encoded = try? KubernetesProtobufEncoder.encodeObject(object),
            (try? KubernetesProtobuf.decodeStored(encoded)) == object
        else { return (object.jsonData(), false) }
        return (encoded, true)
    }

    /// The object stored bytes hold, in either encoding: protobuf when they start with `k8s\0`, else JSON.
    /// - Parameter omittingManagedFields: leaves `metadata.managedFields` out (a protobuf value's are not decoded).
    public static func decode(_ data: Data, omittingManagedFields: Bool = false) throws -> JSONValue {
        if KubernetesProtobuf.isProtobuf(data) {
            return try KubernetesProtobuf.decodeStored(data, omittingManagedFields: omittingManagedFields)
        }
        var object = try JSONValue.parse(json: data, maxDepth: NestingLimit.stored)
        if omittingManagedFields, object[["metadata", "managedFields"]] != nil { object[["metadata", "managedFields"]] = nil }
        return object
    }
}
