import Foundation
import KubeAPI

/// One sync of a Job (`syncJob`): counts its finished pods through `status.uncountedTerminatedPods` and the
/// tracking finalizer, decides whether it has succeeded or failed (backoff limit, active deadline), creates or
/// deletes pods toward `parallelism` and `completions` (waiting out the failure backoff), and writes the status:
/// the interim `SuccessCriteriaMet`/`FailureTarget` condition first, `Complete`/`Failed` once every pod is
/// counted and none is terminating.
struct JobSync {
    let job: KubeObject
    let key: ObjectKey
    let context: ControllerContext
    /// The pods it controls (after adoption).
    let pods: [KubeObject]

    private var control: JobPodControl { JobPodControl(job: job, context: context) }
    private var now: Date { context.clock.now() }
    private var spec: JSONValue { job.spec ?? .emptyObject }
    private var completions: Int? { spec["completions"]?.intValue.map(Int.init) }
    private var parallelism: Int { Int(spec["parallelism"]?.intValue ?? 1) }
    private var backoffLimit: Int64 { spec["backoffLimit"]?.intValue ?? 6 }
    private var isIndexed: Bool { spec["completionMode"]?.stringValue == "Indexed" }
    private var isSuspended: Bool { spec["suspend"]?.boolValue == true }
    /// `podReplacementPolicy: Failed`: terminating pods are not failures and are not replaced until they end.
    private var onlyReplacesFailed: Bool {
        spec["podReplacementPolicy"]?.stringValue == "Failed" || spec["podFailurePolicy"] != nil
    }

    /// The state one sync builds up.
    struct State {
        var status: JobStatus
        var active: [KubeObject]
        var activeCount: Int
        var ready: Int
        var terminating: Int
        var succeeded: Int64
        var failed: Int64
        var succeededIndexes: Set<Int> = []
        var previousSucceededIndexes: Set<Int> = []
        var finished: JobCondition?
    }

    func run() async throws {
        let status = JobStatus(job)
        let uncountedSucceeded = Set(status.uncountedSucceeded), uncountedFailed = Set(status.uncountedFailed)
        let active = pods.filter(PodState.isActive)
        var state = State(
            status: status, active: active, activeCount: active.count, ready: active.filter(PodState.isReady).count,
            terminating: pods.filter(Self.isTerminating).count, succeeded: 0, failed: 0)
        let counted = pods.filter { JobPodControl.hasTrackingFinalizer($0) && hasValidIndex($0) }
        let newSucceeded = counted.filter { !uncountedSucceeded.contains($0.uid ?? "") && Self.phase($0) == "Succeeded" }
        let newFailed = counted.filter { !uncountedFailed.contains($0.uid ?? "") && isFailed($0) }
        state.succeeded = status.succeeded + Int64(newSucceeded.count + uncountedSucceeded.count)
        state.failed = status.failed + Int64(newFailed.count + uncountedFailed.count)
        if state.status.startTime == nil && !isSuspended { state.status.startTime = RFC3339Timestamp.string(from: now) }

        if status.hasTrueCondition(JobCondition.successCriteriaMet), let met = status.condition(JobCondition.successCriteriaMet) {
            state.finished = JobCondition(met)
        } else if status.hasTrueCondition(JobCondition.failureTarget), let target = status.condition(JobCondition.failureTarget) {
            state.finished = JobCondition(target).becoming(JobCondition.failed)
        } else if state.failed > backoffLimit || pastBackoffLimitOnFailure() {
            state.finished = .backoffLimitExceeded
        } else if let deadline = activeDeadline(startTime: state.status.startTime) {
            if now >= deadline { state.finished = .deadlineExceeded } else { context.requeue(key, at: deadline) }
        }
        if isIndexed, let completions {
            state.previousSucceededIndexes = CompletionIndex.parse(status.completedIndexes, completions: completions)
            state.succeededIndexes = state.previousSucceededIndexes.union(
                pods.filter { Self.phase($0) == "Succeeded" && JobPodControl.hasTrackingFinalizer($0) }
                    .compactMap { CompletionIndex.valid($0, completions: completions) })
            state.succeeded = Int64(state.succeededIndexes.count)
        }

        var manageError: (any Error)?
        var suspendChanged = false
        if state.finished != nil {
            let deletion = await control.delete(state.active, removingFinalizer: false)
            if deletion.deleted != state.activeCount { state.finished = nil }
            state.activeCount -= deletion.deleted
            state.terminating += deletion.deleted
            state.ready -= deletion.ready
            manageError = deletion.error
        } else {
            var manageCalled = false
            if job.deletionTimestamp == nil {
                manageError = await manage(&state)
                manageCalled = true
            }
            let complete: Bool
            if let completions {
                complete = state.succeeded >= completions && state.activeCount == 0
            } else {
                complete = state.succeeded > 0 && state.activeCount == 0
            }
            if complete {
                state.finished = .completionsReached
            } else if manageCalled {
                suspendChanged = await updateSuspendCondition(&state.status)
            }
        }

        let needsUpdate =
            suspendChanged || Int64(state.activeCount) != status.active || Int64(state.ready) != status.ready
            || Int64(state.terminating) != status.terminating
        state.status.active = Int64(state.activeCount)
        state.status.ready = Int64(state.ready)
        state.status.terminating = Int64(state.terminating)
        try await track(&state, needsFlush: needsUpdate)
        if let manageError { throw manageError }
    }

