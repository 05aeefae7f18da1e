import Foundation
import Testing

/// The verbs that read the cluster's own documents (`version`, `cluster-info`, `api-resources`, `explain`) and
/// the kubeconfig (`config view`): the same script through the real kubectl against `kubesim serve`, through
/// `kubesim --kubeconfig` against that server, and (where there is no server to name) through `kubesim`
/// embedded on the same manifests, compared after `OutputNormaliser`. Every other difference is named in
/// `explained(_:)`.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct ClusterVerbsInteropTests {
    /// Run by kubectl and by kubesim both against the server and embedded.
    static let script: [[String]] = [
        ["version"],
        ["version", "-o", "yaml"],
        ["version", "extra"],
        ["version", "-o", "table"],
        ["api-resources"],
        ["api-resources", "-o", "wide"],
        ["api-resources", "-o", "name"],
        ["api-resources", "--namespaced=false"],
        ["api-resources", "--api-group=apps"],
        ["api-resources", "--api-group="],
        ["api-resources", "--verbs=list,watch", "--sort-by=kind", "--no-headers"],
        ["api-resources", "--categories=all"],
        ["api-resources", "-o", "json"],
        ["explain", "pods"],
        ["explain", "deploy.spec.replicas"],
        ["explain", "deployments.apps.spec.strategy"],
        ["explain", "svc.spec.type"],
        ["explain", "svc.spec.ports"],
        ["explain", "configmap.data"],
        ["explain", "cronjobs.spec", "--recursive"],
        ["explain", "hpa.spec.metrics"],
        ["explain", "hpa", "--api-version=autoscaling/v1"],
        ["explain", "backups"],
        ["explain", "backups.spec"],
        ["explain", "pods.spec.nope"],
        ["explain", "nope"],
        ["explain"],
        ["explain", "pods", "nodes"],
        ["get", "ns", "shop", "-o", "jsonpath={.metadata.managedFields[*].manager}"],
        ["get", "ns", "shop", "-o", "jsonpath={.metadata.managedFields[*].manager}", "--show-managed-fields"],
        ["get", "ns", "shop", "-o", "yaml"],
        ["get", "ns", "shop", "-o", "json", "--show-managed-fields"],
        ["auth", "whoami"],
        ["auth", "whoami", "--as=system:serviceaccount:shop:web"],
        ["auth", "can-i", "create", "deployments"],
        ["auth", "can-i", "list", "nodes"],
        ["auth", "can-i", "get", "pods", "--as=alice"],
        ["auth", "can-i", "get", "configmaps", "-n", "shop", "--as=system:serviceaccount:shop:web"],
        ["auth", "can-i", "get", "configmaps/app", "-n", "shop", "--as=system:serviceaccount:shop:web"],
        ["auth", "can-i", "delete", "configmaps", "-n", "shop", "--as=system:serviceaccount:shop:web"],
        ["auth", "can-i", "list", "nodes", "--as=system:serviceaccount:shop:web"],
        ["auth", "can-i", "get", "/healthz", "--as=alice"],
        ["auth", "can-i", "frob", "pods"],
        ["auth", "can-i", "get", "widgets"],
        ["auth", "can-i", "get", "pods", "-q", "--as=alice"],
        ["auth", "can-i", "get"],
        ["auth", "can-i", "--list"],
        ["auth", "can-i", "--list", "-n", "shop", "--as=system:serviceaccount:shop:web"],
        ["auth", "can-i", "--list", "--as=alice", "--no-headers"],
        ["auth", "can-i", "--list", "pods"],
        ["auth", "can-i", "--list", "-q"],
        ["auth", "can-i", "get", "pods", "--no-headers"],
    ]

    /// Run by kubectl and by `kubesim --kubeconfig` against the server only: they print the server's URL.
    static let remoteScript: [[String]] = [
        ["cluster-info"],
        ["cluster-info", "-n", "default"],
        ["config", "view"],
        ["config", "view", "--minify"],
        ["config", "view", "--raw"],
        ["config", "view", "-o", "json"],
        ["config", "view", "extra"],
    ]

    /// What differs for a reason the normaliser does not cover.
    /// - The client: kubectl reports its own build (`v1.32.4-dispatcher`, Go, and the kustomize it embeds);
    ///   kubesim reports the version it speaks, as its server does (`v1.32.0+kubesim`), and has no kustomize. The
    ///   client lines and the `clientVersion` and `kustomizeVersion` documents are left out of both.
    /// - The program names itself in its messages (`See 'kubesim ...'`).
    /// - Embedded, no request is authenticated: commands act as the administrator `admin.conf` names
    ///   (`kubernetes-admin` in `system:masters`), which is who kubectl is with the served cluster's kubeconfig.
    static func explained(_ text: String) -> String {
        var lines = text.replacing("kubesim", with: "kubectl").split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeAll { $0.hasPrefix("Client Version: ") || $0.hasPrefix("Kustomize Version: ") || $0.hasPrefix("kustomizeVersion: ") }
        // The `clientVersion:` YAML document: its key and indented members.
        if let start = lines.firstIndex(of: "clientVersion:") {
            let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix("  ") } ?? lines.endIndex
            lines.removeSubrange(start..<end)
        }
        return lines.joined(separator: "\n")
    }

    static func expectSame(_ line: [String], kubectl expected: CommandResult, kubesim actual: CommandResult, how: String) {
        let normal = { (text: String) in Self.explained(OutputNormaliser.normalise(text)) }
        #expect(normal(actual.stdout) == normal(expected.stdout), "\(how) \(line)\n\(expected.stdout)\n---\n\(actual.stdout)")
        #expect(normal(actual.stderr) == normal(expected.stderr), "\(how) \(line)\n\(expected.stderr)\n---\n\(actual.stderr)")
        #expect(actual.status == expected.status, "\(how) \(line)")
    }

    @Test func clusterVerbsMatchKubectlAgainstServe() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["apply", "-f", ControlLoopsCLITests.manifests]).status == 0)
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["apply", "-f", ControlLoopsCLITests.manifests])
            #expect(try await cluster.kubectl(["apply", "-f", ControlLoopsCLITests.manifests]).status == 0)
            for line in Self.script {
                let expected = try await cluster.kubectl(line)
                Self.expectSame(line, kubectl: expected, kubesim: try await cluster.kubesim(line), how: "served")
                Self.expectSame(line, kubectl: expected, kubesim: try await workspace.kubesim(line), how: "embedded")
            }
            for line in Self.remoteScript {
                Self.expectSame(line, kubectl: try await cluster.kubectl(line), kubesim: try await cluster.kubesim(line), how: "served")
            }
        }
    }

    /// With nothing listening at the server's address, kubectl's words (and `version` still prints the client's,
    /// `api-resources` its header). kubectl's client-go also logs each failed discovery attempt (klog's
    /// `"Unhandled Error"` lines, with their times); kubesim does not, so only the last line of standard error
    /// is compared.
    @Test(arguments: [["version"], ["get", "pods"], ["api-resources"]])
    func refusedConnectionIsReportedAsKubectlDoes(_ line: [String]) async throws {
        let arguments = line + ["--server", "http://127.0.0.1:1"]
        var expected = try await CommandRunner.run(ServedCluster.kubectlPath, arguments, environment: ["KUBECONFIG": "/nonexistent"])
        expected.stderr = (expected.stderr.split(separator: "\n").last.map { $0 + "\n" }) ?? ""
        let actual = try await CommandRunner.run(KubeSimBinary.path, arguments)
        Self.expectSame(line, kubectl: expected, kubesim: actual, how: "refused")
    }

    /// `-o json` writes `version.Info` in Go's member order; the server's document is the one `/version` answers.
    @Test func versionJSONCarriesTheServersDocument() async throws {
        try await ServedCluster.with(bare: true) { cluster in
            let expected = try await cluster.kubectl(["version", "-o", "json"])
            let actual = try await cluster.kubesim(["version", "-o", "json"])
            #expect(actual.status == 0)
            let server = { (text: String) in
                ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["serverVersion"] as? [String: String]
            }
            #expect(server(actual.stdout) != nil && server(actual.stdout) == server(expected.stdout), "\(actual.stdout)")
            let keys = actual.stdout.split(separator: "\n").filter { $0.hasPrefix("    \"") }.map { $0.split(separator: "\"")[1] }
            #expect(keys.prefix(9) == ["major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"])
            let client = try await cluster.kubesim(["version", "--client"])
            #expect(client.stdout == "Client Version: v1.32.0+kubesim\n" && client.status == 0)
        }
    }

    /// Embedded, the kubeconfig shown is the data directory's `admin.conf` once `kubesim serve` wrote it, and
    /// kubectl's empty config before.
    @Test func configViewEmbeddedShowsTheDataDirectorysAdminConf() async throws {
        let workspace = try KubectlWorkspace(bare: true)
        defer { workspace.remove() }
        let empty = try await workspace.kubesim(["config", "view"])
        let kubectlEmpty = try await CommandRunner.run(
            ServedCluster.kubectlPath, ["config", "view"], environment: ["KUBECONFIG": workspace.directory.appendingPathComponent("none").path])
        #expect(empty.stdout == kubectlEmpty.stdout && empty.status == 0, "\(empty)")
        let cluster = try await ServedCluster(workspace: workspace)
        let adminConf = workspace.directory.appendingPathComponent("data/admin.conf").path
        let expected = try? await CommandRunner.run(ServedCluster.kubectlPath, ["config", "view", "--kubeconfig", adminConf])
        let actual = try? await workspace.kubesim(["config", "view"])
        await cluster.stop()
        #expect(actual != nil && actual?.stdout == expected?.stdout && actual?.status == 0, "\(String(describing: actual))")
        #expect(actual?.stdout.contains("client-key-data: DATA+OMITTED") ?? false)
    }
}
