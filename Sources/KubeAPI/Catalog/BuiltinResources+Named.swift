/// The built-in types the API server's own logic and the control loops name.
extension BuiltinResources {
    private static func named(_ group: String, _ kind: String) -> ResourceType {
        all.first { $0.group == group && $0.kind == kind }!
    }

    public static let namespaces = named("", "Namespace")
    public static let nodes = named("", "Node")
    public static let pods = named("", "Pod")
    public static let services = named("", "Service")
    public static let endpoints = named("", "Endpoints")
    public static let events = named("", "Event")
    public static let serviceAccounts = named("", "ServiceAccount")
    public static let configMaps = named("", "ConfigMap")
    public static let secrets = named("", "Secret")
    public static let limitRanges = named("", "LimitRange")
    public static let persistentVolumes = named("", "PersistentVolume")
    public static let persistentVolumeClaims = named("", "PersistentVolumeClaim")
    public static let resourceQuotas = named("", "ResourceQuota")
    public static let replicationControllers = named("", "ReplicationController")
    public static let componentStatuses = named("", "ComponentStatus")
    public static let deployments = named("apps", "Deployment")
    public static let replicaSets = named("apps", "ReplicaSet")
    public static let daemonSets = named("apps", "DaemonSet")
    public static let statefulSets = named("apps", "StatefulSet")
    public static let controllerRevisions = named("apps", "ControllerRevision")
    public static let jobs = named("batch", "Job")
    public static let cronJobs = named("batch", "CronJob")
    /// autoscaling/v2, the storage version.
    public static let horizontalPodAutoscalers = named("autoscaling", "HorizontalPodAutoscaler")
    /// autoscaling/v1, served by converting the stored autoscaling/v2 objects.
    public static let horizontalPodAutoscalersV1 = all.first { $0.group == "autoscaling" && $0.version == "v1" }!
    /// events.k8s.io/v1, served by converting the stored core/v1 Events.
    public static let eventsV1 = named("events.k8s.io", "Event")
    public static let podDisruptionBudgets = named("policy", "PodDisruptionBudget")
    public static let leases = named("coordination.k8s.io", "Lease")
    public static let endpointSlices = named("discovery.k8s.io", "EndpointSlice")
    public static let priorityClasses = named("scheduling.k8s.io", "PriorityClass")
    public static let storageClasses = named("storage.k8s.io", "StorageClass")
    public static let ingressClasses = named("networking.k8s.io", "IngressClass")
    public static let roles = named("rbac.authorization.k8s.io", "Role")
    public static let roleBindings = named("rbac.authorization.k8s.io", "RoleBinding")
    public static let clusterRoles = named("rbac.authorization.k8s.io", "ClusterRole")
    public static let clusterRoleBindings = named("rbac.authorization.k8s.io", "ClusterRoleBinding")
    public static let certificateSigningRequests = named("certificates.k8s.io", "CertificateSigningRequest")
    /// `customresourcedefinitions.apiextensions.k8s.io`.
    public static let customResourceDefinitions = named("apiextensions.k8s.io", "CustomResourceDefinition")
}