    // MARK: - Pods

    static func phase(_ pod: KubeObject) -> String { pod.json[["status", "phase"]]?.stringValue ?? "" }

    /// Being deleted and not yet terminal (`CountTerminatingPods`).
    static func isTerminating(_ pod: KubeObject) -> Bool {
        pod.deletionTimestamp != nil && !["Succeeded", "Failed"].contains(phase(pod))
    }

    /// Failed, or deleted before succeeding unless only failed pods are replaced (`isPodFailed`).
    func isFailed(_ pod: KubeObject) -> Bool {
        if Self.phase(pod) == "Failed" { return true }
        if onlyReplacesFailed { return false }
        return pod.deletionTimestamp != nil && Self.phase(pod) != "Succeeded"
    }

    private func hasValidIndex(_ pod: KubeObject) -> Bool {
        guard isIndexed else { return true }
        return CompletionIndex.valid(pod, completions: completions ?? 0) != nil
    }

    /// With restartPolicy OnFailure, the restarts of running and pending pods' containers reach the limit.
    private func pastBackoffLimitOnFailure() -> Bool {
        guard spec[["template", "spec", "restartPolicy"]]?.stringValue == "OnFailure" else { return false }
        var restarts: Int64 = 0
        for pod in pods where ["Running", "Pending"].contains(Self.phase(pod)) {
            for field in ["initContainerStatuses", "containerStatuses"] {
                for item in pod.json[["status", field]]?.arrayValue ?? [] { restarts += item["restartCount"]?.intValue ?? 0 }
            }
        }
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit
    }

    /// When `activeDeadlineSeconds` runs out, counted from the start time; nil when unset or suspended.
    private func activeDeadline(startTime: String?) -> Date? {
        guard let seconds = spec["activeDeadlineSeconds"]?.intValue, !isSuspended,
            let start = startTime.flatMap(RFC3339Timestamp.date(from:))
        else { return nil }
        return start.addingTimeInterval(TimeInterval(seconds))
    }

    /// `manageJob`: deletes every active pod of a suspended Job; otherwise deletes the pods beyond what is
    /// wanted (duplicated or out-of-range indexes first), or creates the missing ones once the backoff allows.
    private func manage(_ state: inout State) async -> (any Error)? {
        let ranking = PodRanking(now: now)
        if isSuspended {
            return await deleteForManage(ranking.ordered(state.active, related: []), &state)
        }
        var wantActive: Int
        if let completions {
            wantActive = max(0, min(completions - Int(state.succeeded), parallelism))
        } else {
            wantActive = state.succeeded > 0 ? state.activeCount : parallelism
        }
        let removeAtLeast = max(0, state.activeCount - wantActive)
        var toDelete: [KubeObject] = []
        var remaining = state.active
        if isIndexed, let completions {
            (toDelete, remaining) = CompletionIndex.duplicates(state.active, completions: completions, ranking: ranking)
        }
        if toDelete.count < removeAtLeast {
            toDelete += ranking.ordered(remaining, related: []).prefix(removeAtLeast - toDelete.count)
        }
        if !toDelete.isEmpty { return await deleteForManage(Array(toDelete.prefix(500)), &state) }

        let waiting = onlyReplacesFailed ? state.terminating : 0
        var diff = min(wantActive - waiting - state.activeCount, 500)
        guard diff > 0 else { return nil }
        let backoff = JobPodBackoff(pods: pods, isFailed: isFailed).remaining(at: now)
        if backoff > 0 {
            context.requeue(key, after: .milliseconds(Int64((max(backoff, 1) * 1000).rounded(.up))))
            return nil
        }
        var indexes: [Int]?
        if isIndexed, let completions {
            indexes = CompletionIndex.firstPending(
                count: diff, completions: completions, succeeded: state.succeededIndexes, active: state.active)
            diff = indexes?.count ?? 0
        }
        let creation = await control.create(count: diff, indexes: indexes)
        state.activeCount += creation.created
        return creation.error
    }

    private func deleteForManage(_ pods: [KubeObject], _ state: inout State) async -> (any Error)? {
        let deletion = await control.delete(pods, removingFinalizer: true)
        state.activeCount -= deletion.deleted
        state.terminating += deletion.deleted
        state.ready -= deletion.ready
        return deletion.error
    }

    /// The `Suspended` condition and its events; a resumed Job's start time restarts now.
    private func updateSuspendCondition(_ status: inout JobStatus) async -> Bool {
        if isSuspended {
            guard status.ensureCondition(type: JobCondition.suspended, status: "True", reason: "JobSuspended", message: "Job suspended", now: now)
            else { return false }
            await context.events.record(job, reason: "Suspended", message: "Job suspended")
        } else {
            guard status.ensureCondition(type: JobCondition.suspended, status: "False", reason: "JobResumed", message: "Job resumed", now: now)
            else { return false }
            await context.events.record(job, reason: "Resumed", message: "Job resumed")
            status.startTime = RFC3339Timestamp.string(from: now)
        }
        return true
    }
}
