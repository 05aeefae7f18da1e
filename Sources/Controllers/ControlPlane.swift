import KubeAPI

/// The control loops of a cluster, in the order the manager offers them changes: kube-controller-manager's
/// controllers, kube-scheduler and the simulated kubelets.
public enum ControlPlane {
    /// Every loop KubeSim runs, configured for one cluster.
    public static func controllers(_ configuration: ControlPlaneConfiguration = ControlPlaneConfiguration()) -> [any Controller] {
        [NodeIPAMController(configuration.nodeIPAM), Kubelet(configuration.kubelet)]
    }
}

/// What a cluster's control loops are configured with: the knobs kube-controller-manager, kube-scheduler and
/// the kubelet take as flags, and the simulated kubelet's timings.
public struct ControlPlaneConfiguration: Sendable {
    /// kube-controller-manager's `--cluster-cidr` and `--node-cidr-mask-size`.
    public var nodeIPAM = NodeIPAMController.Configuration()
    /// The simulated kubelets: node defaults, heartbeat frequencies, pod timings.
    public var kubelet = KubeletConfiguration()

    public init() {}
}
