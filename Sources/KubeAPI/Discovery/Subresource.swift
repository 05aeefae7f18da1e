/// A subresource kube-apiserver serves under an object's path (`pods/log`, `deployments/scale`), as discovery
/// lists it.
public struct Subresource: Sendable, Hashable {
    /// The name after the object's: `status`, `scale`, `log`.
    public var name: String
    /// The kind it answers with.
    public var kind: String
    /// The group and version of `kind` when they are not the parent's: `autoscaling`/`v1` for a Scale.
    public var group: String?
    public var version: String?
    public var verbs: [String]

    public init(name: String, kind: String, group: String? = nil, version: String? = nil, verbs: [String]) {
        self.name = name
        self.kind = kind
        self.group = group
        self.version = version
        self.verbs = verbs
    }
}

extension ResourceType {
    /// The subresources kube-apiserver 1.32 serves for this built-in type (the `<resource>/<subresource>` storage
    /// of kubernetes `pkg/registry/*/rest/storage_*.go`, without feature-gated ones), in name order; for custom
    /// resources, the `scale` and `status` their definition enables.
    public var subresources: [Subresource] {
        guard BuiltinResources.all.contains(self) else { return customSubresources }
        return Self.builtinSubresources["\(group)/\(plural)"] ?? []
    }

    /// The subresources a custom resource's definition enables for its `kind`, in name order.
    static func customSubresources(_ declared: JSONValue?, kind: String) -> [Subresource] {
        var result: [Subresource] = []
        if declared?["scale"] != nil { result.append(scale) }
        if declared?["status"] != nil { result.append(status(kind)) }
        return result
    }

    private static let readWrite = ["get", "patch", "update"]
    private static let proxyVerbs = ["create", "delete", "get", "patch", "update"]
    private static let scale = Subresource(name: "scale", kind: "Scale", group: "autoscaling", version: "v1", verbs: readWrite)

    private static func status(_ kind: String) -> Subresource {
        Subresource(name: "status", kind: kind, verbs: readWrite)
    }

    private static let builtinSubresources: [String: [Subresource]] = [
        "/namespaces": [Subresource(name: "finalize", kind: "Namespace", verbs: ["update"]), status("Namespace")],
        "/nodes": [Subresource(name: "proxy", kind: "NodeProxyOptions", verbs: proxyVerbs), status("Node")],
        "/pods": [
            Subresource(name: "attach", kind: "PodAttachOptions", verbs: ["create", "get"]),
            Subresource(name: "binding", kind: "Binding", verbs: ["create"]),
            Subresource(name: "ephemeralcontainers", kind: "Pod", verbs: readWrite),
            Subresource(name: "eviction", kind: "Eviction", group: "policy", version: "v1", verbs: ["create"]),
            Subresource(name: "exec", kind: "PodExecOptions", verbs: ["create", "get"]),
            Subresource(name: "log", kind: "Pod", verbs: ["get"]),
            Subresource(name: "portforward", kind: "PodPortForwardOptions", verbs: ["create", "get"]),
            Subresource(name: "proxy", kind: "PodProxyOptions", verbs: proxyVerbs),
            status("Pod"),
        ],
        "/services": [Subresource(name: "proxy", kind: "ServiceProxyOptions", verbs: proxyVerbs), status("Service")],
        "/serviceaccounts": [
            Subresource(name: "token", kind: "TokenRequest", group: "authentication.k8s.io", version: "v1", verbs: ["create"])
        ],
        "/persistentvolumes": [status("PersistentVolume")],
        "/persistentvolumeclaims": [status("PersistentVolumeClaim")],
        "/resourcequotas": [status("ResourceQuota")],
        "/replicationcontrollers": [scale, status("ReplicationController")],
        "apps/deployments": [scale, status("Deployment")],
        "apps/replicasets": [scale, status("ReplicaSet")],
        "apps/statefulsets": [scale, status("StatefulSet")],
        "apps/daemonsets": [status("DaemonSet")],
        "autoscaling/horizontalpodautoscalers": [status("HorizontalPodAutoscaler")],
        "batch/jobs": [status("Job")],
        "batch/cronjobs": [status("CronJob")],
        "policy/poddisruptionbudgets": [status("PodDisruptionBudget")],
        "networking.k8s.io/ingresses": [status("Ingress")],
        "storage.k8s.io/volumeattachments": [status("VolumeAttachment")],
        "admissionregistration.k8s.io/validatingadmissionpolicies": [status("ValidatingAdmissionPolicy")],
        "apiextensions.k8s.io/customresourcedefinitions": [status("CustomResourceDefinition")],
        "apiregistration.k8s.io/apiservices": [status("APIService")],
        "certificates.k8s.io/certificatesigningrequests": [
            Subresource(name: "approval", kind: "CertificateSigningRequest", verbs: readWrite), status("CertificateSigningRequest"),
        ],
        "flowcontrol.apiserver.k8s.io/flowschemas": [status("FlowSchema")],
        "flowcontrol.apiserver.k8s.io/prioritylevelconfigurations": [status("PriorityLevelConfiguration")],
    ]
}
