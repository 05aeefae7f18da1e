import Foundation
import KubeAPI

/// One sync of a CronJob (`syncCronJob`, `cleanupFinishedJobs`), collecting the status changes for one write.
struct CronJobSync {
    let cronJob: KubeObject
    /// The Jobs whose controller reference names it.
    let jobs: [KubeObject]
    let context: ControllerContext
    private(set) var status: CronJobStatus
    private(set) var statusChanged = false

    init(cronJob: KubeObject, jobs: [KubeObject], context: ControllerContext) {
        self.cronJob = cronJob
        self.jobs = jobs
        self.context = context
        status = CronJobStatus(cronJob)
    }

    private var spec: JSONValue { cronJob.spec ?? .emptyObject }

    /// Deletes the oldest finished Jobs beyond `successfulJobsHistoryLimit` and `failedJobsHistoryLimit` (oldest
    /// by start time, then name). Returns whether the status changed.
    mutating func cleanupFinishedJobs() async -> Bool {
        let successfulLimit = spec["successfulJobsHistoryLimit"]?.intValue
        let failedLimit = spec["failedJobsHistoryLimit"]?.intValue
        guard successfulLimit != nil || failedLimit != nil else { return false }
        let finished = jobs.compactMap { job in job.jobFinishedCondition.map { (job, $0["type"]?.stringValue ?? "") } }
        var changed = false
        for (type, limit) in [("Complete", successfulLimit), ("Failed", failedLimit)] {
            guard let limit else { continue }
            let candidates = finished.filter { $0.1 == type }.map(\.0).sorted(by: Self.startedEarlier)
            for job in candidates.prefix(max(0, candidates.count - Int(limit))) {
                if await delete(job) { changed = true }
            }
        }
        return changed
    }

    /// `byJobStartTime`: Jobs with a start time first, earlier first, then by name.
    static func startedEarlier(_ a: KubeObject, _ b: KubeObject) -> Bool {
        let first = a.json[["status", "startTime"]]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
        let second = b.json[["status", "startTime"]]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
        switch (first, second) {
        case (nil, .some): return false
        case (.some, nil): return true
        case let (.some(x), .some(y)) where x != y: return x < y
        default: return a.name < b.name
        }
    }

    /// Deletes a Job (in the background, as `jobControl.DeleteJob` does) and its entry in `active`.
    private mutating func delete(_ job: KubeObject) async -> Bool {
        do {
            _ = try await context.api.delete(
                BuiltinResources.jobs, namespace: job.namespace, name: job.name, options: DeleteOptions(propagationPolicy: .background))
        } catch {
            await context.events.record(cronJob, type: .warning, reason: "FailedDelete", message: "Deleted job: \(error)")
            return false
        }
        status.removeActive(uid: job.uid)
        await context.events.record(cronJob, reason: "SuccessfulDelete", message: "Deleted job \(job.name)")
        return true
    }

