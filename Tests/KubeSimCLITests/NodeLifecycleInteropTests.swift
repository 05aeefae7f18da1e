import Foundation
import Testing

/// Node failure on the wall clock of `kubesim serve`, watched with the real kubectl 1.32: `kubesim node stop`
/// silences node01's kubelet, kube-controller-manager's node lifecycle controller marks it Unknown after the
/// grace period with the unreachable taints, the taint eviction controller evicts its pods when their
/// tolerations end and the Deployment runs them elsewhere; deleting a node has the pod GC delete its pods.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct NodeLifecycleInteropTests {
    /// Tolerates an unreachable or not-ready node for 2 s (the default is 300 s), so the eviction comes soon.
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 4
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              tolerations:
              - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
              - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
              containers:
              - {name: nginx, image: nginx}

        """

    @Test func aStoppedNodeGoesUnknownAndItsPodsMoveADeletedNodesPodsGo() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["apply", "-f", try cluster.workspace.write("web.yaml", Self.deployment)])
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=30s"]).status == 0)
            func nodes() async throws -> [String] {
                try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}"])
                    .stdout.split(separator: " ").map(String.init)
            }
            #expect(try await nodes().contains("node01"))

            let stopped = try await CommandRunner.run(KubeSimBinary.path, ["node", "stop", "node01", "--kubeconfig", cluster.kubeconfig])
            #expect(stopped.status == 0, "\(stopped)")
            // The grace period is 50 s in 1.32, counted from the kubelet's last renewal.
            try await cluster.eventually(within: .seconds(90)) {
                let ready = try await cluster.kubectl(
                    ["get", "node", "node01", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"])
                return ready.stdout == "Unknown"
            }
            let reason = try await cluster.kubectl(
                ["get", "node", "node01", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}"])
            #expect(reason.stdout == "NodeStatusUnknown", "\(reason)")
            try await cluster.eventually {
                let taints = try await cluster.kubectl(["get", "node", "node01", "-o", "jsonpath={.spec.taints[*].key}"])
                return taints.stdout.contains("node.kubernetes.io/unreachable")
            }
            let status = try await cluster.kubectl(["get", "node", "node01", "--no-headers"])
            #expect(status.stdout.contains("NotReady"), "\(status)")
            // The evicted pods stay Terminating on the silent node, as on a real cluster (no kubelet confirms
            // their end); four replacements run elsewhere.
            try await cluster.eventually(within: .seconds(40)) {
                let live = try await cluster.kubectl(
                    ["get", "pods", "-l", "app=web", "-o",
                     "jsonpath={range .items[?(@.status.phase==\"Running\")]}{.metadata.deletionTimestamp}/{.spec.nodeName} {end}"])
                let placements = live.stdout.split(separator: " ").filter { $0.hasPrefix("/") }
                return placements.count == 4 && !placements.contains("/node01")
            }
            let terminating = try await cluster.kubectl(["get", "pods", "-l", "app=web", "--field-selector", "spec.nodeName=node01", "--no-headers"])
            #expect(terminating.stdout.contains("Terminating"), "\(terminating)")

            _ = try await CommandRunner.run(KubeSimBinary.path, ["node", "start", "node01", "--kubeconfig", cluster.kubeconfig])
            try await cluster.eventually(within: .seconds(30)) {
                let ready = try await cluster.kubectl(
                    ["get", "node", "node01", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"])
                return ready.stdout == "True"
            }

            #expect(try await cluster.kubectl(["delete", "node", "node02"]).status == 0)
            // The pod garbage collector waits 40 s for a deleted node to come back, then deletes its pods.
            try await cluster.eventually(within: .seconds(75)) {
                let placed = try await cluster.kubectl(["get", "pods", "-A", "-o", "jsonpath={.items[*].spec.nodeName}"])
                return !placed.stdout.contains("node02")
            }
        }
    }
}
