/// The patch kubectl's client-side apply sends to update a live object (kubectl `pkg/cmd/apply/patcher.go`).
///
/// From three documents:
/// - `original`: the configuration last applied (the `last-applied-configuration` annotation), nil if none;
/// - `modified`: the configuration being applied, its annotation already set to itself
///   (`LastAppliedConfiguration.annotated`);
/// - `current`: the live object;
///
/// the patch sets what `modified` adds or changes relative to `current`, and deletes what `original` had and
/// `modified` dropped, leaving alone what others (controllers, defaulting, other clients) set on the live object.
/// An empty patch (`{}`) means the object is unchanged: kubectl then sends nothing and prints `unchanged`.
public enum ThreeWayMerge {
    /// The patch and its type for a resource of `type`: a strategic merge patch for built-in kinds, a JSON merge
    /// patch for custom resources, as kubectl chooses against a server whose OpenAPI offers strategic merge patch
    /// for every built-in kind. (Without that, kubectl falls back on its compiled-in types, which lack Lease and
    /// CustomResourceDefinition, and sends those a JSON merge patch too; kube-apiserver takes either.)
    public static func patch(original: JSONValue?, modified: JSONValue, current: JSONValue, type: ResourceType)
        throws(PatchError) -> (type: PatchType, patch: JSONValue)
    {
        guard let metadata = PatchMetadata(for: type) else {
            return (.merge, try jsonMergePatch(original: original, modified: modified, current: current))
        }
        return (.strategicMerge, try strategicMergePatch(original: original, modified: modified, current: current, metadata: metadata))
    }

    /// apimachinery's `strategicpatch.CreateThreeWayMergePatch` as kubectl calls it (with `--overwrite`, so
    /// without conflict checks): merged lists carry `$setElementOrder/<list>` with the modified order whenever
    /// they change, removed items become `$patch: delete` items, removed scalars a `$deleteFromPrimitiveList`.
    public static func strategicMergePatch(
        original: JSONValue?, modified: JSONValue, current: JSONValue, metadata: PatchMetadata
    ) throws(PatchError) -> JSONValue {
        let (original, modified, current) = try documents(original, modified, current)
        let changes = try StrategicDiff(part: .changes).object(from: current, to: modified, metadata)
        let deletions = try StrategicDiff(part: .deletions).object(from: original, to: modified, metadata)
        return .object(try StrategicMerger(mode: .combine).merge(changes, into: deletions, metadata))
    }

    /// apimachinery's `jsonmergepatch.CreateThreeWayJSONMergePatch` with kubectl's preconditions: the merge patch
    /// of what changed from `current` to `modified` (nulls aside), over the nulls of what `modified` dropped
    /// from `original`. Lists are replaced whole.
    /// - Throws: when the patch would change `apiVersion`, `kind` or `metadata.name`.
    public static func jsonMergePatch(original: JSONValue?, modified: JSONValue, current: JSONValue) throws(PatchError)
        -> JSONValue
    {
        let (original, modified, current) = try documents(original, modified, current)
        let changes = keeping(MergePatch.create(from: .object(current), to: .object(modified)), nulls: false)
        let deletions = keeping(MergePatch.create(from: .object(original), to: .object(modified)), nulls: true)
        let patch = try MergePatch.apply(changes, to: deletions)
        guard patch["apiVersion"] == nil, patch["kind"] == nil, patch[["metadata", "name"]] == nil else {
            throw .unclassified("At least one of apiVersion, kind and name was changed")
        }
        return patch
    }

    private static func documents(_ original: JSONValue?, _ modified: JSONValue, _ current: JSONValue) throws(PatchError)
        -> ([String: JSONValue], [String: JSONValue], [String: JSONValue])
    {
        func fields(_ document: JSONValue?) throws(PatchError) -> [String: JSONValue] {
            switch document {
            case nil, .null?: return [:]
            case .object(let fields)?: return fields
            default: throw .badJSONDocument
            }
        }
        return (try fields(original), try fields(modified), try fields(current))
    }

    /// Only the nulls of a merge patch (`nulls`), or all but its nulls; objects left empty by the filter go,
    /// objects the patch sets empty stay among the values (apimachinery `keepOrDeleteNullInObj`).
    private static func keeping(_ patch: JSONValue, nulls: Bool) -> JSONValue {
        var kept: [String: JSONValue] = [:]
        for (key, value) in patch.objectValue ?? [:] {
            switch value {
            case .null:
                if nulls { kept[key] = .null }
            case .object(let fields) where fields.isEmpty:
                if !nulls { kept[key] = value }
            case .object:
                let nested = keeping(value, nulls: nulls)
                if nested != .emptyObject { kept[key] = nested }
            default:
                if !nulls { kept[key] = value }
            }
        }
        return .object(kept)
    }
}
