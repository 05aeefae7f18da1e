import KubeAPI

/// The key client-go's cache and work queues use for an object: `namespace/name`, or `name` for
/// cluster-scoped objects (`cache.MetaNamespaceKeyFunc`).
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String?
    public var name: String

    public init(namespace: String?, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public init(_ object: KubeObject) {
        self.init(namespace: object.namespace, name: object.name)
    }

    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        (a.namespace ?? "", a.name) < (b.namespace ?? "", b.name)
    }
}
