import Foundation
import KubeAPI

extension JobSync {
    /// `trackJobStatusAndRemoveFinalizers`: records finished pods in `uncountedTerminatedPods` (succeeded
    /// indexes directly in `completedIndexes`) and any interim condition, writes that, removes the pods' tracking
    /// finalizers, moves the pods it removed them from into the counters, and marks the Job `Complete` or
    /// `Failed` once nothing is left uncounted or terminating; each step that changed something is written.
    func track(_ state: inout State, needsFlush initialFlush: Bool) async throws {
        var needsFlush = initialFlush
        let uncountedSucceeded = Set(state.status.uncountedSucceeded), uncountedFailed = Set(state.status.uncountedFailed)
        var ordered = pods
        if isIndexedJob { ordered = ordered.enumerated().sorted { ($0.element.completionIndexKey, $0.offset) < ($1.element.completionIndexKey, $1.offset) }.map(\.element) }
        var withFinalizer = Set(pods.filter(JobPodControl.hasTrackingFinalizer).compactMap(\.uid))
        if Self.countRemoved(&state.status, keeping: withFinalizer) { needsFlush = true }

        var toRemove: [KubeObject] = []
        var newIndexes: [Int] = []
        let completions = Int(job.spec?["completions"]?.intValue ?? 0)
        for pod in ordered where JobPodControl.hasTrackingFinalizer(pod) {
            let uid = pod.uid ?? ""
            let failed = isFailed(pod)
            let succeeded = Self.phase(pod) == "Succeeded"
            guard job.deletionTimestamp != nil || state.finished != nil || succeeded || failed else { continue }
            toRemove.append(pod)
            if succeeded && !uncountedFailed.contains(uid) {
                if isIndexedJob {
                    if let index = CompletionIndex.valid(pod, completions: completions), !state.previousSucceededIndexes.contains(index) {
                        newIndexes.append(index)
                        needsFlush = true
                    }
                } else if !uncountedSucceeded.contains(uid) {
                    state.status.uncountedSucceeded.append(uid)
                    needsFlush = true
                }
            } else if failed || (state.finished.map { $0.type != JobCondition.successCriteriaMet } ?? false) {
                let indexValid = !isIndexedJob || CompletionIndex.valid(pod, completions: completions) != nil
                if !uncountedFailed.contains(uid) && indexValid {
                    state.status.uncountedFailed.append(uid)
                    needsFlush = true
                }
            }
        }
        if isIndexedJob {
            state.succeededIndexes.formUnion(newIndexes)
            let text = CompletionIndex.format(state.succeededIndexes)
            if text != state.status.completedIndexes { needsFlush = true }
            state.status.succeeded = Int64(state.succeededIndexes.count)
            state.status.completedIndexes = text
        }
        if let finished = state.finished, finished.type == JobCondition.failureTarget {
            state.status.conditions.append(finished.json(now: context.clock.now()))
            needsFlush = true
            state.finished = finished.becoming(JobCondition.failed)
        }
        if let finished = state.finished, finished.type == JobCondition.successCriteriaMet {
            if state.status.condition(JobCondition.successCriteriaMet) == nil {
                state.status.conditions.append(finished.json(now: context.clock.now()))
                needsFlush = true
            }
            state.finished = finished.becoming(JobCondition.complete)
        }

        if needsFlush {
            try await write(state.status)
            needsFlush = false
        }
        if !toRemove.isEmpty {
            let removal = await JobPodControl(job: job, context: context).removeFinalizers(toRemove)
            withFinalizer.subtract(removal.removed)
            if Self.countRemoved(&state.status, keeping: withFinalizer) { needsFlush = true }
            if let error = removal.error {
                if needsFlush { try await write(state.status) }
                throw error
            }
        }
        let finished = enactFinished(&state)
        if finished { needsFlush = true }
        guard needsFlush else { return }
        try await write(state.status)
        if finished, let condition = state.finished { await recordFinished(condition, status: state.status) }
    }

    private var isIndexedJob: Bool { job.spec?["completionMode"]?.stringValue == "Indexed" }

    private func write(_ status: JobStatus) async throws {
        _ = try await context.api.updateStatus(
            BuiltinResources.jobs, namespace: job.namespace, name: job.name, status: status.json, options: context.writeOptions)
    }

    /// `cleanUncountedPodsWithoutFinalizers`: the uncounted pods that no longer carry the finalizer go into
    /// `succeeded` and `failed`. Returns whether anything moved.
    private static func countRemoved(_ status: inout JobStatus, keeping withFinalizer: Set<String>) -> Bool {
        let succeeded = status.uncountedSucceeded.filter(withFinalizer.contains)
        let failed = status.uncountedFailed.filter(withFinalizer.contains)
        guard succeeded.count != status.uncountedSucceeded.count || failed.count != status.uncountedFailed.count else { return false }
        status.succeeded += Int64(status.uncountedSucceeded.count - succeeded.count)
        status.failed += Int64(status.uncountedFailed.count - failed.count)
        status.uncountedSucceeded = succeeded
        status.uncountedFailed = failed
        return true
    }

    /// `enactJobFinished`: the final condition once no pod is uncounted or terminating; `completionTime` for
    /// `Complete`.
    private func enactFinished(_ state: inout State) -> Bool {
        guard let finished = state.finished, state.status.uncountedSucceeded.isEmpty, state.status.uncountedFailed.isEmpty,
            state.terminating == 0
        else { return false }
        let now = context.clock.now()
        state.status.ensureCondition(type: finished.type, status: finished.status, reason: finished.reason, message: finished.message, now: now)
        if finished.type == JobCondition.complete { state.status.completionTime = RFC3339Timestamp.string(from: now) }
        return true
    }

    /// `recordJobFinished`: `Completed` (after `TooManySucceededPods` when more pods succeeded than asked), or the
    /// failure's reason and message as a Warning.
    private func recordFinished(_ condition: JobCondition, status: JobStatus) async {
        if condition.type == JobCondition.complete {
            if let completions = job.spec?["completions"]?.intValue, status.succeeded > completions {
                await context.events.record(
                    job, type: .warning, reason: "TooManySucceededPods", message: "Too many succeeded pods running after completion count reached")
            }
            await context.events.record(job, reason: "Completed", message: "Job completed")
        } else {
            await context.events.record(job, type: .warning, reason: condition.reason, message: condition.message)
        }
    }
}

extension KubeObject {
    /// The completion index for ordering pods (`byCompletionIndex`): pods without one first.
    fileprivate var completionIndexKey: Int { CompletionIndex.of(self) ?? -1 }
}
