/// kustomize's built-in field specs for labels and annotations (its `commonLabels`, `metadataLabels` and
/// `commonAnnotations` configurations, for the kinds in the catalog).
enum CommonFieldSpecs {
    /// Every object's own labels.
    static let metadataLabels = [FieldSpec("metadata/labels", create: true)]

    /// The labels of the pod (and job) templates workloads carry.
    static let templateLabels: [FieldSpec] = [
        FieldSpec("spec/template/metadata/labels", kind: "ReplicationController", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "Deployment", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "ReplicaSet", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "DaemonSet", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "StatefulSet", group: "apps", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "Job", group: "batch", create: true),
        FieldSpec("spec/jobTemplate/metadata/labels", kind: "CronJob", group: "batch", create: true),
        FieldSpec("spec/jobTemplate/spec/template/metadata/labels", kind: "CronJob", group: "batch", create: true),
    ]

    /// The selectors that must keep selecting what they selected (`commonLabels`, `labels` with `includeSelectors`).
    static let selectors: [FieldSpec] = {
        var specs = [
            FieldSpec("spec/selector", kind: "Service", create: true),
            FieldSpec("spec/selector", kind: "ReplicationController", create: true),
            FieldSpec("spec/selector/matchLabels", kind: "Deployment", create: true),
            FieldSpec("spec/selector/matchLabels", kind: "ReplicaSet", create: true),
            FieldSpec("spec/selector/matchLabels", kind: "DaemonSet", create: true),
            FieldSpec("spec/selector/matchLabels", kind: "StatefulSet", group: "apps", create: true),
            FieldSpec("spec/volumeClaimTemplates[]/metadata/labels", kind: "StatefulSet", group: "apps", create: true),
            FieldSpec("spec/selector/matchLabels", kind: "Job", group: "batch"),
            FieldSpec("spec/jobTemplate/spec/selector/matchLabels", kind: "CronJob", group: "batch"),
            FieldSpec("spec/selector/matchLabels", kind: "PodDisruptionBudget", group: "policy"),
            FieldSpec("spec/podSelector/matchLabels", kind: "NetworkPolicy", group: "networking.k8s.io"),
            FieldSpec("spec/ingress/from/podSelector/matchLabels", kind: "NetworkPolicy", group: "networking.k8s.io"),
            FieldSpec("spec/egress/to/podSelector/matchLabels", kind: "NetworkPolicy", group: "networking.k8s.io"),
        ]
        let affinity = [
            "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
            "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
            "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
        ]
        for kind in ["Deployment", "StatefulSet"] {
            specs += affinity.map { FieldSpec($0, kind: kind, group: "apps") }
        }
        return specs
    }()

    /// Where `commonAnnotations` go: objects and their templates.
    static let annotations: [FieldSpec] = [
        FieldSpec("metadata/annotations", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "ReplicationController", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "Deployment", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "ReplicaSet", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "DaemonSet", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "StatefulSet", group: "apps", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "Job", group: "batch", create: true),
        FieldSpec("spec/jobTemplate/metadata/annotations", kind: "CronJob", group: "batch", create: true),
        FieldSpec("spec/jobTemplate/spec/template/metadata/annotations", kind: "CronJob", group: "batch", create: true),
    ]
}
