import KubeAPI

/// The CNI's address for a new pod sandbox (host-local IPAM over the node's `spec.podCIDR`): the lowest
/// address from `.2` on (`.1` is the bridge's gateway) that no running pod on the node holds. Pods that
/// finished have given theirs back. Host-network pods use the node's address.
enum PodIPAllocator {
    static func allocate(podCIDR: String, pods: [KubeObject], planned: Set<String>) -> String? {
        guard let range = IPv4Range(podCIDR) else { return nil }
        var used = planned
        for pod in pods where !["Succeeded", "Failed"].contains(pod.json[["status", "phase"]]?.stringValue ?? "") {
            if let ip = pod.json[["status", "podIP"]]?.stringValue { used.insert(ip) }
        }
        var offset: UInt64 = 2
        while offset + 1 < range.size, let address = range.address(at: offset) {
            if !used.contains(address) { return address }
            offset += 1
        }
        return nil
    }
}
