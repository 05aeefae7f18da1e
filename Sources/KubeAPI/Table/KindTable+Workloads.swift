import Foundation

extension KindTable {
    /// `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR.
    static let deployments = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Ready", description: "Number of the pod with ready state"),
            TableColumn(name: "Up-to-date", description: APIFieldDocs.deploymentStatusUpdatedReplicas),
            TableColumn(name: "Available", description: APIFieldDocs.deploymentStatusAvailableReplicas),
            .ageColumn, .containersColumn, .imagesColumn,
            TableColumn(name: "Selector", description: APIFieldDocs.deploymentSpecSelector, priority: 1),
        ],
        cells: { deployment, now in
            let spec = deployment.spec
            let status = deployment.json["status"]
            return [
                .string(deployment.name),
                .string("\(integer(status?["readyReplicas"]))/\(replicas(spec))"),
                .int(integer(status?["updatedReplicas"])), .int(integer(status?["availableReplicas"])),
                age(deployment, now),
            ] + containerCells(spec?[["template", "spec", "containers"]])
                + [.string(LabelFormatting.selector(spec?["selector"]) ?? "<invalid>")]
        })

    /// `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR.
    static let replicaSets = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Desired", type: "integer", description: APIFieldDocs.replicaSetSpecReplicas),
            TableColumn(name: "Current", type: "integer", description: APIFieldDocs.replicaSetStatusReplicas),
            TableColumn(name: "Ready", type: "integer", description: APIFieldDocs.replicaSetStatusReadyReplicas),
            .ageColumn, .containersColumn, .imagesColumn,
            TableColumn(name: "Selector", description: APIFieldDocs.replicaSetSpecSelector, priority: 1),
        ],
        cells: { replicaSet, now in
            let spec = replicaSet.spec
            let status = replicaSet.json["status"]
            return [
                .string(replicaSet.name), .int(replicas(spec)), .int(integer(status?["replicas"])),
                .int(integer(status?["readyReplicas"])), age(replicaSet, now),
            ] + containerCells(spec?[["template", "spec", "containers"]])
                + [.string(LabelFormatting.formattedSelector(spec?["selector"]))]
        })

    /// `kubectl get replicationcontrollers`: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR.
    static let replicationControllers = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Desired", type: "integer", description: APIFieldDocs.replicationControllerSpecReplicas),
            TableColumn(
                name: "Current", type: "integer",
                description: APIFieldDocs.replicationControllerStatusReplicas
            ),
            TableColumn(
                name: "Ready", type: "integer",
                description: APIFieldDocs.replicationControllerStatusReadyReplicas),
            .ageColumn, .containersColumn, .imagesColumn,
            TableColumn(name: "Selector", description: APIFieldDocs.replicationControllerSpecSelector, priority: 1),
        ],
        cells: { controller, now in
            let spec = controller.spec
            let status = controller.json["status"]
            return [
                .string(controller.name), .int(replicas(spec)), .int(integer(status?["replicas"])),
                .int(integer(status?["readyReplicas"])), age(controller, now),
            ] + containerCells(spec?[["template", "spec", "containers"]])
                + [.string(LabelFormatting.labels(spec?["selector"]))]
        })

    /// `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide
    /// CONTAINERS IMAGES SELECTOR.
    static let daemonSets = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Desired", type: "integer",
                description: APIFieldDocs.daemonSetStatusDesiredNumberScheduled
            ),
            TableColumn(
                name: "Current", type: "integer",
                description: APIFieldDocs.daemonSetStatusCurrentNumberScheduled
            ),
            TableColumn(name: "Ready", type: "integer", description: APIFieldDocs.daemonSetStatusNumberReady),
            TableColumn(
                name: "Up-to-date", type: "integer",
                description: APIFieldDocs.daemonSetStatusUpdatedNumberScheduled),
            TableColumn(name: "Available", type: "integer", description: APIFieldDocs.daemonSetStatusNumberAvailable),
            TableColumn(name: "Node Selector", description: APIFieldDocs.podSpecNodeSelector),
            .ageColumn, .containersColumn, .imagesColumn,
            TableColumn(name: "Selector", description: APIFieldDocs.daemonSetSpecSelector, priority: 1),
        ],
        cells: { daemonSet, now in
            let spec = daemonSet.spec
            let status = daemonSet.json["status"]
            let counts = [
                "desiredNumberScheduled", "currentNumberScheduled", "numberReady", "updatedNumberScheduled",
                "numberAvailable",
            ]
            return [.string(daemonSet.name)] + counts.map { .int(integer(status?[$0])) } + [
                .string(LabelFormatting.labels(spec?[["template", "spec", "nodeSelector"]])), age(daemonSet, now),
            ] + containerCells(spec?[["template", "spec", "containers"]])
                + [.string(LabelFormatting.formattedSelector(spec?["selector"]))]
        })

    /// `kubectl get statefulsets`: NAME READY AGE, wide CONTAINERS IMAGES.
    static let statefulSets = KindTable(
        columns: [
            .nameColumn, TableColumn(name: "Ready", description: "Number of the pod with ready state"), .ageColumn,
            .containersColumn, .imagesColumn,
        ],
        cells: { statefulSet, now in
            let spec = statefulSet.spec
            return [
                .string(statefulSet.name),
                .string("\(integer(statefulSet.json[["status", "readyReplicas"]]))/\(replicas(spec))"),
                age(statefulSet, now),
            ] + containerCells(spec?[["template", "spec", "containers"]])
        })

    /// `kubectl get jobs`: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR.
    static let jobs = KindTable(
        columns: [
            .nameColumn, TableColumn(name: "Status", description: "Status of the job."),
            TableColumn(name: "Completions", description: APIFieldDocs.jobStatusSucceeded),
            TableColumn(name: "Duration", description: "Time required to complete the job."),
            .ageColumn, .containersColumn, .imagesColumn,
            TableColumn(name: "Selector", description: APIFieldDocs.jobSpecSelector, priority: 1),
        ],
        cells: { job, now in
            let spec = job.spec
            let status = job.json["status"]
            let succeeded = integer(status?["succeeded"])
            let completions: String
            if let wanted = spec?["completions"]?.intValue {
                completions = "\(succeeded)/\(wanted)"
            } else if let parallelism = spec?["parallelism"]?.intValue, parallelism > 1 {
                completions = "\(succeeded)/1 of \(parallelism)"
            } else {
                completions = "\(succeeded)/1"
            }
            var duration = ""
            if let start = status?["startTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)) {
                let end = status?["completionTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)) ?? now
                duration = HumanDuration.string(for: end.timeIntervalSince(start))
            }
            return [.string(job.name), .string(jobStatus(job)), .string(completions), .string(duration), age(job, now)]
                + containerCells(spec?[["template", "spec", "containers"]])
                + [.string(LabelFormatting.formattedSelector(spec?["selector"]))]
        })

    /// A job's STATUS: the first of Complete, Failed, Terminating, Suspended and FailureTarget that holds.
    private static func jobStatus(_ job: KubeObject) -> String {
        let conditions = job.json[["status", "conditions"]]
        if conditionIsTrue(conditions, type: "Complete") { return "Complete" }
        if conditionIsTrue(conditions, type: "Failed") { return "Failed" }
        if job.deletionTimestamp != nil { return "Terminating" }
        if conditionIsTrue(conditions, type: "Suspended") { return "Suspended" }
        if conditionIsTrue(conditions, type: "FailureTarget") { return "FailureTarget" }
        return "Running"
    }

    /// `kubectl get cronjobs`: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES
    /// SELECTOR.
    static let cronJobs = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Schedule", description: APIFieldDocs.cronJobSpecSchedule),
            TableColumn(name: "Timezone", description: APIFieldDocs.cronJobSpecTimeZone),
            TableColumn(name: "Suspend", type: "boolean", description: APIFieldDocs.cronJobSpecSuspend),
            TableColumn(name: "Active", type: "integer", description: APIFieldDocs.cronJobStatusActive),
            TableColumn(name: "Last Schedule", description: APIFieldDocs.cronJobStatusLastScheduleTime),
            .ageColumn, .containersColumn, .imagesColumn,
            TableColumn(name: "Selector", description: APIFieldDocs.jobSpecSelector, priority: 1),
        ],
        cells: { cronJob, now in
            let spec = cronJob.spec
            let status = cronJob.json["status"]
            let lastSchedule = status?["lastScheduleTime"]?.stringValue.map { HumanDuration.since($0, now: now) }
            let jobSpec = spec?[["jobTemplate", "spec"]]
            return [
                .string(cronJob.name), .string(text(spec?["schedule"])), .string(text(spec?["timeZone"], or: "<none>")),
                .string(boolPointer(spec?["suspend"])), .int(Int64(status?["active"]?.arrayValue?.count ?? 0)),
                .string(lastSchedule ?? "<none>"), age(cronJob, now),
            ] + containerCells(jobSpec?[["template", "spec", "containers"]])
                + [.string(LabelFormatting.formattedSelector(jobSpec?["selector"]))]
        })

    /// `kubectl get controllerrevisions`: NAME CONTROLLER REVISION AGE, the controller as `kind.group/name` in
    /// lower case (`daemonset.apps/fluentd`).
    static let controllerRevisions = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Controller", description: "Controller of the object"),
            TableColumn(name: "Revision", description: APIFieldDocs.controllerRevisionRevision),
            .ageColumn,
        ],
        cells: { revision, now in
            var controller = "<none>"
            if let owner = revision.ownerReferences.first(where: { $0["controller"]?.boolValue == true }) {
                // The group of `group/version`; validation rejects an apiVersion with more slashes.
                let apiVersion = text(owner["apiVersion"])
                let group = apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : ""
                let kind = text(owner["kind"])
                let groupKind = group.isEmpty ? kind : "\(kind).\(group)"
                let name = text(owner["name"])
                controller = groupKind.isEmpty ? name : "\(groupKind.lowercased())/\(name)"
            }
            return [
                .string(revision.name), .string(controller), .int(integer(revision.json["revision"])),
                age(revision, now),
            ]
        })

    /// `spec.replicas`, which the server defaults to 1.
    private static func replicas(_ spec: JSONValue?) -> Int64 {
        spec?["replicas"]?.intValue ?? 1
    }
}
