import Foundation
import KubeAPI

/// One reconcile's creation or deletion of a ReplicaSet's pods (`manageReplicas`, `controller.RealPodControl`).
struct PodReplicas {
    let controller: ReplicaSetController
    let owner: KubeObject
    let context: ControllerContext

    /// Creates or deletes pods until `pods` (the active pods it controls) matches spec.replicas, at most
    /// `burstReplicas` of them; throws the first failure.
    func manage(_ pods: [KubeObject]) async throws {
        let diff = pods.count - Int(owner.specReplicas)
        if diff < 0 {
            try await create(min(-diff, controller.burstReplicas))
        } else if diff > 0 {
            try await delete(victims(pods, count: min(diff, controller.burstReplicas)))
        }
    }

    /// Creates `count` pods in slow-start batches of 1, 2, 4, ... (a batch's pods side by side in real time); a
    /// batch with a failure ends the creation.
    private func create(_ count: Int) async throws {
        var remaining = count
        var batch = min(remaining, 1)
        while batch > 0 {
            try await context.forEach(Array(0..<batch)) { _ in try await createPod() }
            remaining -= batch
            batch = min(2 * batch, remaining)
        }
    }

    /// One pod from the template (`GetPodFromTemplate`): `generateName: <owner>-`, the template's labels,
    /// annotations and finalizers, a controller reference to the owner, and the template's spec.
    private func createPod() async throws {
        let template = owner.spec?["template"] ?? .emptyObject
        var metadata: JSONValue = [
            "generateName": .string("\(owner.name)-"),
            "ownerReferences": [ControllerRef.make(to: owner, apiVersion: controller.ownKind.apiVersion, kind: controller.ownKind.kind)],
        ]
        for field in ["labels", "annotations", "finalizers"] {
            if let value = template[["metadata", field]], !value.isNull { metadata[field] = value }
        }
        guard !(metadata["labels"]?.objectValue ?? [:]).isEmpty else {
            throw ClaimError("unable to create pods, no labels")
        }
        let pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": template["spec"] ?? .emptyObject]
        try await PodControl(owner: owner, context: context).create(pod)
    }

    /// The `count` pods to delete: the first in `PodRanking`'s order (no ranking when all of them go).
    private func victims(_ pods: [KubeObject], count: Int) -> [KubeObject] {
        guard count < pods.count else { return Array(pods.prefix(count)) }
        let ranking = PodRanking(now: context.clock.now())
        return Array(ranking.ordered(pods, related: relatedPods()).prefix(count))
    }

    /// The pods of every ReplicaSet with the same controller as this one (just this one's when it has none).
    private func relatedPods() -> [KubeObject] {
        let cache = context.cache
        var owners = [owner]
        if let controllerUID = ControllerRef.uid(of: owner) {
            owners = cache.controlled(controller.ownType, by: controllerUID).filter { $0.namespace == owner.namespace }
        }
        return owners.compactMap(\.uid).flatMap { cache.controlled(BuiltinResources.pods, by: $0) }
            .filter { $0.namespace == owner.namespace }.sorted { ObjectKey($0) < ObjectKey($1) }
    }

    /// Deletes the pods; a pod already gone is no failure and no event.
    private func delete(_ pods: [KubeObject]) async throws {
        let control = PodControl(owner: owner, context: context)
        try await context.forEach(pods) { pod in try await control.delete(pod) }
    }
}
