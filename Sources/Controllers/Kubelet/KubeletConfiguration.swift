import Foundation

/// What the simulated kubelets are configured with: the kubelet's own defaults
/// (`staging/src/k8s.io/kubelet/config/v1beta1/types.go`), the machine a registering node reports, and the
/// pods' simulated timings.
public struct KubeletConfiguration: Sendable {
    /// How often a kubelet looks at its node's status (`nodeStatusUpdateFrequency`, 10 s).
    public var nodeStatusUpdateFrequency: TimeInterval = 10
    /// How often it writes the status when nothing changed (`nodeStatusReportFrequency`, 5 min).
    public var nodeStatusReportFrequency: TimeInterval = 300
    /// The node Lease's duration (`nodeLeaseDurationSeconds`, 40); it is renewed every quarter of it (10 s).
    public var nodeLeaseDurationSeconds: Int64 = 40
    /// What a registering node reports as capacity: a 2-CPU, 4 GiB machine with a 100 GiB disk.
    public var capacity: [String: String] = [
        "cpu": "2", "ephemeral-storage": "101430960Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
        "memory": "4015772Ki", "pods": "110",
    ]
    /// Capacity less the default eviction thresholds (`memory.available<100Mi`, `nodefs.available<10%`).
    public var allocatable: [String: String] = [
        "cpu": "2", "ephemeral-storage": "93478772582", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
        "memory": "3913372Ki", "pods": "110",
    ]
    /// Where registering nodes' InternalIPs come from: the lowest address of this range from `firstNodeHost`
    /// on that no other node has.
    public var nodeAddressRange = "192.168.56.0/24"
    public var firstNodeHost = 10
    public var kubeletVersion = "v1.32.3"
    public var containerRuntimeVersion = "containerd://1.7.24"
    public var osImage = "Ubuntu 22.04.5 LTS"
    public var kernelVersion = "5.15.0-131-generic"
    /// How long the simulated pods' stages take.
    public var timings = PodTimings()

    public init() {}
}
