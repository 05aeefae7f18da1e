/// Kubernetes' strategic merge patch (`application/strategic-merge-patch+json`), applied as kube-apiserver
/// applies it (apimachinery `strategicpatch.StrategicMergeMapPatch`).
///
/// A JSON merge patch whose lists can merge: lists the kind's `PatchMetadata` marks merge with the live list, items
/// of objects matched by their merge key (a container by `name`), and directives steer the rest:
/// - `{"$patch": "delete", "name": "x"}` in a merged list deletes item `x`; `{"$patch": "replace"}` in a list
///   makes the patch's items the whole list; in an object, `$patch: replace` makes the patch's fields the whole
///   object, and `$patch: delete` empties it;
/// - `"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}]` orders the merged list: listed items in that
///   order, live-only items where the live list had them among those (without it, patch items keep the patch's
///   order and new ones go before the live-only items);
/// - `"$deleteFromPrimitiveList/finalizers": ["x"]` removes values from a merged list of scalars;
/// - `"$retainKeys": ["type"]` clears the object's fields that are not listed (a Deployment's `strategy`, a volume).
///
/// Custom resources take no strategic merge patch: kube-apiserver answers 415 Unsupported Media Type.
public enum StrategicMergePatch {
    /// Applies `patch` to `object`, a resource of `type`.
    /// - Throws: `PatchError`; 415 for a custom resource type.
    public static func apply(_ patch: JSONValue, to object: JSONValue, type: ResourceType) throws(PatchError) -> JSONValue {
        guard let metadata = PatchMetadata(for: type) else {
            let status = PatchType.unsupportedMediaType(accepted: PatchType.accepted(for: type))
            throw PatchError(message: status.message, status: status)
        }
        return try apply(patch, to: object, metadata: metadata)
    }

    /// Applies `patch` to `object` with the strategies of `metadata`. A null patch changes nothing.
    /// - Throws: `PatchError`: 400 for a patch that is not an object or has malformed directives, 422 for lists of
    ///   lists, 500 for the errors kube-apiserver does not classify (a list item without its merge key, an unknown
    ///   `$patch` directive, items out of their `$setElementOrder`).
    public static func apply(_ patch: JSONValue, to object: JSONValue, metadata: PatchMetadata) throws(PatchError) -> JSONValue {
        guard case .object(let original) = object else { throw .badJSONDocument }
        switch patch {
        case .null: return object
        case .object(let changes): return .object(try StrategicMerger(mode: .apply).merge(changes, into: original, metadata))
        default: throw .badRequest("json: cannot unmarshal \(patch.typeName) into Go value of type map[string]interface {}")
        }
    }
}

/// The directive keys and values of strategic merge patch.
enum Directive {
    static let patch = "$patch"
    static let retainKeys = "$retainKeys"
    static let setElementOrder = "$setElementOrder"
    static let deleteFromPrimitiveList = "$deleteFromPrimitiveList"

    /// The list a parallel-list key names: `containers` for `$setElementOrder/containers`.
    static func listName(in key: String, prefix: String, malformed: PatchError) throws(PatchError) -> String {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == prefix else { throw malformed }
        return String(parts[1])
    }

    static func isDeletion(_ item: JSONValue) -> Bool { item[patch] == "delete" }
}
