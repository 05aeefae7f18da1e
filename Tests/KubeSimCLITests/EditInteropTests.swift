import Foundation
import Testing

/// `kubesim edit` with `KUBE_EDITOR` beside the real kubectl's against `kubesim serve` (kubectl edits `a-*`
/// objects, `kubesim --kubeconfig` `b-*` ones) and embedded (`b-*`): edits that change the object, one that
/// saves it unchanged. (A file saved empty is not compared: kubectl finds it invalid and reopens the editor,
/// which kubesim does not do; it cancels the edit.)
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct EditInteropTests {
    static let steps: [(editor: String, arguments: [String])] = [
        ("sed -i s/mode:\\ dev/mode:\\ prod/", ["edit", "configmap", "X"]),
        ("true", ["edit", "configmap", "X"]),
        ("true", ["edit", "configmap/X"]),
        ("sed -i s/replicas:\\ 1/replicas:\\ 2/", ["edit", "deploy", "X"]),
        ("true", ["edit", "configmap", "missing"]),
    ]

    @Test func editMatchesKubectlServedAndEmbedded() async throws {
        let workspace = try KubectlWorkspace(bare: true)
        defer { workspace.remove() }
        try await ServedCluster.with(bare: true) { cluster in
            for prefix in ["a", "b"] {
                for run in [{ try await cluster.kubectl($0) }, { try await workspace.kubesim($0) }] as [([String]) async throws -> CommandResult] {
                    _ = try await run(["create", "configmap", "\(prefix)-cm", "--from-literal=mode=dev"])
                    _ = try await run(["create", "deployment", "\(prefix)-web", "--image=nginx"])
                }
            }
            for (editor, arguments) in Self.steps {
                let named = { (prefix: String) in
                    arguments.map { $0 == "X" ? (arguments.contains("deploy") ? "\(prefix)-web" : "\(prefix)-cm") : $0.replacing("configmap/X", with: "configmap/\(prefix)-cm") }
                }
                let environment = ["KUBE_EDITOR": editor]
                let expected = try await cluster.kubectl(named("a"), environment: environment)
                let served = try await CommandRunner.run(KubeSimBinary.path, ["--kubeconfig", cluster.kubeconfig] + named("b"), environment: environment)
                let embedded = try await CommandRunner.run(
                    KubeSimBinary.path, named("b") + ["--data-dir", workspace.dataDirectory, "--bare"], environment: environment)
                let normal = { (text: String) in text.replacing("a-", with: "X-").replacing("b-", with: "X-") }
                for (how, actual) in [("served", served), ("embedded", embedded)] {
                    #expect(normal(actual.stdout) == normal(expected.stdout), "\(how) \(arguments)\n\(expected)\n---\n\(actual)")
                    #expect(normal(actual.stderr) == normal(expected.stderr), "\(how) \(arguments)\n\(expected)\n---\n\(actual)")
                    #expect(actual.status == expected.status, "\(how) \(arguments)")
                }
            }
            let modes = try await cluster.kubectl(["get", "configmaps", "a-cm", "b-cm", "-o", "jsonpath={.items[*].data.mode}"])
            #expect(modes.stdout == "prod prod")
            let replicas = try await cluster.kubectl(["get", "deploy", "a-web", "b-web", "-o", "jsonpath={.items[*].spec.replicas}"])
            #expect(replicas.stdout == "2 2")
        }
        let embedded = try await workspace.kubesim(["get", "configmap", "b-cm", "-o", "jsonpath={.data.mode}"])
        #expect(embedded.stdout == "prod")
    }
}
