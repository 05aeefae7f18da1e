import Crypto
import Foundation
import KubeAPI

/// What kube-apiserver itself keeps in the registry besides the bootstrap policy: the `kubernetes` service on
/// the first service IP and its endpoints (the API server's advertise address), and the leases of the control
/// plane: its own identity, the controller manager's and scheduler's leader election, each node's heartbeat.
extension KubeadmCluster {
    var kubernetesService: SeedObject {
        let spec: JSONValue = [
            "clusterIP": .string(Self.kubernetesServiceIP),
            "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": .int(Int64(Self.apiServerPort))]],
            "sessionAffinity": "None",
            "type": "ClusterIP",
        ]
        let metadata = JSONValue.metadata("kubernetes", namespace: "default", labels: ["component": "apiserver", "provider": "kubernetes"])
        return SeedObject(.object("v1", "Service", metadata, ["spec": spec]), by: "kube-apiserver")
    }

    var kubernetesEndpoints: SeedObject {
        let subsets: JSONValue = [[
            // The lease endpoint reconciler lists every live API server, by address.
            "addresses": .array(controlPlanes.map { ["ip": .string($0.address)] }),
            "ports": [["name": "https", "port": .int(Int64(Self.apiServerPort)), "protocol": "TCP"]],
        ]]
        let metadata = JSONValue.metadata(
            "kubernetes", namespace: "default", labels: ["endpointslice.kubernetes.io/skip-mirror": "true"])
        return SeedObject(.object("v1", "Endpoints", metadata, ["subsets": subsets]), by: "kube-apiserver")
    }

    // MARK: - Leases

    /// The API server's identity lease name: `apiserver-` and the base32 of the first 16 bytes of SHA-256 over
    /// the length-prefixed host name and `kube-apiserver`.
    func apiServerIdentity(_ node: Node) -> String {
        var data = Data()
        for field in [node.name, "kube-apiserver"] {
            let bytes = Array(field.utf8)
            data.append(contentsOf: [UInt8(bytes.count >> 8 & 255), UInt8(bytes.count & 255)] + bytes)
        }
        let digest = Array(SHA256.hash(data: data).prefix(16))
        return "apiserver-" + Self.base32(digest).lowercased()
    }

    /// Base32 (RFC 4648) without padding.
    private static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[buffer >> (bits - 5) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[buffer << (5 - bits) & 31]) }
        return output
    }

    private func lease(
        _ name: String, namespace: String, holder: String, duration: Int64, labels: [String: String] = [:],
        elected: Bool = false
    ) -> SeedObject {
        let metadata = JSONValue.metadata(name, namespace: namespace, labels: labels)
        var spec: JSONValue = ["holderIdentity": .string(holder), "leaseDurationSeconds": .int(duration), "renewTime": .string(microTime)]
        if elected {
            spec["acquireTime"] = .string(microTime)
            spec["leaseTransitions"] = 0
        }
        let manager = name.hasPrefix("apiserver-") ? "kube-apiserver" : name
        return SeedObject(.object("coordination.k8s.io/v1", "Lease", metadata, ["spec": spec]), by: manager)
    }

    /// The identity lease of the API server on a control-plane node.
    func apiServerLease(_ node: Node) -> SeedObject {
        let identity = apiServerIdentity(node)
        let holder = "\(identity)_\(StableNames.uuid("apiserver-holder/\(node.name)"))"
        return lease(
            identity, namespace: "kube-system", holder: holder,
            duration: 3600, labels: ["apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": node.name])
    }

    /// The leader-election lease of `kube-controller-manager` or `kube-scheduler`, held by the control plane.
    func leaderLease(_ component: String) -> SeedObject {
        lease(
            component, namespace: "kube-system",
            holder: "\(controlPlane.name)_\(StableNames.uuid("\(component)-holder/\(controlPlane.name)"))", duration: 15,
            elected: true)
    }
}