    /// Brings `active` and `lastSuccessfulTime` up to date, then starts the Job due now, if any. Returns when to
    /// look again (nil: not until the CronJob changes).
    ///
    /// In a simulation, scheduled times after its horizon count as not reached yet (see `ControllerContext.horizon`).
    mutating func run() async throws -> Date? {
        let now = min(context.clock.now(), context.horizon ?? .distantFuture)
        try await updateActive()
        if cronJob.deletionTimestamp != nil { return nil }
        var zoneName: String?
        if let name = spec["timeZone"]?.stringValue {
            guard CronSchedule.timeZone(named: name) != nil else {
                await context.events.record(
                    cronJob, type: .warning, reason: "UnknownTimeZone", message: "invalid timeZone: \"\(name)\": unknown time zone \(name)")
                return nil
            }
            zoneName = name
        }
        if spec["suspend"]?.boolValue == true { return nil }
        let scheduleText = spec["schedule"]?.stringValue ?? ""
        let formatted = await formatSchedule(scheduleText, zone: zoneName)
        let schedule: CronSchedule
        do {
            schedule = try CronSchedule(formatted)
        } catch {
            await context.events.record(
                cronJob, type: .warning, reason: "UnparseableSchedule", message: "unparseable schedule: \"\(scheduleText)\" : \(error)")
            return nil
        }
        let times = CronScheduleTimes(
            schedule: schedule, created: PodState.creationTime(cronJob) ?? now,
            lastScheduled: status.lastScheduleTime.flatMap(RFC3339Timestamp.date(from:)),
            startingDeadlineSeconds: spec["startingDeadlineSeconds"]?.intValue)
        let due: Date
        switch times.mostRecent(now: now, withDeadline: true) {
        case .failure(let error):
            await context.events.record(cronJob, type: .warning, reason: "InvalidSchedule", message: "invalid schedule: \(scheduleText) : \(error)")
            return nil
        case .success(let recent):
            guard let time = recent.time, time <= now else { return times.nextRequeue(now: now) }
            if recent.missed == .many {
                await context.events.record(
                    cronJob, type: .warning, reason: "TooManyMissedTimes",
                    message: "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew")
            }
            due = time
        }
        if let deadline = spec["startingDeadlineSeconds"]?.intValue, due.addingTimeInterval(TimeInterval(deadline)) < now {
            await context.events.record(
                cronJob, type: .warning, reason: "MissSchedule",
                message: "Missed scheduled time to start a job: \(Self.rfc1123Z(due))")
            return times.nextRequeue(now: now)
        }
        let jobName = "\(cronJob.name)-\(Int64(due.timeIntervalSince1970.rounded(.down)) / 60)"
        if status.active.contains(where: { $0["name"]?.stringValue == jobName })
            || status.lastScheduleTime == RFC3339Timestamp.string(from: due)
        {
            return times.nextRequeue(now: now)
        }
        let policy = spec["concurrencyPolicy"]?.stringValue ?? "Allow"
        if policy == "Forbid" && !status.active.isEmpty {
            await context.events.record(
                cronJob, reason: "JobAlreadyActive",
                message: "Not starting job because prior execution is running and concurrency policy is Forbid")
            return times.nextRequeue(now: now)
        }
        if policy == "Replace" {
            for reference in status.active {
                let name = reference["name"]?.stringValue ?? ""
                let job: KubeObject
                do {
                    job = try await context.api.get(BuiltinResources.jobs, namespace: cronJob.namespace, name: name)
                } catch {
                    await context.events.record(cronJob, type: .warning, reason: "FailedGet", message: "Get job: \(error)")
                    throw error
                }
                guard await delete(job) else { throw CronJobError("could not replace job \(job.namespace ?? "")/\(job.name)") }
                statusChanged = true
            }
        }
        let created: KubeObject
        do {
            created = try await context.api.create(
                BuiltinResources.jobs, namespace: cronJob.namespace, object: job(named: jobName, scheduledAt: due, zone: schedule.timeZone),
                options: context.writeOptions)
            await context.events.record(cronJob, reason: "SuccessfulCreate", message: "Created job \(created.name)")
        } catch let error as StatusError where error.reason == "AlreadyExists" {
            let existing = try await context.api.get(BuiltinResources.jobs, namespace: cronJob.namespace, name: jobName)
            guard ControllerRef.uid(of: existing) == cronJob.uid, !status.isActive(uid: existing.uid) else { return nil }
            created = existing
        } catch {
            if !PodControl.namespaceTerminating(error) {
                await context.events.record(cronJob, type: .warning, reason: "FailedCreate", message: "Error creating job: \(error)")
            }
            throw error
        }
        status.active.append([
            "kind": "Job", "namespace": .string(created.namespace ?? ""), "name": .string(created.name),
            "uid": .string(created.uid ?? ""), "apiVersion": "batch/v1", "resourceVersion": .string(created.resourceVersion ?? ""),
        ])
        status.lastScheduleTime = RFC3339Timestamp.string(from: due)
        statusChanged = true
        var scheduled = times
        scheduled.lastScheduled = due
        return scheduled.nextRequeue(now: now)
    }

