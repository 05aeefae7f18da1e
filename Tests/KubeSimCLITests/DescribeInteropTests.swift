import Foundation
import Testing

/// `kubesim describe` prints what the real kubectl 1.32 prints: kubectl against `kubesim serve` is the reference,
/// for every object `manifests/` makes and the kinds of the cluster a new data directory is seeded with.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct DescribeInteropTests {
    /// `describe` arguments for every object of `manifests/`, and seeded kinds (a daemon set, a node, ...).
    static let objects: [[String]] = [
        ["namespace", "shop"], ["node", "worker-1"], ["-n", "shop", "configmap", "web-config"],
        ["-n", "shop", "secret", "web-db"], ["-n", "shop", "serviceaccount", "web"], ["-n", "shop", "role", "config-reader"],
        ["-n", "shop", "rolebinding", "web-reads-config"], ["clusterrole", "node-viewer"],
        ["clusterrolebinding", "web-views-nodes"], ["-n", "shop", "deployment", "web"], ["-n", "shop", "service", "web"],
        ["-n", "shop", "replicaset", "cache"], ["-n", "shop", "pod", "debug"],
        ["customresourcedefinition", "backups.example.com"], ["-n", "shop", "backup", "nightly"],
        ["namespace", "kube-system"], ["-n", "kube-system", "daemonset", "kube-proxy"],
        ["-n", "kube-system", "deployment", "coredns"], ["-n", "kube-system", "service", "kube-dns"],
        ["-n", "kube-system", "endpoints", "kube-dns"], ["clusterrole", "admin"], ["clusterrole", "system:node"],
        ["clusterrolebinding", "system:node"], ["priorityclass", "system-node-critical"], ["csinode", "node01"],
        ["-n", "kube-node-lease", "lease", "node01"], ["-n", "default", "pod", "missing"],
    ]

    /// Applies `manifests/` with kubectl (twice: the Backup needs its definition served first) and waits for
    /// the workloads to run.
    private func applyManifests(_ cluster: ServedCluster) async throws {
        _ = try await cluster.kubectl(["apply", "-f", ControlLoopsCLITests.manifests])
        let again = try await cluster.kubectl(["apply", "-f", ControlLoopsCLITests.manifests])
        #expect(again.status == 0, "\(again)")
        #expect(try await cluster.kubectl(["-n", "shop", "rollout", "status", "deploy/web", "--timeout=20s"]).status == 0)
        try await cluster.eventually {
            try await cluster.kubectl(["get", "pods", "-n", "shop", "--no-headers"]).stdout
                .split(separator: "\n").allSatisfy { $0.contains("Running") }
        }
    }

    /// Only what ticks while the two commands run: clock times (heartbeats, lease renewals) and ages. (kubectl's
    /// random order of data keys is sorted by `OutputNormaliser.sortingDataKeys`.)
    private static func ticking(_ text: String) -> String {
        text.replacing(#/\d{2}:\d{2}:\d{2} \+0000/#, with: "00:00:00 +0000").replacing(#/\b\d+[smhd](\d+[sm])?\b/#) {
            String(repeating: "0", count: $0.output.0.count)
        }
    }

    @Test func dataKeysInEitherOrderCompareEqual() {
        let configMap = "Name: c\n\nData\n====\nb:\n----\n2\n\na:\n----\n1\n\n\nBinaryData\n====\n\nEvents:  <none>\n"
        let sorted = "Name: c\n\nData\n====\na:\n----\n1\n\nb:\n----\n2\n\n\nBinaryData\n====\n\nEvents:  <none>\n"
        #expect(OutputNormaliser.sortingDataKeys(configMap) == OutputNormaliser.sortingDataKeys(sorted))
        let secret = "Type:  Opaque\n\nData\n====\nusername:  4 bytes\npassword:  6 bytes\n"
        let sortedSecret = "Type:  Opaque\n\nData\n====\npassword:  6 bytes\nusername:  4 bytes\n"
        #expect(OutputNormaliser.sortingDataKeys(secret) == OutputNormaliser.sortingDataKeys(sortedSecret))
    }

    @Test func describeAgainstTheSameServerPrintsWhatKubectlPrints() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            try await applyManifests(cluster)
            for arguments in Self.objects {
                var expected = CommandResult(stdout: "", stderr: "", status: 0)
                var actual = expected
                // An age can tick over between the two commands (59s, 1m): the pair is run again then.
                for _ in 0..<3 {
                    expected = try await cluster.kubectl(["describe"] + arguments)
                    actual = try await cluster.kubesim(["describe"] + arguments)
                    if Self.ticking(OutputNormaliser.sortingDataKeys(actual.stdout)) == Self.ticking(OutputNormaliser.sortingDataKeys(expected.stdout)) { break }
                }
                #expect(Self.ticking(OutputNormaliser.sortingDataKeys(actual.stdout)) == Self.ticking(OutputNormaliser.sortingDataKeys(expected.stdout)), "\(arguments)\n\(expected.stdout)\n---\n\(actual.stdout)")
                #expect(actual.stderr == expected.stderr, "\(arguments)")
                #expect(actual.status == expected.status, "\(arguments)")
            }
        }
    }

    /// Where the scheduler put the pods. Served, `worker-1` of `01-node.yaml` turns Ready only at its kubelet's
    /// first heartbeat, after kubectl went on to create the workloads, so their pods land on node01 and node02;
    /// embedded, the loops settle between two documents, so worker-1 is Ready and takes its share. The node a
    /// pod runs on, and the pod rows of a node, are therefore left out of the comparison.
    private static func placement(_ text: String) -> String {
        text.replacing(#/(Node: )\S+\//#) { "\($0.output.1)<node>/" }
            .replacing(#/ to (node01|node02|worker-1|controlplane)\n/#, with: " to <node>\n")
            .replacing(#/Non-terminated Pods: \(\d+ in total\)\n(  .*\n)*?(?=Allocated resources:)/#, with: "Non-terminated Pods: <pods>\n")
    }

    /// The embedded cluster (settled after `kubesim apply`) against kubectl and `kubesim serve` on the same
    /// manifests. What differs, normalised away (`OutputNormaliser`): clock times and ages; uids, machine and
    /// boot ids; the random suffixes of pod and volume names; pod IPs and container ids; and where pods were
    /// scheduled (`placement`).
    @Test func embeddedDescribeMatchesKubectlAgainstServe() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["apply", "-f", ControlLoopsCLITests.manifests]).status == 0)
        try await ServedCluster.with(bare: false) { cluster in
            try await applyManifests(cluster)
            for arguments in Self.objects {
                let expected = try await cluster.kubectl(["describe"] + arguments)
                let actual = try await workspace.kubesim(["describe"] + arguments)
                #expect(
                    Self.placement(OutputNormaliser.normalise(OutputNormaliser.sortingDataKeys(actual.stdout)))
                        == Self.placement(OutputNormaliser.normalise(OutputNormaliser.sortingDataKeys(expected.stdout))),
                    "\(arguments)\n\(expected.stdout)\n---\n\(actual.stdout)")
                #expect(actual.stderr == expected.stderr, "\(arguments)")
                #expect(actual.status == expected.status, "\(arguments)")
            }
        }
    }
}
