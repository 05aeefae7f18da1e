import Foundation
import KubeAPI

/// What a kubelet adds to its Node when it registers (`pkg/kubelet/kubelet_node_status.go`,
/// `initialNode` / `updateDefaultLabels`): the default labels and the attach-detach annotation on the object,
/// and, in the status, whatever the node does not report yet: capacity and allocatable, addresses (an
/// InternalIP from the configured range, the Hostname), nodeInfo, the kubelet's endpoint. What a node
/// already has is kept.
struct NodeRegistration {
    var configuration: KubeletConfiguration
    var names: NameGenerator

    /// The labels and annotations a registered node carries that `node` lacks, as a merge patch; nil when
    /// it has them all.
    func metadataPatch(for node: KubeObject) -> JSONValue? {
        let labels = [
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux",
        ]
        let annotations = ["volumes.kubernetes.io/controller-managed-attach-detach": "true"]
        let missingLabels = labels.filter { node.labels[$0.key] == nil }
        let missingAnnotations = annotations.filter { node.annotations[$0.key] == nil }
        if missingLabels.isEmpty && missingAnnotations.isEmpty { return nil }
        var metadata = JSONValue.emptyObject
        if !missingLabels.isEmpty { metadata["labels"] = .object(missingLabels.mapValues(JSONValue.string)) }
        if !missingAnnotations.isEmpty { metadata["annotations"] = .object(missingAnnotations.mapValues(JSONValue.string)) }
        return ["metadata": metadata]
    }

    /// `status` with what a registering kubelet reports filled in where missing.
    func filled(_ status: JSONValue, node: KubeObject, otherNodes: [KubeObject]) -> JSONValue {
        var status = status
        if status["capacity"] == nil { status["capacity"] = .object(configuration.capacity.mapValues(JSONValue.string)) }
        if status["allocatable"] == nil {
            status["allocatable"] = .object(configuration.allocatable.mapValues(JSONValue.string))
        }
        if (status["addresses"]?.arrayValue ?? []).isEmpty {
            var addresses: [JSONValue] = []
            if let address = internalIP(avoiding: otherNodes) {
                addresses.append(["type": "InternalIP", "address": .string(address)])
            }
            addresses.append(["type": "Hostname", "address": .string(node.name)])
            status["addresses"] = .array(addresses)
        }
        if status["daemonEndpoints"] == nil { status["daemonEndpoints"] = ["kubeletEndpoint": ["Port": 10250]] }
        if status["nodeInfo"] == nil {
            status["nodeInfo"] = [
                "architecture": "amd64", "bootID": .string(uuid()),
                "containerRuntimeVersion": .string(configuration.containerRuntimeVersion),
                "kernelVersion": .string(configuration.kernelVersion),
                "kubeProxyVersion": .string(configuration.kubeletVersion),
                "kubeletVersion": .string(configuration.kubeletVersion), "machineID": .string(hex(32)),
                "operatingSystem": "linux", "osImage": .string(configuration.osImage), "systemUUID": .string(uuid()),
            ]
        }
        return status
    }

    /// The lowest address of the node range, from `firstNodeHost` on, that no other node has.
    private func internalIP(avoiding nodes: [KubeObject]) -> String? {
        guard let range = IPv4Range(configuration.nodeAddressRange) else { return nil }
        let used = Set(nodes.compactMap(Self.internalIP))
        var offset = UInt64(max(1, configuration.firstNodeHost))
        while offset + 1 < range.size, let address = range.address(at: offset) {
            if !used.contains(address) { return address }
            offset += 1
        }
        return nil
    }

    static func internalIP(of node: KubeObject) -> String? {
        node.json[["status", "addresses"]]?.arrayValue?.first { $0["type"] == "InternalIP" }?["address"]?.stringValue
    }

    private func hex(_ count: Int) -> String {
        var text = ""
        while text.count < count { text += String(format: "%016llx", names.next()) }
        return String(text.prefix(count))
    }

    /// A version-4-shaped UUID from the name generator.
    private func uuid() -> String {
        var digits = Array(hex(32))
        digits[12] = "4"
        digits[16] = Array("89ab")[Int(String(digits[16]), radix: 16)! % 4]
        let text = String(digits)
        let cuts = [0, 8, 12, 16, 20, 32]
        return (0..<5).map { index in
            String(text.dropFirst(cuts[index]).prefix(cuts[index + 1] - cuts[index]))
        }.joined(separator: "-")
    }
}
