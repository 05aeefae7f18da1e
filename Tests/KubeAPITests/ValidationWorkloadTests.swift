import Testing

@testable import KubeAPI

/// Deployments, ReplicaSets, DaemonSets, StatefulSets, ReplicationControllers, Jobs and CronJobs.
struct ValidationWorkloadTests {
    static let otherLabels = Fixtures.template(labels: ["app": "other"])

    static let cases: [ValidationCase] = [
        ValidationCase("a valid deployment passes", "Deployment", Fixtures.workload("Deployment"), []),
        ValidationCase(
            "the selector must match the template labels", "Deployment", Fixtures.workload("Deployment", spec: ["template": otherLabels]),
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: \(Message.selectorMismatch)"]),
        ValidationCase(
            "a deployment needs a selector", "Deployment", Fixtures.workload("Deployment", spec: ["selector": .null]),
            [
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: \(Message.selectorMismatch)",
            ]),
        ValidationCase(
            "an empty selector is invalid", "Deployment", Fixtures.workload("Deployment", spec: ["selector": .emptyObject]),
            [
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
            ]),
        ValidationCase(
            "replicas may not be negative", "Deployment", Fixtures.workload("Deployment", spec: ["replicas": -1]),
            ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]),
        ValidationCase(
            "deployment pods restart Always", "Deployment",
            Fixtures.workload("Deployment", spec: ["template": Fixtures.template(spec: ["containers": [Fixtures.container], "restartPolicy": "OnFailure"])]),
            ["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""]),
        ValidationCase(
            "template pod specs are validated", "Deployment",
            Fixtures.workload("Deployment", spec: ["template": Fixtures.template(spec: ["containers": [["name": "web"]]])]),
            ["spec.template.spec.containers[0].image: Required value"]),
        ValidationCase(
            "template labels are reported under template.labels", "Deployment",
            Fixtures.workload("Deployment", spec: ["template": Fixtures.template(labels: ["app": "web", "tier": "front end"])]),
            ["spec.template.labels: Invalid value: \"front end\": \(Message.labelValue)"]),
        ValidationCase(
            "the strategy type is Recreate or RollingUpdate", "Deployment",
            Fixtures.workload("Deployment", spec: ["strategy": ["type": "BlueGreen"]]),
            [
                "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""
            ]),
        ValidationCase(
            "Recreate takes no rollingUpdate", "Deployment",
            Fixtures.workload("Deployment", spec: ["strategy": ["type": "Recreate", "rollingUpdate": ["maxSurge": 1]]]),
            ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]),
        ValidationCase(
            "maxUnavailable is at most 100%", "Deployment",
            Fixtures.workload("Deployment", spec: ["strategy": ["rollingUpdate": ["maxUnavailable": "150%"]]]),
            [
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"
            ]),
        ValidationCase(
            "maxSurge is an int or a percentage", "Deployment",
            Fixtures.workload("Deployment", spec: ["strategy": ["rollingUpdate": ["maxSurge": "abc"]]]),
            [
                "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
            ]),
        ValidationCase(
            "maxUnavailable and maxSurge are not both 0", "Deployment",
            Fixtures.workload("Deployment", spec: ["strategy": ["rollingUpdate": ["maxSurge": 0, "maxUnavailable": 0]]]),
            [
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"
            ]),
        ValidationCase(
            "the progress deadline exceeds minReadySeconds", "Deployment",
            Fixtures.workload("Deployment", spec: ["minReadySeconds": 10, "progressDeadlineSeconds": 5]),
            ["spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds"]),
        ValidationCase(
            "selector requirements use known operators", "Deployment",
            Fixtures.workload("Deployment", spec: ["selector": ["matchExpressions": [["key": "app", "operator": "Near", "values": ["web"]]]]]),
            [
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Near\", Values:[]string{\"web\"}}}}: invalid label selector",
            ]),
        ValidationCase("a valid replicaset passes", "ReplicaSet", Fixtures.workload("ReplicaSet"), []),
        ValidationCase(
            "a replicaset's empty selector is reported as a deployment's", "ReplicaSet", Fixtures.workload("ReplicaSet", spec: ["selector": .emptyObject]),
            [
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
            ]),
        ValidationCase("a valid daemonset passes", "DaemonSet", Fixtures.workload("DaemonSet"), []),
        ValidationCase(
            "daemonset pods restart Always", "DaemonSet",
            Fixtures.workload("DaemonSet", spec: ["template": Fixtures.template(spec: ["containers": [Fixtures.container], "restartPolicy": "Never"])]),
            ["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""]),
        ValidationCase(
            "a daemonset rolls at least one pod", "DaemonSet",
            Fixtures.workload("DaemonSet", spec: ["updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 0, "maxSurge": 0]]]),
            ["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"]),
        ValidationCase("a valid statefulset passes", "StatefulSet", Fixtures.workload("StatefulSet"), []),
        ValidationCase(
            "podManagementPolicy is OrderedReady or Parallel", "StatefulSet",
            Fixtures.workload("StatefulSet", spec: ["podManagementPolicy": "Random"]),
            ["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"]),
        ValidationCase(
            "a statefulset's selector matches its template", "StatefulSet", Fixtures.workload("StatefulSet", spec: ["template": otherLabels]),
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: \(Message.selectorMismatch)"]),
        ValidationCase(
            "a replication controller's selector matches its template", "ReplicationController",
            Fixtures.workload("ReplicationController", spec: ["selector": ["app": "web"], "template": otherLabels]),
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: \(Message.selectorMismatch)"]),
        ValidationCase(
            "a replication controller takes its selector from the template", "ReplicationController",
            Fixtures.workload("ReplicationController", spec: ["selector": .null]), []),
        ValidationCase("a valid job passes", "Job", Fixtures.job(), []),
        ValidationCase(
            "job pods restart OnFailure or Never", "Job", Fixtures.job(spec: ["template": Fixtures.template()]),
            ["spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""]),
        ValidationCase(
            "backoffLimit may not be negative", "Job", Fixtures.job(spec: ["backoffLimit": -1]),
            ["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"]),
        ValidationCase(
            "completions and parallelism may not be negative", "Job", Fixtures.job(spec: ["completions": -1, "parallelism": -2]),
            [
                "spec.parallelism: Invalid value: -2: must be greater than or equal to 0",
                "spec.completions: Invalid value: -1: must be greater than or equal to 0",
            ]),
        ValidationCase(
            "completionMode is NonIndexed or Indexed", "Job", Fixtures.job(spec: ["completionMode": "Sometimes"]),
            ["spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\""]),
        ValidationCase(
            "a manual selector must match the template", "Job",
            Fixtures.job(spec: ["manualSelector": true, "selector": ["matchLabels": ["app": "other"]]]),
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: \(Message.selectorMismatch)"]),
        ValidationCase("a valid cronjob passes", "CronJob", Fixtures.cronJob(), []),
        ValidationCase("descriptors are schedules", "CronJob", Fixtures.cronJob(spec: ["schedule": "@weekly"]), []),
        ValidationCase("a schedule is required", "CronJob", Fixtures.cronJob(spec: ["schedule": ""]), ["spec.schedule: Required value"]),
        ValidationCase(
            "a schedule has five fields", "CronJob", Fixtures.cronJob(spec: ["schedule": "* * *"]),
            ["spec.schedule: Invalid value: \"* * *\": expected exactly 5 fields, found 3: [* * *]"]),
        ValidationCase(
            "schedule minutes are 0-59", "CronJob", Fixtures.cronJob(spec: ["schedule": "61 * * * *"]),
            ["spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61"]),
        ValidationCase(
            "schedule fields are numbers or names", "CronJob", Fixtures.cronJob(spec: ["schedule": "a * * * *"]),
            ["spec.schedule: Invalid value: \"a * * * *\": failed to parse int from a: strconv.Atoi: parsing \"a\": invalid syntax"]),
        ValidationCase(
            "unknown descriptors are rejected", "CronJob", Fixtures.cronJob(spec: ["schedule": "@fortnightly"]),
            ["spec.schedule: Invalid value: \"@fortnightly\": unrecognized descriptor: @fortnightly"]),
        ValidationCase(
            "time zones go in timeZone", "CronJob", Fixtures.cronJob(spec: ["schedule": "TZ=UTC 0 3 * * *"]),
            ["spec.schedule: Invalid value: \"TZ=UTC 0 3 * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"]),
        ValidationCase(
            "concurrencyPolicy is an enumeration", "CronJob", Fixtures.cronJob(spec: ["concurrencyPolicy": "Sometimes"]),
            ["spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\""]),
        ValidationCase(
            "cronjob names have at most 52 characters", "CronJob", Fixtures.cronJob(name: String(repeating: "c", count: 53)),
            ["metadata.name: Invalid value: \"\(String(repeating: "c", count: 53))\": must be no more than 52 characters"]),
        ValidationCase(
            "job template pods restart OnFailure or Never", "CronJob",
            Fixtures.cronJob(spec: ["jobTemplate": ["spec": ["template": Fixtures.template()]]]),
            ["spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""]),
    ]

    @Test(arguments: cases)
    func workloadRule(_ row: ValidationCase) {
        #expect(Fixtures.createErrors(row.object, row.type) == row.expected)
    }
}
