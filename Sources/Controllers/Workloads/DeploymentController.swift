import Foundation
import KubeAPI

/// kube-controller-manager's Deployment controller (`pkg/controller/deployment`): it gives each pod template
/// of a Deployment a ReplicaSet named `<deployment>-<pod-template-hash>`, rolls pods from the old ReplicaSets
/// to the new one (RollingUpdate within maxSurge and maxUnavailable, or Recreate), spreads a resize over the
/// ReplicaSets of an unfinished rollout, keeps revisionHistoryLimit old ReplicaSets, and reports replicas and
/// the Available and Progressing conditions in the status.
public struct DeploymentController: Controller {
    public init() {}

    public var name: String { "deployment-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-deployment-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] {
        [BuiltinResources.deployments, BuiltinResources.replicaSets, BuiltinResources.pods]
    }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.deployments:
            return [ObjectKey(change.object)]
        case BuiltinResources.replicaSets:
            var keys: [ObjectKey] = []
            for replicaSet in [change.old, change.object].compactMap({ $0 }) {
                if let owner = Self.owner(of: replicaSet, in: cache) {
                    keys.append(ObjectKey(owner))
                } else if change.event != .deleted, ControllerRef.of(replicaSet) == nil {
                    keys += cache.list(BuiltinResources.deployments, namespace: replicaSet.namespace)
                        .filter { Self.selector(of: $0)?.matches(replicaSet.labels) == true }.map(ObjectKey.init)
                }
            }
            var seen = Set<ObjectKey>()
            return keys.filter { seen.insert($0).inserted }
        default:
            // A Recreate rollout waits for the old pods to be gone (`deletePod`).
            guard change.event == .deleted, let replicaSet = Self.replicaSet(of: change.object, in: cache),
                let deployment = Self.owner(of: replicaSet, in: cache), DeploymentSpec(deployment).isRecreate
            else { return [] }
            return [ObjectKey(deployment)]
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let deployment = context.cache.get(BuiltinResources.deployments, key) else { return }
        try await DeploymentSync(deployment, context: context).run()
    }

    /// The Deployment controlling a ReplicaSet, if it still exists.
    static func owner(of replicaSet: KubeObject, in cache: ObjectCache) -> KubeObject? {
        guard let reference = ControllerRef.of(replicaSet), reference["kind"]?.stringValue == "Deployment",
            let name = reference["name"]?.stringValue,
            let owner = cache.get(BuiltinResources.deployments, namespace: replicaSet.namespace, name: name),
            owner.uid == reference["uid"]?.stringValue
        else { return nil }
        return owner
    }

    private static func replicaSet(of pod: KubeObject, in cache: ObjectCache) -> KubeObject? {
        guard let reference = ControllerRef.of(pod), reference["kind"]?.stringValue == "ReplicaSet",
            let name = reference["name"]?.stringValue
        else { return nil }
        return cache.get(BuiltinResources.replicaSets, namespace: pod.namespace, name: name)
    }

    /// The Deployment's selector; nil when missing or unreadable.
    static func selector(of deployment: KubeObject) -> LabelSelector? {
        deployment.spec?["selector"].flatMap { try? LabelSelector(object: $0) }
    }
}
