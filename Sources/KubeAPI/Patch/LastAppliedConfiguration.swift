import Foundation

/// The `kubectl.kubernetes.io/last-applied-configuration` annotation client-side apply keeps on every object it
/// creates or patches: the configuration applied, the `original` of the next three-way merge.
public enum LastAppliedConfiguration {
    public static let annotation = "kubectl.kubernetes.io/last-applied-configuration"

    /// `configuration` as kubectl apply sends it, on create and as the `modified` of a patch (kubectl
    /// `GetModifiedConfiguration`): the annotation holds the configuration serialized without it, keys sorted and
    /// with a trailing newline, and `metadata.annotations` exists (maybe `{}`, as the annotation then records).
    public static func annotated(_ configuration: JSONValue) -> JSONValue {
        var object = configuration
        var annotations = configuration[["metadata", "annotations"]]?.objectValue ?? [:]
        annotations[annotation] = nil
        object[["metadata", "annotations"]] = .object(annotations)
        annotations[annotation] = .string(object.jsonString() + "\n")
        object[["metadata", "annotations"]] = .object(annotations)
        return object
    }

    /// The configuration last applied to `live`; nil when the annotation is absent or empty.
    /// - Throws: `invalid JSON document` when the annotation is not JSON.
    public static func recorded(in live: JSONValue) throws(PatchError) -> JSONValue? {
        guard let text = live[["metadata", "annotations", annotation]]?.stringValue, !text.isEmpty else { return nil }
        do {
            return try JSONValue.parse(json: Data(text.utf8))
        } catch {
            throw .badJSONDocument
        }
    }
}
