import Foundation
import KubeAPI

/// kubectl's describers of the workload controllers: deployments, replica sets, daemon sets, stateful sets,
/// jobs and cron jobs.
extension DescribeContext {
    /// `getPodStatusForController`: the phases of the pods the selector picks that `owner` controls.
    func podPhases(namespace: String?, selector: JSONValue?, owner: KubeObject) async -> String {
        let text = LabelFormatting.selector(selector) ?? ""
        var counts: [String: Int] = [:]
        for pod in await list(BuiltinResources.pods, namespace: namespace, selector: text) {
            guard let controller = pod.ownerReferences.first(where: { $0["controller"]?.boolValue == true }),
                controller["uid"]?.stringValue == owner.uid
            else { continue }
            counts[pod.json[["status", "phase"]]?.stringValue ?? "", default: 0] += 1
        }
        return "\(counts["Running"] ?? 0) Running / \(counts["Pending"] ?? 0) Waiting / \(counts["Succeeded"] ?? 0) Succeeded / \(counts["Failed"] ?? 0) Failed"
    }

    private static func selectorText(_ selector: JSONValue?) -> String { LabelFormatting.selector(selector) ?? "" }

    func describeDeployment(_ deployment: KubeObject) async -> String {
        let events = await self.events(about: deployment)
        let spec = deployment.json["spec"] ?? .emptyObject
        let status = deployment.json["status"] ?? .emptyObject
        // deploymentutil.GetAllReplicaSets: the owned replica sets; the new one has the deployment's template.
        let owned = await list(BuiltinResources.replicaSets, namespace: deployment.namespace, selector: Self.selectorText(spec["selector"]))
            .filter { $0.ownerReferences.contains { $0["controller"]?.boolValue == true && $0["uid"]?.stringValue == deployment.uid } }
        let template = Self.withoutHash(spec["template"])
        let newSet = owned.filter { Self.withoutHash($0.json[["spec", "template"]]) == template }
            .min { ($0.creationTimestamp ?? "") < ($1.creationTimestamp ?? "") }
        let oldSets = owned.filter { $0.uid != newSet?.uid }
        var w = DescribeWriter()
        w.write(0, "Name:\t\(deployment.name)\n")
        w.write(0, "Namespace:\t\(deployment.namespace ?? "")\n")
        w.write(0, "CreationTimestamp:\t\(DescribeTime.rfc1123(deployment.creationTimestamp))\n")
        w.labels("Labels", deployment.labels)
        w.annotations("Annotations", deployment.annotations)
        w.write(0, "Selector:\t\(Self.selectorText(spec["selector"]))\n")
        w.write(0, "Replicas:\t\(spec["replicas"]?.intValue ?? 0) desired | \(status["updatedReplicas"]?.intValue ?? 0) updated | \(status["replicas"]?.intValue ?? 0) total | \(status["availableReplicas"]?.intValue ?? 0) available | \(status["unavailableReplicas"]?.intValue ?? 0) unavailable\n")
        w.write(0, "StrategyType:\t\(spec[["strategy", "type"]]?.stringValue ?? "")\n")
        w.write(0, "MinReadySeconds:\t\(spec["minReadySeconds"]?.intValue ?? 0)\n")
        if let rolling = spec[["strategy", "rollingUpdate"]], rolling != .null {
            w.write(0, "RollingUpdateStrategy:\t\(rolling["maxUnavailable"]?.goText ?? "0") max unavailable, \(rolling["maxSurge"]?.goText ?? "0") max surge\n")
        }
        Self.podTemplate(spec["template"], into: &w)
        Self.conditions(status["conditions"]?.arrayValue ?? [], into: &w)
        if newSet != nil || !oldSets.isEmpty {
            w.write(0, "OldReplicaSets:\t\(Self.replicaSetList(oldSets))\n")
            w.write(0, "NewReplicaSet:\t\(Self.replicaSetList(newSet.map { [$0] } ?? []))\n")
        }
        w.events(events, now: now)
        return w.finish()
    }

