import Foundation
import KubeAPI

/// kube-controller-manager's Job controller (`pkg/controller/job`, 1.32 with its default feature gates): runs a
/// Job's pods to `completions` at most `parallelism` at a time (an Indexed Job's pods one per index), replaces
/// failed pods after the failure backoff until `backoffLimit`, fails a Job past `activeDeadlineSeconds`, deletes
/// the pods of a suspended Job, and keeps the status: counters, `completedIndexes`, the `SuccessCriteriaMet` →
/// `Complete` and `FailureTarget` → `Failed` conditions, with the pod tracking finalizer so that no finished pod
/// goes uncounted.
public struct JobController: Controller {
    public init() {}

    public var name: String { "job-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-job-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] { [BuiltinResources.jobs, BuiltinResources.pods] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        if change.type == BuiltinResources.jobs { return [ObjectKey(change.object)] }
        var keys: [ObjectKey] = []
        for pod in [change.old, change.object].compactMap({ $0 }) {
            if let reference = ControllerRef.of(pod) {
                guard reference["kind"]?.stringValue == "Job", let name = reference["name"]?.stringValue else { continue }
                keys.append(ObjectKey(namespace: pod.namespace, name: name))
            } else if change.event != .deleted {
                keys += cache.list(BuiltinResources.jobs, namespace: pod.namespace)
                    .filter { Self.selector(of: $0)?.matches(pod.labels) == true }.map(ObjectKey.init)
            }
        }
        var seen = Set<ObjectKey>()
        return keys.filter { seen.insert($0).inserted }
    }

    static func selector(of job: KubeObject) -> LabelSelector? {
        job.spec?["selector"].flatMap { try? LabelSelector(object: $0) }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let job = context.cache.get(BuiltinResources.jobs, key) else {
            try await releaseOrphans(of: key, context: context)
            return
        }
        let controlled = job.uid.map { context.cache.controlled(BuiltinResources.pods, by: $0) } ?? []
        if job.jobFinishedCondition != nil {
            // A finished Job's pods keep no finalizer (`cleanupPodFinalizers`).
            let control = JobPodControl(job: job, context: context)
            let left = controlled.filter(JobPodControl.hasTrackingFinalizer).sorted { ObjectKey($0) < ObjectKey($1) }
            if let error = await control.removeFinalizers(left).error { throw error }
            return
        }
        let mode = job.spec?["completionMode"]?.stringValue ?? "NonIndexed"
        guard mode == "NonIndexed" || mode == "Indexed" else {
            await context.events.record(
                job, type: .warning, reason: "UnknownCompletionMode", message: "Skipped Job sync because completion mode is unknown")
            return
        }
        guard let selector = Self.selector(of: job) else { return }
        let claims = ControllerRefClaims(
            owner: job, ownerType: BuiltinResources.jobs, ownerKind: ("batch/v1", "Job"), matches: { selector.matches($0.labels) })
        let candidates = ReplicaSetController.claimable(BuiltinResources.pods, by: job, in: context.cache)
        let pods = try await claims.claim(candidates, type: BuiltinResources.pods, context: context)
        try await JobSync(job: job, key: key, context: context, pods: pods).run()
    }

    /// The pods a deleted Job leaves with the tracking finalizer (`syncOrphanPod`): those whose controller
    /// reference names a Job of this key that no longer exists.
    private func releaseOrphans(of key: ObjectKey, context: ControllerContext) async throws {
        let orphans = context.cache.list(BuiltinResources.pods, namespace: key.namespace).filter { pod in
            guard JobPodControl.hasTrackingFinalizer(pod), let reference = ControllerRef.of(pod) else { return false }
            return reference["kind"]?.stringValue == "Job" && reference["apiVersion"]?.stringValue == "batch/v1"
                && reference["name"]?.stringValue == key.name
        }
        guard !orphans.isEmpty else { return }
        let placeholder = KubeObject(["metadata": ["name": .string(key.name), "namespace": .string(key.namespace ?? "")]])
        if let error = await JobPodControl(job: placeholder, context: context).removeFinalizers(orphans).error { throw error }
    }
}
