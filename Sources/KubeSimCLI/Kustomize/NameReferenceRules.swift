/// kustomize's name-reference configuration, for the kinds in the catalog: which fields of which kinds name an
/// object of another kind, so that a renamed object (prefix, suffix, content hash) is still found by them.
enum NameReferenceRules {
    struct Rule {
        /// The kind (and group) of the object named.
        var kind: String
        var group: String
        /// The fields that name it.
        var referrers: [FieldSpec]
    }

    /// The pod spec's location in each kind that has one.
    private static let podSpecs: [(kind: String, prefix: String)] = [
        ("Pod", "spec"), ("PodTemplate", "template/spec"), ("Deployment", "spec/template/spec"),
        ("ReplicaSet", "spec/template/spec"), ("DaemonSet", "spec/template/spec"), ("StatefulSet", "spec/template/spec"),
        ("Job", "spec/template/spec"), ("CronJob", "spec/jobTemplate/spec/template/spec"),
    ]

    private static func inPodSpecs(_ paths: [String], kinds: Set<String>? = nil) -> [FieldSpec] {
        podSpecs.filter { kinds?.contains($0.kind) ?? true }.flatMap { spec in
            paths.map { FieldSpec("\(spec.prefix)/\($0)", kind: spec.kind) }
        }
    }

    private static let workloads: Set<String> = ["Pod", "StatefulSet", "Deployment", "ReplicationController", "CronJob", "Job", "DaemonSet"]

    static let all: [Rule] = [
        Rule(kind: "ConfigMap", group: "", referrers: inPodSpecs([
            "volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
            "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name",
            "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name",
        ]) + [
            FieldSpec("spec/configSource/configMap", kind: "Node"),
            FieldSpec("rules/resourceNames", kind: "Role"), FieldSpec("rules/resourceNames", kind: "ClusterRole"),
        ]),
        Rule(kind: "Secret", group: "", referrers: inPodSpecs([
            "volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
            "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name",
            "initContainers/envFrom/secretRef/name", "imagePullSecrets/name", "volumes/projected/sources/secret/name",
        ]) + [
            FieldSpec("spec/tls/secretName", kind: "Ingress"), FieldSpec("imagePullSecrets/name", kind: "ServiceAccount"),
            FieldSpec("parameters/secretName", kind: "StorageClass"), FieldSpec("parameters/adminSecretName", kind: "StorageClass"),
            FieldSpec("parameters/userSecretName", kind: "StorageClass"), FieldSpec("parameters/secretRef", kind: "StorageClass"),
            FieldSpec("rules/resourceNames", kind: "Role"), FieldSpec("rules/resourceNames", kind: "ClusterRole"),
            FieldSpec("spec/azureFile/secretName", kind: "PersistentVolume"),
        ]),
        Rule(kind: "Service", group: "", referrers: [
            FieldSpec("spec/serviceName", kind: "StatefulSet", group: "apps"),
            FieldSpec("spec/rules/http/paths/backend/service/name", kind: "Ingress"),
            FieldSpec("spec/defaultBackend/service/name", kind: "Ingress"),
            FieldSpec("spec/service/name", kind: "APIService", group: "apiregistration.k8s.io"),
            FieldSpec("webhooks/clientConfig/service", kind: "ValidatingWebhookConfiguration", group: "admissionregistration.k8s.io"),
            FieldSpec("webhooks/clientConfig/service", kind: "MutatingWebhookConfiguration", group: "admissionregistration.k8s.io"),
        ]),
        Rule(kind: "Role", group: "rbac.authorization.k8s.io", referrers: [
            FieldSpec("roleRef/name", kind: "RoleBinding", group: "rbac.authorization.k8s.io"),
        ]),
        Rule(kind: "ClusterRole", group: "rbac.authorization.k8s.io", referrers: [
            FieldSpec("roleRef/name", kind: "RoleBinding", group: "rbac.authorization.k8s.io"),
            FieldSpec("roleRef/name", kind: "ClusterRoleBinding", group: "rbac.authorization.k8s.io"),
        ]),
        Rule(kind: "ServiceAccount", group: "", referrers: [
            FieldSpec("subjects", kind: "RoleBinding", group: "rbac.authorization.k8s.io"),
            FieldSpec("subjects", kind: "ClusterRoleBinding", group: "rbac.authorization.k8s.io"),
            FieldSpec("spec/serviceAccountName", kind: "Pod"),
        ] + ["StatefulSet", "Deployment", "ReplicationController", "Job", "DaemonSet"].map {
            FieldSpec("spec/template/spec/serviceAccountName", kind: $0)
        } + [FieldSpec("spec/jobTemplate/spec/template/spec/serviceAccountName", kind: "CronJob")]),
        Rule(kind: "PersistentVolumeClaim", group: "", referrers: [FieldSpec("spec/volumes/persistentVolumeClaim/claimName", kind: "Pod")]
            + ["StatefulSet", "Deployment", "ReplicationController", "Job", "DaemonSet"].map {
                FieldSpec("spec/template/spec/volumes/persistentVolumeClaim/claimName", kind: $0)
            } + [FieldSpec("spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName", kind: "CronJob")]),
        Rule(kind: "PersistentVolume", group: "", referrers: [
            FieldSpec("spec/volumeName", kind: "PersistentVolumeClaim"), FieldSpec("rules/resourceNames", kind: "ClusterRole"),
        ]),
        Rule(kind: "StorageClass", group: "storage.k8s.io", referrers: [
            FieldSpec("spec/storageClassName", kind: "PersistentVolume"),
            FieldSpec("spec/storageClassName", kind: "PersistentVolumeClaim"),
            FieldSpec("spec/volumeClaimTemplates/spec/storageClassName", kind: "StatefulSet"),
        ]),
        Rule(kind: "PriorityClass", group: "scheduling.k8s.io", referrers: [FieldSpec("spec/priorityClassName", kind: "Pod")]
            + ["StatefulSet", "Deployment", "ReplicationController", "Job", "DaemonSet"].map {
                FieldSpec("spec/template/spec/priorityClassName", kind: $0)
            } + [FieldSpec("spec/jobTemplate/spec/template/spec/priorityClassName", kind: "CronJob")]),
        Rule(kind: "IngressClass", group: "networking.k8s.io", referrers: [FieldSpec("spec/ingressClassName", kind: "Ingress")]),
    ] + ["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map {
        Rule(kind: $0, group: $0 == "ReplicationController" ? "" : "apps", referrers: [
            FieldSpec("spec/scaleTargetRef/name", kind: "HorizontalPodAutoscaler"),
        ])
    }
}
