import KubeAPI

/// kube-controller-manager's root CA publisher (`pkg/controller/certificates/rootcacertpublisher/publisher.go`):
/// every namespace has a `kube-root-ca.crt` ConfigMap holding the cluster CA (key `ca.crt`) with a description
/// annotation, the bundle the ServiceAccount admission's projected volume mounts. It is created with the namespace,
/// and created again when deleted, or rewritten when its data or annotation changes.
public struct RootCACertPublisher: Controller {
    static let configMapName = "kube-root-ca.crt"
    static let descriptionAnnotation = "kubernetes.io/description"
    static let description =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."

    /// The cluster CA certificate, PEM.
    let rootCA: String

    public init(rootCA: String) {
        self.rootCA = rootCA
    }

    public var name: String { "root-ca-cert-publisher" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.namespaces, BuiltinResources.configMaps] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.namespaces:
            // Added namespaces, and updated ones while active.
            if change.event == .deleted { return [] }
            if change.event == .modified && change.object.json[["status", "phase"]]?.stringValue != "Active" { return [] }
            return [ObjectKey(namespace: nil, name: change.object.name)]
        default:
            guard change.event != .added, change.object.name == Self.configMapName, let namespace = change.object.namespace
            else { return [] }
            return [ObjectKey(namespace: nil, name: namespace)]
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let data: JSONValue = ["ca.crt": .string(rootCA)]
        guard var configMap = context.cache.get(BuiltinResources.configMaps, namespace: key.name, name: Self.configMapName)
        else {
            let object: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": [
                    "name": .string(Self.configMapName),
                    "annotations": .object([Self.descriptionAnnotation: .string(Self.description)]),
                ],
                "data": data,
            ]
            do {
                _ = try await context.api.create(
                    BuiltinResources.configMaps, namespace: key.name, object: object, options: context.writeOptions)
            } catch let error as StatusError where error.code == 404 || error.code == 403 || error.reason == "AlreadyExists" {
                // No namespace, or a terminating one: nothing to publish into. Already there: the cache will say.
            }
            return
        }
        if configMap.json["data"] == data && !(configMap.annotations[Self.descriptionAnnotation] ?? "").isEmpty { return }
        configMap.json["data"] = data
        var annotations = configMap.annotations
        annotations[Self.descriptionAnnotation] = Self.description
        configMap.annotations = annotations
        _ = try await context.api.update(
            BuiltinResources.configMaps, namespace: key.name, name: Self.configMapName, object: configMap.json,
            options: context.writeOptions)
    }
}