    private static func withoutHash(_ template: JSONValue?) -> JSONValue? {
        var template = template
        if let labels = template?[["metadata", "labels"]]?.objectValue {
            var trimmed = labels
            trimmed["pod-template-hash"] = nil
            template?[["metadata", "labels"]] = .object(trimmed)
        }
        return template
    }

    private static func replicaSetList(_ sets: [KubeObject]) -> String {
        let text = sets.map {
            "\($0.name) (\($0.json[["status", "replicas"]]?.intValue ?? 0)/\($0.json[["spec", "replicas"]]?.intValue ?? 0) replicas created)"
        }.joined(separator: ", ")
        return text.isEmpty ? "<none>" : text
    }

    /// The `Type Status Reason` conditions table of deployments, replica sets and replication controllers.
    private static func conditions(_ conditions: [JSONValue], into w: inout DescribeWriter) {
        guard !conditions.isEmpty else { return }
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions {
            w.write(1, "\(c["type"]?.stringValue ?? "") \t\(c["status"]?.stringValue ?? "")\t\(c["reason"]?.stringValue ?? "")\n")
        }
    }

    func describeReplicaSet(_ set: KubeObject) async -> String {
        let spec = set.json["spec"] ?? .emptyObject
        let phases = await podPhases(namespace: set.namespace, selector: spec["selector"], owner: set)
        let events = await self.events(about: set)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(set.name)\n")
        w.write(0, "Namespace:\t\(set.namespace ?? "")\n")
        w.write(0, "Selector:\t\(LabelFormatting.formattedSelector(spec["selector"]))\n")
        w.labels("Labels", set.labels)
        w.annotations("Annotations", set.annotations)
        if let owner = Self.controller(of: set) { w.write(0, "Controlled By:\t\(owner)\n") }
        w.write(0, "Replicas:\t\(set.json[["status", "replicas"]]?.intValue ?? 0) current / \(spec["replicas"]?.intValue ?? 0) desired\n")
        w.write(0, "Pods Status:\t\(phases)\n")
        Self.podTemplate(spec["template"], into: &w)
        Self.conditions(set.json[["status", "conditions"]]?.arrayValue ?? [], into: &w)
        w.events(events, now: now)
        return w.finish()
    }

    func describeDaemonSet(_ set: KubeObject) async -> String {
        let spec = set.json["spec"] ?? .emptyObject
        let status = set.json["status"] ?? .emptyObject
        let phases = await podPhases(namespace: set.namespace, selector: spec["selector"], owner: set)
        let events = await self.events(about: set)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(set.name)\n")
        w.write(0, "Selector:\t\(Self.selectorText(spec["selector"]))\n")
        w.write(0, "Node-Selector:\t\(LabelFormatting.labels(spec[["template", "spec", "nodeSelector"]]))\n")
        w.labels("Labels", set.labels)
        w.annotations("Annotations", set.annotations)
        w.write(0, "Desired Number of Nodes Scheduled: \(status["desiredNumberScheduled"]?.intValue ?? 0)\n")
        w.write(0, "Current Number of Nodes Scheduled: \(status["currentNumberScheduled"]?.intValue ?? 0)\n")
        w.write(0, "Number of Nodes Scheduled with Up-to-date Pods: \(status["updatedNumberScheduled"]?.intValue ?? 0)\n")
        w.write(0, "Number of Nodes Scheduled with Available Pods: \(status["numberAvailable"]?.intValue ?? 0)\n")
        w.write(0, "Number of Nodes Misscheduled: \(status["numberMisscheduled"]?.intValue ?? 0)\n")
        w.write(0, "Pods Status:\t\(phases)\n")
        Self.podTemplate(spec["template"], into: &w)
        w.events(events, now: now)
        return w.finish()
    }

