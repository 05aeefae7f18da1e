/// `kubectl get -o name` and the `TYPE/NAME` lines of apply, create and delete (cli-runtime
/// `printers/name.go`): `pod/web`, `deployment.apps/web`, optionally followed by an operation.
public enum NamePrinter {
    /// The line for one object: the lower-cased kind, `.group` unless core, `/`, the name (`<unknown>` when
    /// empty), then ` operation` if given, e.g. `deployment.apps/web created`.
    public static func line(for object: KubeObject, operation: String? = nil) -> String {
        let group = ResourceCatalog.split(apiVersion: object.apiVersion).group
        let kind = object.kind.lowercased()
        let name = object.name.isEmpty ? "<unknown>" : object.name
        let suffix = operation.map { $0.isEmpty ? "" : " \($0)" } ?? ""
        return (group.isEmpty ? kind : "\(kind).\(group)") + "/\(name)\(suffix)"
    }

    /// One line per object, each ending in a newline.
    public static func print(_ objects: [KubeObject], operation: String? = nil) -> String {
        objects.map { line(for: $0, operation: operation) + "\n" }.joined()
    }
}
