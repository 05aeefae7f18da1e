/// The resources kube-apiserver 1.32 serves that KubeSim serves too, with their real etcd prefixes
/// (kubernetes `pkg/kubeapiserver/default_storage_factory_builder.go`, `SpecialDefaultResourcePrefixes`).
public enum BuiltinResources {
    private static let exceptDeleteCollection = ["create", "delete", "get", "list", "patch", "update", "watch"]

    public static let all: [ResourceType] = [
        // core/v1
        ResourceType(
            group: "", version: "v1", kind: "Namespace", plural: "namespaces", shortNames: ["ns"], namespaced: false,
            verbs: exceptDeleteCollection),
        ResourceType(group: "", version: "v1", kind: "Node", plural: "nodes", shortNames: ["no"], namespaced: false, etcdPrefix: "minions"),
        ResourceType(group: "", version: "v1", kind: "Pod", plural: "pods", shortNames: ["po"], namespaced: true, categories: ["all"]),
        ResourceType(
            group: "", version: "v1", kind: "Service", plural: "services", shortNames: ["svc"], namespaced: true,
            etcdPrefix: "services/specs", categories: ["all"],
            verbs: exceptDeleteCollection),
        ResourceType(
            group: "", version: "v1", kind: "Endpoints", plural: "endpoints", singular: "endpoints", shortNames: ["ep"],
            namespaced: true, etcdPrefix: "services/endpoints"),
        ResourceType(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", shortNames: ["cm"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true),
        ResourceType(group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", shortNames: ["sa"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "Event", plural: "events", shortNames: ["ev"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "LimitRange", plural: "limitranges", shortNames: ["limits"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "ResourceQuota", plural: "resourcequotas", shortNames: ["quota"], namespaced: true),
        ResourceType(group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", shortNames: ["pv"], namespaced: false),
        ResourceType(
            group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", shortNames: ["pvc"],
            namespaced: true),
        ResourceType(
            group: "", version: "v1", kind: "ReplicationController", plural: "replicationcontrollers", shortNames: ["rc"],
            namespaced: true, etcdPrefix: "controllers", categories: ["all"]),
        ResourceType(group: "", version: "v1", kind: "PodTemplate", plural: "podtemplates", namespaced: true),
        // The legacy form of pods/<name>/binding: only created, never stored under its own key.
        ResourceType(group: "", version: "v1", kind: "Binding", plural: "bindings", namespaced: true, verbs: ["create"]),
        // componentstatuses are not stored: each read probes the components (see `ComponentStatuses`).
        ResourceType(
            group: "", version: "v1", kind: "ComponentStatus", plural: "componentstatuses", shortNames: ["cs"],
            namespaced: false, verbs: ["get", "list"]),
        // apps/v1
        ResourceType(
            group: "apps", version: "v1", kind: "Deployment", plural: "deployments", shortNames: ["deploy"], namespaced: true,
            categories: ["all"]),
        ResourceType(
            group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", shortNames: ["rs"], namespaced: true,
            categories: ["all"]),
        ResourceType(
            group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", shortNames: ["ds"], namespaced: true,
            categories: ["all"]),
        ResourceType(
            group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", shortNames: ["sts"], namespaced: true,
            categories: ["all"]),
        ResourceType(group: "apps", version: "v1", kind: "ControllerRevision", plural: "controllerrevisions", namespaced: true),
        // autoscaling/v2 (the storage version) and autoscaling/v1, a view of the same objects
        ResourceType(
            group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers",
            shortNames: ["hpa"], namespaced: true, categories: ["all"]),
        ResourceType(
            group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers",
            shortNames: ["hpa"], namespaced: true, categories: ["all"]),
        // events.k8s.io/v1: a view of core/v1 Events, stored with them under /registry/events
        ResourceType(
            group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", shortNames: ["ev"], namespaced: true),
        // batch/v1
        ResourceType(group: "batch", version: "v1", kind: "Job", plural: "jobs", namespaced: true, categories: ["all"]),
        ResourceType(group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", shortNames: ["cj"], namespaced: true, categories: ["all"]),
        // policy/v1
        ResourceType(
            group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", shortNames: ["pdb"],
            namespaced: true),
        // authentication.k8s.io/v1 and authorization.k8s.io/v1: create-only reviews, answered and never stored
        // (APIServer's ReviewHandler).
        ResourceType(
            group: "authentication.k8s.io", version: "v1", kind: "SelfSubjectReview", plural: "selfsubjectreviews",
            namespaced: false, verbs: ["create"]),
        ResourceType(
            group: "authentication.k8s.io", version: "v1", kind: "TokenReview", plural: "tokenreviews", namespaced: false,
            verbs: ["create"]),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "LocalSubjectAccessReview", plural: "localsubjectaccessreviews",
            namespaced: true, verbs: ["create"]),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview", plural: "selfsubjectaccessreviews",
            namespaced: false, verbs: ["create"]),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectRulesReview", plural: "selfsubjectrulesreviews",
            namespaced: false, verbs: ["create"]),
        ResourceType(
            group: "authorization.k8s.io", version: "v1", kind: "SubjectAccessReview", plural: "subjectaccessreviews",
            namespaced: false, verbs: ["create"]),
        // rbac.authorization.k8s.io/v1
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true),
        ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false),
        ResourceType(
            group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings",
            namespaced: false),
        // networking.k8s.io/v1
        ResourceType(
            group: "networking.k8s.io", version: "v1", kind: "Ingress", plural: "ingresses", shortNames: ["ing"], namespaced: true,
            etcdPrefix: "ingress"),
        ResourceType(
            group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", shortNames: ["netpol"],
            namespaced: true),
        ResourceType(group: "networking.k8s.io", version: "v1", kind: "IngressClass", plural: "ingressclasses", namespaced: false),
        // coordination.k8s.io/v1
        ResourceType(group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true),
        // apiextensions.k8s.io/v1
        ResourceType(
            group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions",
            shortNames: ["crd", "crds"], namespaced: false, etcdPrefix: "apiextensions.k8s.io/customresourcedefinitions"),
        // apiregistration.k8s.io/v1 (kube-aggregator's `apiregistration.k8s.io/apiservices`)
        ResourceType(
            group: "apiregistration.k8s.io", version: "v1", kind: "APIService", plural: "apiservices", namespaced: false,
            etcdPrefix: "apiregistration.k8s.io/apiservices", categories: ["api-extensions"]),
        // discovery.k8s.io/v1
        ResourceType(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices", namespaced: true),
        // storage.k8s.io/v1
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "CSINode", plural: "csinodes", namespaced: false),
        ResourceType(
            group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", shortNames: ["sc"],
            namespaced: false),
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "CSIDriver", plural: "csidrivers", namespaced: false),
        ResourceType(group: "storage.k8s.io", version: "v1", kind: "VolumeAttachment", plural: "volumeattachments", namespaced: false),
        ResourceType(
            group: "storage.k8s.io", version: "v1", kind: "CSIStorageCapacity", plural: "csistoragecapacities", namespaced: true),
        // node.k8s.io/v1
        ResourceType(group: "node.k8s.io", version: "v1", kind: "RuntimeClass", plural: "runtimeclasses", namespaced: false),
        // admissionregistration.k8s.io/v1: stored and validated; KubeSim calls no webhook and evaluates no policy.
        ResourceType(
            group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingWebhookConfiguration",
            plural: "mutatingwebhookconfigurations", namespaced: false, categories: ["api-extensions"]),
        ResourceType(
            group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration",
            plural: "validatingwebhookconfigurations", namespaced: false, categories: ["api-extensions"]),
        ResourceType(
            group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicy",
            plural: "validatingadmissionpolicies", namespaced: false, categories: ["api-extensions"]),
        ResourceType(
            group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingAdmissionPolicyBinding",
            plural: "validatingadmissionpolicybindings", namespaced: false, categories: ["api-extensions"]),
        // scheduling.k8s.io/v1
        ResourceType(
            group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass", plural: "priorityclasses", shortNames: ["pc"],
            namespaced: false),
        // flowcontrol.apiserver.k8s.io/v1
        ResourceType(group: "flowcontrol.apiserver.k8s.io", version: "v1", kind: "FlowSchema", plural: "flowschemas", namespaced: false),
        ResourceType(
            group: "flowcontrol.apiserver.k8s.io", version: "v1", kind: "PriorityLevelConfiguration",
            plural: "prioritylevelconfigurations", namespaced: false),
        // certificates.k8s.io/v1
        ResourceType(
            group: "certificates.k8s.io", version: "v1", kind: "CertificateSigningRequest", plural: "certificatesigningrequests",
            shortNames: ["csr"], namespaced: false),
    ]
}
