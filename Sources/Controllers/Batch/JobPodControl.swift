import Foundation
import KubeAPI
import Synchronization

/// The Job controller's writes to its pods (`controller.RealPodControl` as the Job controller uses it): pods
/// made from the template with the tracking finalizer, deletions, and removal of the finalizer.
struct JobPodControl {
    /// The finalizer that keeps a Job's finished pod until the Job has counted it (`batch.JobTrackingFinalizer`).
    static let trackingFinalizer = "batch.kubernetes.io/job-tracking"

    let job: KubeObject
    let context: ControllerContext

    static func hasTrackingFinalizer(_ pod: KubeObject) -> Bool { pod.finalizers.contains(trackingFinalizer) }

    /// Creates pods in slow-start batches of 1, 2, 4, ... (each batch side by side in real time); a batch with a
    /// failure ends the creation. `indexes` (Indexed Jobs) names each pod's completion index; otherwise `count`
    /// pods are made. Returns how many were created and the first failure.
    func create(count: Int, indexes: [Int]?) async -> (created: Int, error: (any Error)?) {
        let slots: [Int?] = indexes.map { $0.map { Optional($0) } } ?? Array(repeating: nil, count: count)
        var created = 0
        var start = 0
        var batch = min(slots.count, 1)
        while batch > 0 {
            let chunk = Array(slots[start..<start + batch])
            let outcomes = Tally(0)
            do {
                try await context.forEach(chunk) { index in
                    try await createPod(index: index)
                    outcomes.update { $0 += 1 }
                }
            } catch {
                return (created + outcomes.value, error)
            }
            created += batch
            start += batch
            batch = min(2 * batch, slots.count - start)
        }
        return (created, nil)
    }


    /// One pod from the template (`GetPodFromTemplate` with the Job's additions): `generateName` `<job>-` (or
    /// `<job>-<index>-`), the template's labels, annotations and finalizers plus the tracking finalizer, a
    /// controller reference to the Job; an Indexed Job's pod also carries its index as annotation and label,
    /// `hostname` `<job>-<index>` and `JOB_COMPLETION_INDEX` in every container.
    private func createPod(index: Int?) async throws {
        let template = job.spec?["template"] ?? .emptyObject
        var labels = template[["metadata", "labels"]]?.objectValue ?? [:]
        var annotations = template[["metadata", "annotations"]]?.objectValue ?? [:]
        var finalizers = template[["metadata", "finalizers"]]?.arrayValue ?? []
        if !finalizers.contains(.string(Self.trackingFinalizer)) { finalizers.append(.string(Self.trackingFinalizer)) }
        var spec = template["spec"] ?? .emptyObject
        var generateName = "\(job.name)-"
        if let index {
            annotations[CompletionIndex.annotation] = .string(String(index))
            labels[CompletionIndex.annotation] = .string(String(index))
            spec["hostname"] = .string("\(job.name)-\(index)")
            generateName = CompletionIndex.generateName(job: job.name, index: index)
            for field in ["initContainers", "containers"] {
                guard let containers = spec[field]?.arrayValue else { continue }
                spec[field] = .array(containers.map(Self.addingIndexVariable))
            }
        }
        var metadata: JSONValue = [
            "generateName": .string(generateName), "finalizers": .array(finalizers),
            "ownerReferences": [ControllerRef.make(to: job, apiVersion: "batch/v1", kind: "Job")],
        ]
        if !labels.isEmpty { metadata["labels"] = .object(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        let pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec]
        do {
            try await PodControl(owner: job, context: context).create(pod)
        } catch where PodControl.namespaceTerminating(error) {
            return
        }
    }

    /// `addCompletionIndexEnvVariable`: the index from the pod's label, unless the container sets the variable.
    private static func addingIndexVariable(_ container: JSONValue) -> JSONValue {
        var env = container["env"]?.arrayValue ?? []
        guard !env.contains(where: { $0["name"]?.stringValue == CompletionIndex.environmentVariable }) else { return container }
        env.append([
            "name": .string(CompletionIndex.environmentVariable),
            "valueFrom": ["fieldRef": ["fieldPath": .string("metadata.labels['\(CompletionIndex.annotation)']")]],
        ])
        var container = container
        container["env"] = .array(env)
        return container
    }

    /// Deletes pods; with `removingFinalizer`, first removes the tracking finalizer (`deleteJobPods`), else only
    /// deletes (`deleteActivePods`, when the Job has failed). A pod already gone counts as deleted. Returns how
    /// many were deleted, how many of those were ready, and the first failure.
    func delete(_ pods: [KubeObject], removingFinalizer: Bool) async -> (deleted: Int, ready: Int, error: (any Error)?) {
        let failures = Tally(0)
        var firstError: (any Error)?
        do {
            let control = PodControl(owner: job, context: context)
            try await context.forEach(pods) { pod in
                do {
                    if removingFinalizer { try await removeFinalizer(pod) }
                } catch {
                    failures.update { $0 += 1 }
                    await context.events.record(job, type: .warning, reason: "FailedDelete", message: "Error deleting: \(error)")
                    throw error
                }
                do {
                    try await control.delete(pod)
                } catch {
                    failures.update { $0 += 1 }
                    throw error
                }
            }
        } catch {
            firstError = error
        }
        let failed = failures.value
        let ready = pods.filter(PodState.isReady).count
        return (pods.count - failed, failed == 0 ? ready : 0, firstError)
    }

    /// Removes the tracking finalizer (`$deleteFromPrimitiveList/finalizers`); a pod that is gone is no failure.
    func removeFinalizer(_ pod: KubeObject) async throws {
        guard Self.hasTrackingFinalizer(pod) else { return }
        let patch: JSONValue = ["metadata": ["$deleteFromPrimitiveList/finalizers": [.string(Self.trackingFinalizer)]]]
        do {
            _ = try await context.api.patch(
                BuiltinResources.pods, namespace: pod.namespace, name: pod.name, patchType: .strategicMerge,
                body: patch.jsonData(), options: context.writeOptions)
        } catch let error as StatusError where error.code == 404 {
            return
        }
    }

    /// Removes the finalizer from each pod; returns the uids it was removed from and the first failure.
    func removeFinalizers(_ pods: [KubeObject]) async -> (removed: Set<String>, error: (any Error)?) {
        let removed = Tally(Set<String>())
        var firstError: (any Error)?
        do {
            try await context.forEach(pods) { pod in
                try await removeFinalizer(pod)
                removed.update { _ = $0.insert(pod.uid ?? "") }
            }
        } catch {
            firstError = error
        }
        return (removed.value, firstError)
    }
}

/// A value that writes side by side may update (a batch's pods are created and deleted in parallel in real time).
final class Tally<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) { storage = Mutex(value) }

    func update(_ body: (inout Value) -> Void) { storage.withLock { body(&$0) } }

    var value: Value { storage.withLock { $0 } }
}
