import KubeAPI
import KubeAuth

/// The control loops of a cluster, in the order the manager offers them changes: kube-controller-manager's
/// controllers, kube-scheduler and the simulated kubelets.
public enum ControlPlane {
    /// Every loop KubeSim runs, configured for one cluster; the garbage collector and the namespace controller
    /// watch the types `catalog` serves when the loops start.
    public static func controllers(
        _ configuration: ControlPlaneConfiguration = ControlPlaneConfiguration(), catalog: ResourceCatalog = ResourceCatalog()
    ) -> [any Controller] {
        var loops: [any Controller] = [ServiceAccountsController()]
        if let rootCA = configuration.rootCACertificate { loops.append(RootCACertPublisher(rootCA: rootCA)) }
        if let signer = configuration.clusterSigner { loops.append(CertificateSigningController(signer: signer)) }
        if let tokens = configuration.serviceAccountTokens, let rootCA = configuration.rootCACertificate {
            loops.append(ServiceAccountTokenController(tokens: tokens, rootCA: rootCA))
        }
        loops.append(ClusterRoleAggregationController())
        return loops + [
            NamespaceController(catalog: catalog),
            GarbageCollector(catalog: catalog),
            NodeIPAMController(configuration.nodeIPAM),
            DeploymentController(),
            ReplicaSetController(kind: .replicaSet, burstReplicas: configuration.burstReplicas),
            ReplicaSetController(kind: .replicationController, burstReplicas: configuration.burstReplicas),
            DaemonSetController(burstReplicas: configuration.daemonSetBurstReplicas),
            StatefulSetController(),
            JobController(),
            CronJobController(),
            TTLAfterFinishedController(),
            DisruptionController(),
            ResourceQuotaController(),
            EndpointsController(),
            EndpointSliceController(maxEndpointsPerSlice: configuration.maxEndpointsPerSlice),
            Scheduler(),
            // After node-ipam: pods wait for their node's pod range.
            Kubelet(configuration.kubelet),
            // Last, so the loops before them see changes (and the cache lists types) in the order they did
            // before these were added.
            NodeLifecycleController(configuration.nodeLifecycle),
            TaintEvictionController(),
            PodGCController(terminatedPodThreshold: configuration.terminatedPodGCThreshold),
            PersistentVolumeBinder(),
            HorizontalPodAutoscalerController(syncPeriod: configuration.horizontalPodAutoscalerSyncPeriod),
        ]
    }
}

/// What a cluster's control loops are configured with: the knobs kube-controller-manager, kube-scheduler and
/// the kubelet take as flags, and the simulated kubelet's timings.
public struct ControlPlaneConfiguration: Sendable {
    /// The most pods a ReplicaSet or ReplicationController creates or deletes in one sync (`BurstReplicas`, 500).
    public var burstReplicas = 500
    /// The most pods a DaemonSet creates or deletes in one sync (the daemon set controller's `BurstReplicas`, 250).
    public var daemonSetBurstReplicas = 250
    /// kube-controller-manager's `--max-endpoints-per-slice`: endpoints per EndpointSlice.
    public var maxEndpointsPerSlice = 100
    /// kube-controller-manager's `--cluster-cidr` and `--node-cidr-mask-size`.
    public var nodeIPAM = NodeIPAMController.Configuration()
    /// The node lifecycle controller's `--node-monitor-grace-period`, eviction rate and zone thresholds.
    public var nodeLifecycle = NodeLifecycleController.Configuration()
    /// kube-controller-manager's `--terminated-pod-gc-threshold`: terminated pods kept before the oldest go.
    public var terminatedPodGCThreshold = 12500
    /// The simulated kubelets: node defaults, heartbeat frequencies, pod timings.
    public var kubelet = KubeletConfiguration()
    /// The cluster CA certificate (PEM) the root CA publisher puts in every namespace's `kube-root-ca.crt`
    /// (kube-controller-manager's `--root-ca-file`); nil runs no publisher, as for a data directory with no PKI.
    public var rootCACertificate: String?
    /// The cluster CA that signs approved CSRs (`--cluster-signing-cert-file`, `--cluster-signing-key-file`); nil
    /// runs no signer.
    public var clusterSigner: CertificateSigner?
    /// The signer of legacy service-account tokens (`--service-account-private-key-file`, kubeadm's `sa.key`); nil
    /// (or no root CA) runs no token controller.
    public var serviceAccountTokens: ServiceAccountTokens?
    /// kube-controller-manager's `--horizontal-pod-autoscaler-sync-period` (15 s).
    public var horizontalPodAutoscalerSyncPeriod: Duration = .seconds(15)

    public init() {}
}