    func describeStatefulSet(_ set: KubeObject) async -> String {
        let spec = set.json["spec"] ?? .emptyObject
        let phases = await podPhases(namespace: set.namespace, selector: spec["selector"], owner: set)
        let events = await self.events(about: set)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(set.name)\n")
        w.write(0, "Namespace:\t\(set.namespace ?? "")\n")
        w.write(0, "CreationTimestamp:\t\(DescribeTime.rfc1123(set.creationTimestamp))\n")
        w.write(0, "Selector:\t\(Self.selectorText(spec["selector"]))\n")
        w.labels("Labels", set.labels)
        w.annotations("Annotations", set.annotations)
        w.write(0, "Replicas:\t\(spec["replicas"]?.intValue ?? 0) desired | \(set.json[["status", "replicas"]]?.intValue ?? 0) total\n")
        w.write(0, "Update Strategy:\t\(spec[["updateStrategy", "type"]]?.stringValue ?? "")\n")
        if let rolling = spec[["updateStrategy", "rollingUpdate"]], rolling != .null, let partition = rolling["partition"]?.intValue {
            w.write(1, "Partition:\t\(partition)\n")
            if let unavailable = rolling["maxUnavailable"], unavailable != .null { w.write(1, "MaxUnavailable:\t\(unavailable.goText)\n") }
        }
        w.write(0, "Pods Status:\t\(phases)\n")
        Self.podTemplate(spec["template"], into: &w)
        let claims = spec["volumeClaimTemplates"]?.arrayValue ?? []
        if claims.isEmpty {
            w.write(0, "Volume Claims:\t<none>\n")
        } else {
            w.write(0, "Volume Claims:\n")
            for claim in claims {
                w.write(1, "Name:\t\(claim[["metadata", "name"]]?.stringValue ?? "")\n")
                w.write(1, "StorageClass:\t\(Self.claimClass(claim))\n")
                w.labels("Labels", claim[["metadata", "labels"]]?.stringMap ?? [:], indent: "  ")
                w.labels("Annotations", claim[["metadata", "annotations"]]?.stringMap ?? [:], indent: "  ")
                let capacity = claim[["spec", "resources", "requests", "storage"]].map { Self.quantity($0) } ?? "<default>"
                w.write(1, "Capacity:\t\(capacity)\n")
                w.write(1, "Access Modes:\t\((claim[["spec", "accessModes"]] ?? .array([])).goText)\n")
            }
        }
        w.events(events, now: now)
        return w.finish()
    }

    func describeJob(_ job: KubeObject) async -> String {
        let events = await self.events(about: job)
        let spec = job.json["spec"] ?? .emptyObject
        let status = job.json["status"] ?? .emptyObject
        var w = DescribeWriter()
        w.write(0, "Name:\t\(job.name)\n")
        w.write(0, "Namespace:\t\(job.namespace ?? "")\n")
        w.write(0, "Selector:\t\(Self.selectorText(spec["selector"]))\n")
        w.labels("Labels", job.labels)
        w.annotations("Annotations", job.annotations)
        if let owner = Self.controller(of: job) { w.write(0, "Controlled By:\t\(owner)\n") }
        if let parallelism = spec["parallelism"]?.intValue { w.write(0, "Parallelism:\t\(parallelism)\n") }
        w.write(0, "Completions:\t\(spec["completions"]?.intValue.map(String.init) ?? "<unset>")\n")
        if let mode = spec["completionMode"]?.stringValue { w.write(0, "Completion Mode:\t\(mode)\n") }
        if let suspend = spec["suspend"]?.boolValue { w.write(0, "Suspend:\t\(suspend)\n") }
        if let limit = spec["backoffLimit"]?.intValue { w.write(0, "Backoff Limit:\t\(limit)\n") }
        if let ttl = spec["ttlSecondsAfterFinished"]?.intValue { w.write(0, "TTL Seconds After Finished:\t\(ttl)\n") }
        let start = status["startTime"]?.stringValue
        let completion = status["completionTime"]?.stringValue
        if let start { w.write(0, "Start Time:\t\(DescribeTime.rfc1123(start))\n") }
        if let completion { w.write(0, "Completed At:\t\(DescribeTime.rfc1123(completion))\n") }
        if let start = start.flatMap(RFC3339Timestamp.date(from:)), let end = completion.flatMap(RFC3339Timestamp.date(from:)) {
            w.write(0, "Duration:\t\(HumanDuration.string(for: end.timeIntervalSince(start)))\n")
        }
        if let deadline = spec["activeDeadlineSeconds"]?.intValue { w.write(0, "Active Deadline Seconds:\t\(deadline)s\n") }
        let active = status["active"]?.intValue ?? 0, succeeded = status["succeeded"]?.intValue ?? 0, failed = status["failed"]?.intValue ?? 0
        if let ready = status["ready"]?.intValue {
            w.write(0, "Pods Statuses:\t\(active) Active (\(ready) Ready) / \(succeeded) Succeeded / \(failed) Failed\n")
        } else {
            w.write(0, "Pods Statuses:\t\(active) Active / \(succeeded) Succeeded / \(failed) Failed\n")
        }
        if spec["completionMode"]?.stringValue == "Indexed" {
            w.write(0, "Completed Indexes:\t\(Self.cappedIndexes(status["completedIndexes"]?.stringValue ?? ""))\n")
        }
        Self.podTemplate(spec["template"], into: &w)
        w.events(events, now: now)
        return w.finish()
    }

