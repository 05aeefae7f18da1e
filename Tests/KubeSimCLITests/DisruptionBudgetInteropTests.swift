import Foundation
import Testing

/// PodDisruptionBudgets with the real kubectl 1.32 against `kubesim serve`: `create pdb`, `get pdb` with the
/// disruption controller's counts, and `drain` refused by the eviction subresource's 429, as on a real cluster.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct DisruptionBudgetInteropTests {
    @Test func drainReportsTheEvictionRefusalOfAMinAvailableBudget() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=3"])
            let created = try await cluster.kubectl(["create", "pdb", "web-pdb", "--selector=app=web", "--min-available=3"])
            #expect(created.stdout == "poddisruptionbudget.policy/web-pdb created\n", "\(created)")
            #expect(try await cluster.kubectl(["rollout", "status", "deploy/web", "--timeout=30s"]).status == 0)
            try await cluster.eventually {
                let shown = try await cluster.kubectl(["get", "pdb", "web-pdb", "--no-headers"])
                return shown.stdout.split(separator: " ", omittingEmptySubsequences: true).prefix(4) == ["web-pdb", "3", "N/A", "0"]
            }
            let header = try await cluster.kubectl(["get", "pdb"])
            #expect(header.stdout.hasPrefix("NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\n"), "\(header)")

            let nodes = try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].spec.nodeName}"])
            let node = nodes.stdout
            let drain = try await cluster.kubectl(["drain", node, "--ignore-daemonsets", "--timeout=8s"])
            #expect(drain.status != 0, "\(drain)")
            #expect(drain.stdout.contains("node/\(node) cordoned"), "\(drain)")
            #expect(
                drain.stderr.contains("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget."),
                "\(drain)")
            #expect(try await cluster.runningPods("app=web").count == 3)

            // With the budget gone the same drain evicts them, and the Deployment brings them back elsewhere.
            _ = try await cluster.kubectl(["delete", "pdb", "web-pdb"])
            let again = try await cluster.kubectl(["drain", node, "--ignore-daemonsets", "--timeout=30s"])
            #expect(again.status == 0 && again.stdout.contains("node/\(node) drained"), "\(again)")
        }
    }
}
