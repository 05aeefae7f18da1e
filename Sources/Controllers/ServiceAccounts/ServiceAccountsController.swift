import KubeAPI

/// kube-controller-manager's service account controller (`pkg/controller/serviceaccount/serviceaccounts_controller.go`):
/// every active namespace has a `default` ServiceAccount, created when a namespace appears and again when it is
/// deleted. Pods need it: the ServiceAccount admission plugin rejects a pod whose account does not exist.
public struct ServiceAccountsController: Controller {
    /// The accounts every namespace gets: kube-controller-manager creates `default` only.
    static let accountNames = ["default"]

    public init() {}

    public var name: String { "service-account-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.namespaces, BuiltinResources.serviceAccounts] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.namespaces:
            return [ObjectKey(namespace: nil, name: change.object.name)]
        default:
            guard change.event == .deleted, Self.accountNames.contains(change.object.name), let namespace = change.object.namespace
            else { return [] }
            return [ObjectKey(namespace: nil, name: namespace)]
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let namespace = context.cache.get(BuiltinResources.namespaces, key), namespace.deletionTimestamp == nil
        else { return }
        for account in Self.accountNames
        where context.cache.get(BuiltinResources.serviceAccounts, namespace: key.name, name: account) == nil {
            let object: JSONValue = [
                "apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": ["name": .string(account), "namespace": .string(key.name)],
            ]
            do {
                _ = try await context.api.create(
                    BuiltinResources.serviceAccounts, namespace: key.name, object: object, options: context.writeOptions)
            } catch let error as StatusError where error.reason == "AlreadyExists" {
                // Created meanwhile: nothing to do.
            }
        }
    }
}
