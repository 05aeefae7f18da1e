import Foundation
import Testing

/// `kubesim drain` step by step beside the real kubectl's against `kubesim serve` (kubectl drains node01,
/// `kubesim --kubeconfig` node02) and embedded (node01 of a seeded data directory): cordon, kubectl's filters
/// (daemon set pods, local storage, pods without a controller) with their errors and warnings, and the eviction.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct DrainInteropTests {
    /// The steps; `NODE` is the node drained, `LONELY` the manifest of a pod without a controller on it.
    static let steps: [[String]] = [
        ["drain", "NODE"],
        ["drain", "NODE", "--ignore-daemonsets"],
        ["apply", "-f", "LONELY"],
        ["drain", "NODE", "--ignore-daemonsets"],
        ["drain", "NODE", "--ignore-daemonsets", "--delete-emptydir-data"],
        ["drain", "NODE", "--ignore-daemonsets", "--delete-emptydir-data", "--force"],
        ["drain", "nope"],
        ["drain"],
    ]

    static func lonely(on node: String, in workspace: KubectlWorkspace) throws -> String {
        try workspace.write("lonely-\(node).yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: lonely-\(node), namespace: default}
            spec:
              nodeName: \(node)
              containers: [{name: app, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: scratch, mountPath: /scratch}]}]
              volumes: [{name: scratch, emptyDir: {}}]
            """)
    }

    /// The node's name made `NODE`; kubectl's map-ordered warnings (`a: pods; b: pods`) in one order; the program's
    /// name (`See 'kubesim drain -h'`) made kubectl's.
    static func normal(_ text: String, node: String) -> String {
        OutputNormaliser.normalise(text.replacing(node, with: "NODE").replacing("kubesim", with: "kubectl"))
            .split(separator: "\n", omittingEmptySubsequences: false).map { line in
                guard line.hasPrefix("Warning: ") else { return String(line) }
                return "Warning: " + line.dropFirst("Warning: ".count).split(separator: "; ").sorted().joined(separator: "; ")
            }.joined(separator: "\n")
    }

    func run(_ step: [String], node: String, lonely: String, _ command: ([String]) async throws -> CommandResult) async throws -> CommandResult {
        try await command(step.map { $0 == "NODE" ? node : $0 == "LONELY" ? lonely : $0 })
    }

    @Test func drainMatchesKubectlServedAndEmbedded() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["get", "nodes"]).status == 0)
        let embeddedLonely = try Self.lonely(on: "node01", in: workspace)
        try await ServedCluster.with(bare: false) { cluster in
            let lonely1 = try Self.lonely(on: "node01", in: cluster.workspace)
            let lonely2 = try Self.lonely(on: "node02", in: cluster.workspace)
            for step in Self.steps {
                let expected = try await run(step, node: "node01", lonely: lonely1) { try await cluster.kubectl($0) }
                let served = try await run(step, node: "node02", lonely: lonely2) { try await cluster.kubesim($0) }
                let embedded = try await run(step, node: "node01", lonely: embeddedLonely) { try await workspace.kubesim($0) }
                if step[0] == "apply" {
                    // Wait for the served pods to run, as the embedded one does once applied.
                    try await cluster.eventually {
                        try await cluster.kubectl(["get", "pods", "lonely-node01", "lonely-node02", "--no-headers"]).stdout
                            .split(separator: "\n").allSatisfy { $0.contains("Running") }
                    }
                    continue
                }
                for (how, actual, node) in [("served", served, "node02"), ("embedded", embedded, "node01")] {
                    #expect(Self.normal(actual.stdout, node: node) == Self.normal(expected.stdout, node: "node01"), "\(how) \(step)\n\(expected)\n---\n\(actual)")
                    #expect(Self.normal(actual.stderr, node: node) == Self.normal(expected.stderr, node: "node01"), "\(how) \(step)\n\(expected)\n---\n\(actual)")
                    #expect(actual.status == expected.status, "\(how) \(step)")
                }
            }
            let left = try await cluster.kubectl(["get", "pods", "-A", "--field-selector", "spec.nodeName=node02", "--no-headers"])
            #expect(left.stdout.split(separator: "\n").allSatisfy { $0.contains("kube-proxy") }, "\(left)")
        }
        let embeddedLeft = try await workspace.kubesim(["get", "pods", "-A", "--field-selector", "spec.nodeName=node01", "--no-headers"])
        #expect(embeddedLeft.stdout.split(separator: "\n").allSatisfy { $0.contains("kube-proxy") }, "\(embeddedLeft)")
    }
}