    private static func cappedIndexes(_ indexes: String) -> String {
        guard !indexes.isEmpty else { return "<none>" }
        let bytes = Array(indexes.utf8)
        var index = 50
        while index < bytes.count && bytes[index] != UInt8(ascii: ",") { index += 1 }
        guard index < bytes.count else { return indexes }
        return String(decoding: bytes[...index], as: UTF8.self) + "..."
    }

    func describeCronJob(_ cronJob: KubeObject) async -> String {
        let events = await self.events(about: cronJob)
        let spec = cronJob.json["spec"] ?? .emptyObject
        var w = DescribeWriter()
        w.write(0, "Name:\t\(cronJob.name)\n")
        w.write(0, "Namespace:\t\(cronJob.namespace ?? "")\n")
        w.labels("Labels", cronJob.labels)
        w.annotations("Annotations", cronJob.annotations)
        w.write(0, "Schedule:\t\(spec["schedule"]?.stringValue ?? "")\n")
        w.write(0, "Concurrency Policy:\t\(spec["concurrencyPolicy"]?.stringValue ?? "")\n")
        w.write(0, "Suspend:\t\(spec["suspend"]?.boolValue.map { $0 ? "True" : "False" } ?? "<unset>")\n")
        w.write(0, "Successful Job History Limit:\t\(spec["successfulJobsHistoryLimit"]?.intValue.map(String.init) ?? "<unset>")\n")
        w.write(0, "Failed Job History Limit:\t\(spec["failedJobsHistoryLimit"]?.intValue.map(String.init) ?? "<unset>")\n")
        w.write(0, "Starting Deadline Seconds:\t\(spec["startingDeadlineSeconds"]?.intValue.map { "\($0)s" } ?? "<unset>")\n")
        let job = spec[["jobTemplate", "spec"]] ?? .emptyObject
        if let selector = job["selector"], selector != .null {
            w.write(0, "Selector:\t\(Self.selectorText(selector))\n")
        } else {
            w.write(0, "Selector:\t<unset>\n")
        }
        w.write(0, "Parallelism:\t\(job["parallelism"]?.intValue.map(String.init) ?? "<unset>")\n")
        w.write(0, "Completions:\t\(job["completions"]?.intValue.map(String.init) ?? "<unset>")\n")
        if let deadline = job["activeDeadlineSeconds"]?.intValue { w.write(0, "Active Deadline Seconds:\t\(deadline)s\n") }
        Self.podTemplate(job["template"], into: &w)
        w.write(0, "Last Schedule Time:\t\(cronJob.json[["status", "lastScheduleTime"]]?.stringValue.map(DescribeTime.rfc1123) ?? "<unset>")\n")
        let active = (cronJob.json[["status", "active"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        w.write(0, "Active Jobs:\t")
        w.line(active.isEmpty ? "<none>" : active.joined(separator: ", "))
        w.events(events, now: now)
        return w.finish()
    }
}
