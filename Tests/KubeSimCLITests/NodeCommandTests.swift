import Foundation
import Testing

/// `kubesim node stop|start|add` on the embedded kubeadm-like cluster (control plane, node01, node02): a stopped
/// kubelet's node goes NotReady and its Deployment pods move, as on a real cluster after the node monitor grace
/// period and the pods' 300 s unreachable toleration, all within one settled command.
@Suite(.serialized)
struct NodeCommandTests {
    /// `NAME STATUS ROLES AGE VERSION` rows of `kubesim get nodes`.
    private func nodeStatus(_ workspace: KubectlWorkspace) async throws -> [String: String] {
        let nodes = try await workspace.kubesim(["get", "nodes", "--no-headers"])
        var result: [String: String] = [:]
        for row in nodes.stdout.split(separator: "\n") {
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            if columns.count > 1 { result[String(columns[0])] = String(columns[1]) }
        }
        return result
    }

    /// `NAME READY STATUS RESTARTS AGE IP NODE ...` rows of the web pods.
    private func webPods(_ workspace: KubectlWorkspace) async throws -> [[Substring]] {
        let pods = try await workspace.kubesim(["get", "pods", "-l", "app=web", "-o", "wide", "--no-headers"])
        return pods.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    }

    @Test func nodeStopMakesTheNodeNotReadyAndItsPodsMoveThenStartBringsItBack() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let file = try workspace.write("web.yaml", KubectlServeInteropTests.deployment)
        #expect(try await workspace.kubesim(["apply", "-f", file]).status == 0)
        let placed = try await webPods(workspace)
        #expect(placed.contains { $0[6] == "node01" } && placed.allSatisfy { $0[2] == "Running" }, "\(placed)")

        let stopped = try await workspace.kubesim(["node", "stop", "node01"])
        #expect(stopped.status == 0 && stopped.stdout == "node/node01 kubelet stopped\n", "\(stopped)")
        #expect(try await nodeStatus(workspace)["node01"] == "NotReady")
        let taints = try await workspace.kubesim(
            ["get", "node", "node01", "-o", "jsonpath={range .spec.taints[*]}{.key}:{.effect} {end}"])
        #expect(taints.stdout == "node.kubernetes.io/unreachable:NoSchedule node.kubernetes.io/unreachable:NoExecute ", "\(taints)")
        let ready = try await workspace.kubesim(
            ["get", "node", "node01", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}"])
        #expect(ready.stdout == "NodeStatusUnknown", "\(ready)")
        // The evicted pod stays Terminating on the silent node; its replacement runs on node02.
        let moved = try await webPods(workspace)
        #expect(moved.filter { $0[2] == "Running" }.count == 2 && moved.filter { $0[2] == "Running" }.allSatisfy { $0[6] == "node02" }, "\(moved)")
        #expect(moved.contains { $0[2] == "Terminating" && $0[6] == "node01" }, "\(moved)")
        let evictions = try await workspace.kubesim(
            ["get", "events", "--field-selector", "reason=TaintManagerEviction", "-o", "jsonpath={.items[*].message}"])
        #expect(evictions.stdout.hasPrefix("Marking for deletion Pod default/web-"), "\(evictions)")
        #expect(try await workspace.kubesim(["node", "stop", "node01"]).stdout == "node/node01 kubelet already stopped\n")

        let started = try await workspace.kubesim(["node", "start", "node01"])
        #expect(started.status == 0 && started.stdout == "node/node01 kubelet started\n", "\(started)")
        #expect(try await nodeStatus(workspace)["node01"] == "Ready")
        let cleared = try await workspace.kubesim(["get", "node", "node01", "-o", "jsonpath={.spec.taints}"])
        #expect(cleared.stdout.isEmpty, "\(cleared)")
        let after = try await webPods(workspace)
        #expect(after.count == 2 && after.allSatisfy { $0[2] == "Running" }, "\(after)")
    }

    @Test func nodeAddJoinsWorkersWithTheirPodRangeAndKubeProxy() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["get", "nodes"]).status == 0)
        let added = try await workspace.kubesim(["node", "add"])
        #expect(added.status == 0 && added.stdout == "node/node03 joined\n", "\(added)")
        #expect(try await nodeStatus(workspace)["node03"] == "Ready")
        let cidr = try await workspace.kubesim(["get", "node", "node03", "-o", "jsonpath={.spec.podCIDR}"])
        #expect(cidr.stdout == "10.244.3.0/24", "\(cidr)")
        let address = try await workspace.kubesim(
            ["get", "node", "node03", "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}"])
        #expect(address.stdout == "192.168.56.13", "\(address)")
        let lease = try await workspace.kubesim(["get", "lease", "node03", "-n", "kube-node-lease", "-o", "jsonpath={.spec.holderIdentity}"])
        #expect(lease.stdout == "node03", "\(lease)")
        let proxies = try await workspace.kubesim(
            ["get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-proxy", "-o", "wide", "--no-headers"])
        #expect(proxies.stdout.split(separator: "\n").contains { $0.contains("Running") && $0.contains(" node03 ") }, "\(proxies)")

        let more = try await workspace.kubesim(["node", "add", "--workers", "2"])
        #expect(more.stdout == "node/node04 joined\nnode/node05 joined\n", "\(more)")
        let again = try await workspace.kubesim(["node", "add", "node03"])
        #expect(again.status != 0 && again.stderr.contains("\"node03\" already exists"), "\(again)")
    }
}
