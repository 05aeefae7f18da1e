import Foundation
import KubeAPI

/// kube-controller-manager's CronJob controller (`pkg/controller/cronjob`, the v2 controller) on the cluster's
/// clock: at each time the schedule names (in `spec.timeZone`) it creates the Job `<cronjob>-<minutes since the
/// epoch>` from the job template, unless the start is later than `startingDeadlineSeconds` allows or
/// `concurrencyPolicy: Forbid` finds one running (`Replace` deletes the running ones first); it keeps
/// `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, and deletes the oldest finished Jobs beyond
/// the history limits.
///
/// The next run is a timer that neither keeps a simulation going (a schedule never ends) nor fires because other
/// timers carried the clock past it (a Job longer than the period would start the next, without end): the
/// embedded command line reaches it by moving the simulated clock (`kubesim clock advance`), and a run passed
/// meanwhile is started late at the next command, as by a controller that was down.
public struct CronJobController: Controller {
    public init() {}

    public var name: String { "cronjob-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-cron-job-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] { [BuiltinResources.cronJobs, BuiltinResources.jobs] }

    /// The annotation with the time a Job was scheduled for (`batch.kubernetes.io/cronjob-scheduled-timestamp`).
    static let scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"
    /// The requeue's margin after the next scheduled time (`nextScheduleDelta`).
    static let nextScheduleDelta: TimeInterval = 0.1

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        if change.type == BuiltinResources.cronJobs { return change.event == .deleted ? [] : [ObjectKey(change.object)] }
        var keys: [ObjectKey] = []
        for job in [change.old, change.object].compactMap({ $0 }) {
            guard let reference = ControllerRef.of(job), reference["kind"]?.stringValue == "CronJob",
                let name = reference["name"]?.stringValue,
                let owner = cache.get(BuiltinResources.cronJobs, namespace: job.namespace, name: name),
                owner.uid == reference["uid"]?.stringValue
            else { continue }
            let key = ObjectKey(owner)
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let cronJob = context.cache.get(BuiltinResources.cronJobs, key) else { return }
        let jobs = context.cache.list(BuiltinResources.jobs, namespace: key.namespace).filter {
            ControllerRef.of($0)?["name"]?.stringValue == cronJob.name
        }
        var sync = CronJobSync(cronJob: cronJob, jobs: jobs, context: context)
        let cleanedUp = await sync.cleanupFinishedJobs()
        var syncError: (any Error)?
        var next: Date?
        do {
            next = try await sync.run()
        } catch {
            syncError = error
        }
        if cleanedUp || sync.statusChanged {
            _ = try await context.api.updateStatus(
                BuiltinResources.cronJobs, namespace: key.namespace, name: key.name, status: sync.status.json,
                options: context.writeOptions)
        }
        if let next {
            context.requeue(key, at: next, settles: false, pastHorizon: false)
            return
        }
        if let syncError { throw syncError }
    }
}

/// A CronJob's `status` (batch/v1 `CronJobStatus`).
struct CronJobStatus {
    var raw: JSONValue
    var active: [JSONValue]
    var lastScheduleTime: String?
    var lastSuccessfulTime: String?

    init(_ cronJob: KubeObject) {
        raw = cronJob.json["status"] ?? .emptyObject
        active = raw["active"]?.arrayValue ?? []
        lastScheduleTime = raw["lastScheduleTime"]?.stringValue
        lastSuccessfulTime = raw["lastSuccessfulTime"]?.stringValue
    }

    var json: JSONValue {
        var status = raw
        status["active"] = active.isEmpty ? nil : .array(active)
        status["lastScheduleTime"] = lastScheduleTime.map(JSONValue.string)
        status["lastSuccessfulTime"] = lastSuccessfulTime.map(JSONValue.string)
        return status
    }

    func isActive(uid: String?) -> Bool { active.contains { $0["uid"]?.stringValue == uid } }

    mutating func removeActive(uid: String?) { active.removeAll { $0["uid"]?.stringValue == uid } }
}
