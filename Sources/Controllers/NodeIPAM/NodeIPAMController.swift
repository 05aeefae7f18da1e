import KubeAPI

/// kube-controller-manager's node-ipam controller with `--allocate-node-cidrs` and the range allocator
/// (`pkg/controller/nodeipam/ipam/range_allocator.go`): every node without a pod range gets the lowest free
/// `/nodeCIDRMaskSize` of `--cluster-cidr` in `spec.podCIDR` and `spec.podCIDRs`. A node that has one keeps it.
public struct NodeIPAMController: Controller {
    public struct Configuration: Sendable, Hashable {
        /// `--cluster-cidr`: the pod network (kubeadm's `--pod-network-cidr`, flannel's default).
        public var clusterCIDR = "10.244.0.0/16"
        /// `--node-cidr-mask-size` (24 for IPv4).
        public var nodeCIDRMaskSize = 24

        public init() {}
    }

    let configuration: Configuration

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var name: String { "node-ipam-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.nodes] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        guard change.event != .deleted, Self.podCIDR(of: change.object) == nil else { return [] }
        return [ObjectKey(change.object)]
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let node = context.cache.get(BuiltinResources.nodes, key), Self.podCIDR(of: node) == nil,
            let range = IPv4Range(configuration.clusterCIDR)
        else { return }
        let taken = Set(context.cache.list(BuiltinResources.nodes).compactMap(Self.podCIDR))
        var index: UInt64 = 0
        while let subnet = range.subnet(index, prefix: configuration.nodeCIDRMaskSize) {
            if !taken.contains(subnet.description) {
                let cidr = JSONValue.string(subnet.description)
                try await context.api.mergePatch(
                    BuiltinResources.nodes, namespace: nil, name: node.name,
                    ["spec": ["podCIDR": cidr, "podCIDRs": [cidr]]], options: context.writeOptions)
                return
            }
            index += 1
        }
        await context.events.record(
            node, type: .normal, reason: "CIDRNotAvailable",
            message: "Node \(node.name) status is now: CIDRNotAvailable")
    }

    static func podCIDR(of node: KubeObject) -> String? {
        node.spec?["podCIDR"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }
}
