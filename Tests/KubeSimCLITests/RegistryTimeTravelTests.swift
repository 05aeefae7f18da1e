import Foundation
import Testing

/// Time travel on the command line: `kubesim get --revision N` (a list at `resourceVersion=N` with
/// `resourceVersionMatch=Exact`) and `kubesim registry diff A B`, on the embedded store and through a server.
@Suite("kubesim get --revision and registry diff")
struct RegistryTimeTravelTests {
    static let configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config, namespace: shop}
        data: {LOG_LEVEL: debug}

        """

    @Test func embeddedStoreShowsThePastAndTheChangesBetweenRevisions() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests]).status == 0)
        let before = try await workspace.revision()
        let file = try workspace.write("config.yaml", Self.configMap)
        #expect(try await workspace.kubesim(["apply", "-f", file]).status == 0)
        #expect(try await workspace.kubesim(["delete", "secret", "web-db", "-n", "shop"]).status == 0)

        let then = try await workspace.kubesim(
            ["get", "configmap", "web-config", "-n", "shop", "--revision", String(before), "-o", "jsonpath={.data.LOG_LEVEL}"])
        #expect(then.stdout == "info", "\(then)")
        let now = try await workspace.kubesim(["get", "configmap", "web-config", "-n", "shop", "-o", "jsonpath={.data.LOG_LEVEL}"])
        #expect(now.stdout == "debug", "\(now)")
        let secrets = try await workspace.kubesim(["get", "secrets", "-n", "shop", "--revision", String(before), "-o", "name"])
        #expect(secrets.stdout.contains("secret/web-db\n"), "\(secrets)")
        let gone = try await workspace.kubesim(["get", "secret", "web-db", "-n", "shop", "--revision", String(before + 1000)])
        #expect(gone.status != 0)

        let diff = try await workspace.kubesim(["registry", "diff", String(before), "0"])
        #expect(diff.status == 0, "\(diff)")
        #expect(diff.stdout.contains("changed /registry/configmaps/shop/web-config (version 1 → 2)\n"), "\(diff)")
        #expect(diff.stdout.contains("  - data.LOG_LEVEL: \"info\"\n  + data.LOG_LEVEL: \"debug\"\n"), "\(diff)")
        #expect(diff.stdout.contains("deleted /registry/secrets/shop/web-db\n"), "\(diff)")
        #expect(!diff.stdout.contains("created /registry/configmaps/shop/web-config"))

        // Past the compaction point the history is gone, and the diff says so.
        let head = try await workspace.revision()
        #expect(try await KubeSimBinary.etcdctl(["compaction", String(head)], dataDirectory: workspace.dataDirectory).status == 0)
        let compacted = try await workspace.kubesim(["registry", "diff", String(before), String(head)])
        #expect(compacted.status != 0)
        #expect(compacted.stderr.contains("revision \(before) is compacted"), "\(compacted)")
    }

    @Test(.enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
    func serverAndEtcdEndpointShowThePast() async throws {
        try await ServedCluster.with { cluster in
            #expect(try await cluster.kubectl(["create", "configmap", "web-config", "--from-literal=LOG_LEVEL=info"]).status == 0)
            let before = try await cluster.revision()
            #expect(try await cluster.kubectl(["create", "configmap", "web-config-2", "--from-literal=a=b"]).status == 0)
            #expect(try await cluster.kubectl(
                ["patch", "configmap", "web-config", "-p", "{\"data\":{\"LOG_LEVEL\":\"debug\"}}"]).status == 0)

            let then = try await cluster.kubesim(
                ["get", "configmaps", "--revision", String(before), "-o", "jsonpath={.items[*].metadata.name}={.items[*].data.LOG_LEVEL}"])
            #expect(then.stdout.contains("web-config="), "\(then)")
            #expect(then.stdout.hasSuffix("=info"), "\(then)")
            #expect(!then.stdout.contains("web-config-2"), "\(then)")

            let endpoint = String(try #require(cluster.output.firstMatch(of: /etcd v3 API serving on (\S+)/)).1)
            let pki = cluster.workspace.dataDirectory + "/pki/etcd/"
            let diff = try await CommandRunner.run(
                KubeSimBinary.path,
                [
                    "registry", "diff", String(before), "0", "--endpoints", endpoint, "--cacert", pki + "ca.crt", "--cert",
                    pki + "server.crt", "--key", pki + "server.key",
                ])
            #expect(diff.status == 0, "\(diff)")
            #expect(diff.stdout.contains("created /registry/configmaps/default/web-config-2"), "\(diff)")
            #expect(diff.stdout.contains("  - data.LOG_LEVEL: \"info\"\n  + data.LOG_LEVEL: \"debug\"\n"), "\(diff)")
        }
    }
}
