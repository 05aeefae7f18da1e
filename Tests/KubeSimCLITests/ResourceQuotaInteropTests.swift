import Foundation
import Testing

/// ResourceQuotas with the real kubectl 1.32 against `kubesim serve`: `create quota`, the controller's usage in
/// `get quota`, and the ResourceQuota admission plugin's refusal as kubectl prints it.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct ResourceQuotaInteropTests {
    @Test func aPodBeyondTheQuotaIsForbiddenAndUsageShows() async throws {
        try await ServedCluster.with { cluster in
            let created = try await cluster.kubectl(["create", "quota", "q", "--hard=pods=1,configmaps=5"])
            #expect(created.stdout == "resourcequota/q created\n", "\(created)")
            try await cluster.eventually {
                try await cluster.kubectl(["get", "quota", "q", "-o", "jsonpath={.status.used.pods}"]).stdout == "0"
            }
            #expect(try await cluster.kubectl(["run", "a", "--image=nginx"]).status == 0)
            let refused = try await cluster.kubectl(["run", "b", "--image=nginx"])
            #expect(refused.status != 0)
            #expect(
                refused.stderr
                    == "Error from server (Forbidden): pods \"b\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1\n",
                "\(refused)")
            let shown = try await cluster.kubectl(["get", "quota", "q", "--no-headers"])
            // The namespace holds its root CA ConfigMap, as on a real cluster.
            #expect(shown.stdout.contains("configmaps: 1/5, pods: 1/1"), "\(shown)")
            // Deleting the pod gives the usage back.
            _ = try await cluster.kubectl(["delete", "pod", "a", "--wait=true"])
            try await cluster.eventually {
                try await cluster.kubectl(["get", "quota", "q", "-o", "jsonpath={.status.used.pods}"]).stdout == "0"
            }
            #expect(try await cluster.kubectl(["run", "b", "--image=nginx"]).status == 0)
        }
    }
}