    /// The first part of `syncCronJob`: finished Jobs leave `active` (`SawCompletedJob`), succeeded ones move
    /// `lastSuccessfulTime`, unknown running ones are reported, and Jobs that are gone leave `active`.
    private mutating func updateActive() async throws {
        var fresh: CronJobStatus?
        for job in jobs {
            let finished = job.jobFinishedCondition
            let found = status.isActive(uid: job.uid)
            if !found && finished == nil {
                if fresh == nil {
                    fresh = CronJobStatus(try await context.api.get(BuiltinResources.cronJobs, namespace: cronJob.namespace, name: cronJob.name))
                }
                if fresh?.isActive(uid: job.uid) == true { continue }
                await context.events.record(
                    cronJob, type: .warning, reason: "UnexpectedJob", message: "Saw a job that the controller did not create or forgot: \(job.name)")
            } else if found, let finished {
                status.removeActive(uid: job.uid)
                await context.events.record(
                    cronJob, reason: "SawCompletedJob",
                    message: "Saw completed job: \(job.name), status: \(finished["type"]?.stringValue ?? "")")
                statusChanged = true
            } else if finished?["type"]?.stringValue == "Complete" {
                let completion = job.json[["status", "completionTime"]]?.stringValue
                if let completion, status.lastSuccessfulTime.flatMap(RFC3339Timestamp.date(from:)).map({ current in
                    RFC3339Timestamp.date(from: completion).map { $0 > current } ?? false
                }) ?? true {
                    status.lastSuccessfulTime = completion
                    statusChanged = true
                }
            }
        }
        let uids = Set(jobs.compactMap(\.uid))
        for reference in status.active where !uids.contains(reference["uid"]?.stringValue ?? "") {
            let name = reference["name"]?.stringValue ?? ""
            do {
                _ = try await context.api.get(BuiltinResources.jobs, namespace: reference["namespace"]?.stringValue, name: name)
            } catch let error as StatusError where error.code == 404 {
                await context.events.record(cronJob, reason: "MissingJob", message: "Active job went missing: \(name)")
                status.removeActive(uid: reference["uid"]?.stringValue)
                statusChanged = true
            }
        }
    }

    /// `formatSchedule`: a schedule with its own `TZ` is kept (with a warning); else `spec.timeZone` is prefixed.
    private func formatSchedule(_ schedule: String, zone: String?) async -> String {
        if schedule.contains("TZ") {
            await context.events.record(
                cronJob, type: .warning, reason: "UnsupportedSchedule",
                message: "CRON_TZ or TZ used in schedule \"\(schedule)\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details")
            return schedule
        }
        guard let zone else { return schedule }
        return "TZ=\(zone) \(schedule)"
    }

    /// `getJobFromTemplate2`: the template's labels and annotations, the scheduled time (RFC 3339 in the
    /// CronJob's zone) as annotation, a controller reference to the CronJob, the template's spec.
    private func job(named name: String, scheduledAt time: Date, zone: TimeZone) -> JSONValue {
        let template = spec["jobTemplate"] ?? .emptyObject
        var annotations = template[["metadata", "annotations"]]?.objectValue ?? [:]
        annotations[CronJobController.scheduledTimestampAnnotation] = .string(Self.rfc3339(time, in: zone))
        var metadata: JSONValue = [
            "name": .string(name), "annotations": .object(annotations),
            "ownerReferences": [ControllerRef.make(to: cronJob, apiVersion: "batch/v1", kind: "CronJob")],
        ]
        if let labels = template[["metadata", "labels"]], !(labels.objectValue ?? [:]).isEmpty { metadata["labels"] = labels }
        return ["apiVersion": "batch/v1", "kind": "Job", "metadata": metadata, "spec": template["spec"] ?? .emptyObject]
    }

    /// Go's `time.RFC3339` of `time` in `zone`: `2025-03-30T02:00:00+02:00`, `Z` for UTC.
    static func rfc3339(_ time: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssXXXXX"
        return formatter.string(from: time)
    }

    /// Go's `time.RFC1123Z` in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`.
    static func rfc1123Z(_ time: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: time)
    }
}

struct CronJobError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
