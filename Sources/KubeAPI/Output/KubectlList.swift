/// What `kubectl get -o yaml|json|jsonpath|name|custom-columns` prints from (kubectl `get.go`,
/// `printGeneric`): the object itself when one named object was asked for, otherwise every object
/// wrapped in a `v1` `List` whose `metadata.resourceVersion` is empty:
///
/// ```yaml
/// apiVersion: v1
/// items: []
/// kind: List
/// metadata:
///   resourceVersion: ""
/// ```
public enum KubectlList {
    /// The document to print: `objects[0]` when `singleItemImplied` (a `TYPE/NAME` or single `NAME`
    /// argument) and exactly one object came back, else a List of them all.
    public static func printable(_ objects: [KubeObject], singleItemImplied: Bool) -> JSONValue {
        if singleItemImplied, objects.count == 1 { return objects[0].json }
        return [
            "apiVersion": "v1", "kind": "List", "metadata": ["resourceVersion": ""],
            "items": .array(objects.map(\.json)),
        ]
    }
}
