import Foundation
import Testing

/// `kubesim apply --prune`: the same lines (`configmap/b pruned`), objects left and errors as the real kubectl's
/// against `kubesim serve`, embedded and over the server.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct ApplyPruneInteropTests {
    static func manifest(_ names: [String], labels: String = "{app: x}") -> String {
        names.map { "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \($0), namespace: default, labels: \(labels)}\ndata: {k: v}\n" }
            .joined(separator: "---\n")
    }

    /// klog's header: the time and the process's ID.
    static func normalised(_ text: String) -> String {
        text.replacing(#/W\d{4} [\d:.]+ +\d+ /#, with: "W0000 TIME PID ")
    }

    @Test func pruneDeletesWhatTheLastApplyNoLongerHas() async throws {
        let embedded = try KubectlWorkspace(bare: false)
        defer { embedded.remove() }
        try await ServedCluster.with(bare: false) { cluster in
            let three = try cluster.workspace.write("three.yaml", Self.manifest(["a", "b", "c"]))
            let one = try cluster.workspace.write("one.yaml", Self.manifest(["a"]))
            let other = try cluster.workspace.write("other.yaml", Self.manifest(["d"], labels: "{app: z}"))
            let steps: [[String]] = [
                ["apply", "-f", three], ["apply", "-f", other],
                ["apply", "-f", one, "--prune"],
                ["apply", "-f", one, "--prune", "--all", "-l", "app=x"],
                ["apply", "-f", one, "--prune", "-l", "app=x", "--dry-run=server"],
                ["apply", "-f", one, "--prune", "-l", "app=x", "--dry-run=client"],
                ["apply", "-f", one, "--prune", "-l", "app=x"],
                ["get", "configmaps", "-l", "app", "-o", "name"],
                ["apply", "-f", three, "-l", "app=x"],
                ["apply", "-f", one, "--prune", "--all"],
                ["get", "configmaps", "-l", "app", "-o", "name"],
            ]
            var outputs: [[CommandResult]] = []
            for line in steps { outputs.append([try await cluster.kubectl(line)]) }
            // kubesim over the server starts again from the same state.
            for name in ["a", "b", "c", "d"] { _ = try await cluster.kubectl(["delete", "configmap", name, "--ignore-not-found"]) }
            for (index, line) in steps.enumerated() { outputs[index].append(try await cluster.kubesim(line)) }
            for (index, line) in steps.enumerated() { outputs[index].append(try await embedded.kubesim(line)) }
            for (line, results) in zip(steps, outputs) {
                for actual in results.dropFirst() {
                    #expect(actual.stdout == results[0].stdout, "\(line)\n\(results[0].stdout)\n---\n\(actual.stdout)")
                    #expect(Self.normalised(actual.stderr) == Self.normalised(results[0].stderr), "\(line)\n\(results[0].stderr)\n---\n\(actual.stderr)")
                    #expect(actual.status == results[0].status, "\(line)")
                }
            }
        }
    }
}
