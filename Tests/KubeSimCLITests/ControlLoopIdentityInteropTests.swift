import Foundation
import Testing

/// The real kubectl against `kubesim serve` on a kubeadm-like cluster, whose control loops act as their real
/// identities: breaking the bootstrap policy breaks them as it breaks a real cluster.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct ControlLoopIdentityInteropTests {
    /// `create` on pods taken from `system:controller:replicaset-controller`: the Deployment's ReplicaSet gets no
    /// pods and FailedCreate events with kube-apiserver's refusal; with the role put back, the rollout completes.
    @Test func aReplicaSetControllerRoleWithoutPodCreateLeavesTheDeploymentWithoutPodsUntilRestored() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let role = "system:controller:replicaset-controller"
            let fetched = try await cluster.kubectl(["get", "clusterrole", role, "-o", "json"])
            var original = try #require(try JSONSerialization.jsonObject(with: Data(fetched.stdout.utf8)) as? [String: Any])
            var metadata = original["metadata"] as? [String: Any] ?? [:]
            metadata["resourceVersion"] = nil
            original["metadata"] = metadata
            let rules = original["rules"] as? [[String: Any]] ?? []
            var broken = original
            broken["rules"] = rules.map { rule -> [String: Any] in
                guard rule["resources"] as? [String] == ["pods"] else { return rule }
                var rule = rule
                rule["verbs"] = (rule["verbs"] as? [String] ?? []).filter { $0 != "create" }
                return rule
            }
            let brokenFile = try cluster.workspace.write(
                "broken.json", String(decoding: try JSONSerialization.data(withJSONObject: broken), as: UTF8.self))
            let originalFile = try cluster.workspace.write(
                "original.json", String(decoding: try JSONSerialization.data(withJSONObject: original), as: UTF8.self))
            let replaced = try await cluster.kubectl(["replace", "-f", brokenFile])
            #expect(replaced.stdout == "clusterrole.rbac.authorization.k8s.io/\(role) replaced\n", "\(replaced)")

            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=2"])
            var message = ""
            for _ in 0..<100 where message.isEmpty {
                message = try await cluster.kubectl(
                    ["get", "events", "--field-selector", "reason=FailedCreate", "-o", "jsonpath={.items[0].message}"]).stdout
                if message.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(
                message == "Error creating: pods is forbidden: User \"system:serviceaccount:kube-system:replicaset-controller\" "
                    + "cannot create resource \"pods\" in API group \"\" in the namespace \"default\"")
            #expect(try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "name"]).stdout == "")

            _ = try await cluster.kubectl(["replace", "-f", originalFile])
            let rollout = try await cluster.kubectl(["rollout", "status", "deployment/web", "--timeout=60s"])
            #expect(rollout.stdout.hasSuffix("deployment \"web\" successfully rolled out\n"), "\(rollout)")
            let pods = try await cluster.kubectl(["get", "pods", "-l", "app=web", "-o", "name"]).stdout
            #expect(pods.split(separator: "\n").count == 2)
        }
    }
}
