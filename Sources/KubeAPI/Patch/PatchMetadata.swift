/// How strategic merge patch treats the fields of a built-in kind: which lists merge (by which key) instead of
/// being replaced, and which objects clear the fields a `$retainKeys` list leaves out.
///
/// The table restates the `patchStrategy` and `patchMergeKey` struct tags of `k8s.io/api` v0.32 and
/// `k8s.io/apimachinery` `ObjectMeta` (the types compiled into kube-apiserver and kubectl 1.32). Every other
/// field has no strategy: objects merge key by key and lists are replaced whole, such as a pod's `tolerations`,
/// Endpoints' `subsets` and RBAC's `rules` and `subjects`. Fields below a list replaced whole are left out, since
/// no patch merges into them.
public struct PatchMetadata: Sendable, Hashable {
    /// The strategy of one field.
    public struct Field: Sendable, Hashable {
        /// Whether the list merges with the live one (`patchStrategy:"merge"`): items of objects by `mergeKey`,
        /// scalars by value; otherwise a list in a patch replaces the live list.
        public var merges: Bool
        /// The field identifying items of a merged list of objects, e.g. `name` for containers.
        public var mergeKey: String?
        /// Whether a patch lists the fields to keep in `$retainKeys` (`patchStrategy:"retainKeys"`): on the
        /// object itself, or on each item of a merged list.
        public var retainKeys: Bool
        /// The metadata of the field's value, or of its items for a list.
        public var value: PatchMetadata

        init(merges: Bool = false, mergeKey: String? = nil, retainKeys: Bool = false, value: String? = nil) {
            self.merges = merges
            self.mergeKey = mergeKey
            self.retainKeys = retainKeys
            self.value = PatchMetadata(typeName: value)
        }

        static let plain = Field()
    }

    /// The entry of `types` describing this value; nil where no field below has a strategy.
    private let typeName: String?

    private init(typeName: String?) {
        self.typeName = typeName
    }

    /// The metadata of a built-in kind; nil for any other (custom resources), which take no strategic merge patch.
    public init?(for type: ResourceType) {
        guard BuiltinResources.all.contains(where: { $0.group == type.group && $0.kind == type.kind }) else { return nil }
        self.typeName = Self.kinds[type.kind] ?? "Object"
    }

    /// The metadata of a kind with no strategies beyond `metadata`'s, such as a ConfigMap or an autoscaling/v1 Scale.
    static let object = PatchMetadata(typeName: "Object")

    /// The strategy of a field of this object.
    public subscript(field name: String) -> Field {
        typeName.flatMap { Self.types[$0]?[name] } ?? .plain
    }

    /// The strategy of the field at a path of field names from the object's root; list items are transparent,
    /// so a container's ports are at `["spec", "containers", "ports"]`.
    public func field(at path: [String]) -> Field {
        var field = Field.plain
        var metadata = self
        for name in path {
            field = metadata[field: name]
            metadata = field.value
        }
        return field
    }

    // MARK: - The struct tags

    /// The root type of each kind with strategies beyond `metadata`; the others' is `Object`.
    private static let kinds: [String: String] = [
        "Pod": "Pod", "Service": "Service", "Node": "Node", "Namespace": "StatusWithConditions",
        "PersistentVolumeClaim": "StatusWithConditions", "ServiceAccount": "ServiceAccount",
        "ReplicationController": "Workload", "Deployment": "Deployment", "ReplicaSet": "Workload",
        "DaemonSet": "Workload", "StatefulSet": "Workload", "Job": "Workload", "CronJob": "CronJob",
    ]

    private static func merged(by key: String? = nil, retainKeys: Bool = false, _ value: String? = nil) -> Field {
        Field(merges: true, mergeKey: key, retainKeys: retainKeys, value: value)
    }

    private static let conditions = merged(by: "type")

    /// The types with strategies below them, by name: Go's name where one Go type is meant, else a name for the
    /// Go types that share these tags: `Object` for kinds with strategies in `metadata` only, `Workload` and
    /// `WorkloadSpec` for the controllers of pod templates, `Conditions` for statuses that only merge conditions,
    /// `StatusWithConditions` for kinds with such a status only.
    private static let types: [String: [String: Field]] = [
        "Object": ["metadata": Field(value: "ObjectMeta")],
        "ObjectMeta": ["ownerReferences": merged(by: "uid"), "finalizers": merged()],
        "Pod": ["metadata": Field(value: "ObjectMeta"), "spec": Field(value: "PodSpec"), "status": Field(value: "PodStatus")],
        "PodTemplateSpec": ["metadata": Field(value: "ObjectMeta"), "spec": Field(value: "PodSpec")],
        "PodSpec": [
            "volumes": merged(by: "name", retainKeys: true, "Volume"),
            "initContainers": merged(by: "name", "Container"),
            "containers": merged(by: "name", "Container"),
            "ephemeralContainers": merged(by: "name", "Container"),
            "imagePullSecrets": merged(by: "name"),
            "hostAliases": merged(by: "ip"),
            "topologySpreadConstraints": merged(by: "topologyKey"),
            "schedulingGates": merged(by: "name"),
            "resourceClaims": merged(by: "name", retainKeys: true),
        ],
        "Container": [
            "ports": merged(by: "containerPort"), "env": merged(by: "name"),
            "volumeMounts": merged(by: "mountPath"), "volumeDevices": merged(by: "devicePath"),
        ],
        "Volume": ["ephemeral": Field(value: "EphemeralVolumeSource")],
        "EphemeralVolumeSource": ["volumeClaimTemplate": Field(value: "Object")],
        "PodStatus": [
            "conditions": conditions, "hostIPs": merged(by: "ip"), "podIPs": merged(by: "ip"),
            "resourceClaimStatuses": merged(by: "name", retainKeys: true),
        ],
        "Conditions": ["conditions": conditions],
        "StatusWithConditions": ["metadata": Field(value: "ObjectMeta"), "status": Field(value: "Conditions")],
        "Service": [
            "metadata": Field(value: "ObjectMeta"), "spec": Field(value: "ServiceSpec"), "status": Field(value: "Conditions"),
        ],
        "ServiceSpec": ["ports": merged(by: "port")],
        "ServiceAccount": ["metadata": Field(value: "ObjectMeta"), "secrets": merged(by: "name")],
        "Node": ["metadata": Field(value: "ObjectMeta"), "spec": Field(value: "NodeSpec"), "status": Field(value: "NodeStatus")],
        "NodeSpec": ["podCIDRs": merged()],
        "NodeStatus": ["conditions": conditions, "addresses": merged(by: "type")],
        "Workload": [
            "metadata": Field(value: "ObjectMeta"), "spec": Field(value: "WorkloadSpec"), "status": Field(value: "Conditions"),
        ],
        "WorkloadSpec": ["template": Field(value: "PodTemplateSpec")],
        "Deployment": [
            "metadata": Field(value: "ObjectMeta"), "spec": Field(value: "DeploymentSpec"), "status": Field(value: "Conditions"),
        ],
        "DeploymentSpec": ["template": Field(value: "PodTemplateSpec"), "strategy": Field(retainKeys: true)],
        "CronJob": ["metadata": Field(value: "ObjectMeta"), "spec": Field(value: "CronJobSpec")],
        "CronJobSpec": ["jobTemplate": Field(value: "JobTemplateSpec")],
        "JobTemplateSpec": ["metadata": Field(value: "ObjectMeta"), "spec": Field(value: "WorkloadSpec")],
    ]
}
