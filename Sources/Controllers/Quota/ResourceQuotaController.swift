import Foundation
import KubeAPI

/// kube-controller-manager's resource quota controller (`pkg/controller/resourcequota`): each ResourceQuota's
/// status gets the spec's `hard` and the `used` of every hard resource, summed over the namespace's objects,
/// so the ResourceQuota admission plugin can charge against it. A quota is recomputed when it changes and when
/// an object it counts changes (kube-controller-manager also resyncs every 5 minutes); an unchanged usage is
/// not written.
public struct ResourceQuotaController: Controller {
    public init() {}

    public var name: String { "resourcequota-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-resource-quota-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] { QuotaEvaluation.countedTypes }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        if change.type == BuiltinResources.resourceQuotas {
            return change.event == .deleted ? [] : [ObjectKey(change.object)]
        }
        guard let namespace = change.object.namespace else { return [] }
        return cache.list(BuiltinResources.resourceQuotas, namespace: namespace).map(ObjectKey.init)
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let type = BuiltinResources.resourceQuotas
        guard let quota = context.cache.get(type, key), quota.deletionTimestamp == nil else { return }
        let computed = QuotaEvaluation.status(
            of: quota, objects: { context.cache.list($0, namespace: key.namespace) }, types: QuotaEvaluation.countedTypes,
            now: context.clock.now())
        guard !QuotaEvaluation.sameStatus(computed, quota.json["status"]) else { return }
        _ = try await context.api.updateStatus(
            type, namespace: key.namespace, name: key.name, status: computed, options: context.writeOptions)
    }
}
