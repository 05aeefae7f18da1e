import Controllers
import KubeAPI

/// The nodes, as their kubelets register them and keep their status, with what kubeadm adds to the
/// control-plane node (`mark-control-plane`: its role label and `NoSchedule` taint) and the node-ipam
/// controller's pod CIDR.
extension KubeadmCluster {
    /// What the seeded nodes' kubelets report: the simulated kubelet's defaults, so a seeded node and one
    /// that registers later through the API describe the same machine.
    static let kubelet = KubeletConfiguration()

    /// The control-plane taint kubeadm sets (`node-role.kubernetes.io/control-plane:NoSchedule`).
    static let controlPlaneTaint: JSONValue = ["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"]

    func nodeObject(_ node: Node) -> SeedObject {
        var spec: JSONValue = ["podCIDR": .string(node.podCIDR), "podCIDRs": .strings([node.podCIDR])]
        if node.isControlPlane { spec["taints"] = [Self.controlPlaneTaint] }
        let metadata = JSONValue.metadata(
            node.name, labels: nodeLabels(node),
            annotations: [
                "kubeadm.alpha.kubernetes.io/cri-socket": Self.criSocket, "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            ])
        return SeedObject(.object("v1", "Node", metadata, ["spec": spec, "status": nodeStatus(node)]), by: "kubelet")
    }

    /// What the kubelet reports: resources, addresses, the four conditions of a healthy node, the machine and
    /// software it runs, and the images it holds.
    func nodeStatus(_ node: Node) -> JSONValue {
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> JSONValue {
            [
                "type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
                "lastHeartbeatTime": .string(time), "lastTransitionTime": .string(time),
            ]
        }
        let nodeInfo: JSONValue = [
            "architecture": "amd64", "bootID": .string(StableNames.uuid("boot/\(node.name)")),
            "containerRuntimeVersion": .string(Self.kubelet.containerRuntimeVersion), "kernelVersion": .string(Self.kubelet.kernelVersion),
            "kubeProxyVersion": .string(Self.kubelet.kubeletVersion), "kubeletVersion": .string(Self.kubelet.kubeletVersion),
            "machineID": .string(StableNames.hex("machine/\(node.name)", count: 32)), "operatingSystem": "linux",
            "osImage": .string(Self.kubelet.osImage), "systemUUID": .string(StableNames.uuid("system/\(node.name)")),
        ]
        return [
            "addresses": [
                ["type": "InternalIP", "address": .string(node.address)],
                ["type": "Hostname", "address": .string(node.name)],
            ],
            "allocatable": .stringMap(Self.kubelet.allocatable),
            "capacity": .stringMap(Self.kubelet.capacity),
            "conditions": [
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "daemonEndpoints": ["kubeletEndpoint": ["Port": 10250]],
            "images": .array(nodeImages(node).map { image in
                ["names": .strings(image.names), "sizeBytes": .int(image.size)]
            }),
            "nodeInfo": nodeInfo,
        ]
    }

    /// The images the node has pulled: the control plane's on the control-plane node, kube-proxy's and the
    /// pause image everywhere.
    private func nodeImages(_ node: Node) -> [(names: [String], size: Int64)] {
        func image(_ name: String, _ tag: String, _ size: Int64) -> (names: [String], size: Int64) {
            let reference = Self.image(name, tag)
            return ([Self.imageDigest(reference), reference], size)
        }
        var images = [image("kube-proxy", Self.kubernetesVersion, 30_907_858)]
        if node.isControlPlane {
            images = [
                image("etcd", Self.etcdImageTag, 57_680_541),
                image("kube-apiserver", Self.kubernetesVersion, 28_670_731),
                image("kube-controller-manager", Self.kubernetesVersion, 26_259_392),
                images[0],
                image("kube-scheduler", Self.kubernetesVersion, 20_658_969),
                image("coredns/coredns", Self.coreDNSImageTag, 18_562_039),
            ]
        }
        images.append(image("pause", "3.10", 320_368))
        return images
    }

    /// `<repository>@sha256:<digest>` for an image: a stand-in digest derived from the reference (the
    /// registry's real digests are not part of this description).
    static func imageDigest(_ reference: String) -> String {
        let repository = reference.split(separator: ":").dropLast().joined(separator: ":")
        return "\(repository)@sha256:\(StableNames.hex("image/\(reference)", count: 64))"
    }
}
