import Foundation
import Testing

import APIServer
@testable import KubeSimCLI

/// `kubesim registry tree`, `history` and `show` on the embedded store after applying the sample manifests.
@Suite("kubesim registry views")
struct RegistryViewTests {
    @Test func treeGroupsKeysBySegmentWithCountsInByteOrder() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let applied = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests])
        #expect(applied.status == 0, "\(applied)")

        let tree = try await workspace.kubesim(["registry", "tree"])
        #expect(tree.status == 0, "\(tree)")
        #expect(tree.stdout.hasPrefix("/registry\n├── apiextensions.k8s.io (1)\n│   └── customresourcedefinitions (1)\n│       └── backups.example.com\n"))
        #expect(tree.stdout.contains("├── configmaps (1)\n│   └── shop (1)\n│       └── web-config\n"))
        #expect(tree.stdout.contains("├── minions (1)\n│   └── worker-1\n"))
        // The endpoints controller's object sits beside the service's, under the same `services/` segment.
        #expect(tree.stdout.hasSuffix("""
            └── services (2)
                ├── endpoints (1)
                │   └── shop (1)
                │       └── web
                └── specs (1)
                    └── shop (1)
                        └── web

            """))

        let namespaces = try await workspace.kubesim(["registry", "tree", "/registry/namespaces"])
        #expect(namespaces.stdout == """
            /registry/namespaces
            ├── default
            ├── kube-node-lease
            ├── kube-public
            ├── kube-system
            └── shop

            """)
    }

    @Test func historyListsCreateUpdateAndDeleteWithReplicasDiff() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let web = try String(contentsOfFile: KubectlWorkspace.sampleManifests + "/30-web.yaml", encoding: .utf8)
        _ = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests + "/00-namespace.yaml"])
        // Without the control loops, only the user's writes reach the deployment's key.
        let applied = try await workspace.kubesim(["apply", "-f", try workspace.write("web.yaml", web), "--no-controllers"])
        #expect(applied.status == 0, "\(applied)")
        let created = try await workspace.revision()
        _ = try await workspace.kubesim([
            "apply", "-f", try workspace.write("web.yaml", web.replacingOccurrences(of: "replicas: 2", with: "replicas: 3")),
            "--no-controllers",
        ])
        let updated = try await workspace.revision()
        _ = try await workspace.kubesim(["delete", "deploy", "web", "-n", "shop", "--no-controllers"])
        let deleted = try await workspace.revision()

        let history = try await workspace.kubesim(["registry", "history", "/registry/deployments/shop/web"])
        #expect(history.status == 0, "\(history)")
        let headers = history.stdout.split(separator: "\n").filter { $0.hasPrefix("revision=") }
        // The service in the same file is created one revision after the deployment.
        #expect(headers == [
            "revision=\(created - 1) version=1 created", "revision=\(updated) version=2 updated", "revision=\(deleted) deleted",
        ])
        #expect(history.stdout.contains("+ spec.replicas: 2\n"))
        #expect(history.stdout.contains("- spec.replicas: 2\n+ spec.replicas: 3\n"))
        #expect(history.stdout.contains("- metadata.generation: 1\n+ metadata.generation: 2\n"))
    }

    @Test func historySaysWhenItStartsAtTheCompactionRevision() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        _ = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests])
        let revision = try await workspace.revision()
        _ = try await KubeSimBinary.etcdctl(["compaction", String(revision)], dataDirectory: workspace.dataDirectory)

        let history = try await workspace.kubesim(["registry", "history", "/registry/minions/worker-1"])
        #expect(history.status == 0, "\(history)")
        #expect(history.stdout.hasPrefix("# history before revision \(revision) is compacted\nrevision="))
        #expect(history.stdout.contains("+ metadata.name: \"worker-1\"\n"))
    }

    @Test func showPrintsAConfigMapAsYAMLUnderItsRevisions() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        _ = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests + "/00-namespace.yaml"])
        _ = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests + "/10-config.yaml"])
        let revision = try await workspace.revision()

        let shown = try await workspace.kubesim(["registry", "show", "/registry/configmaps/shop/web-config"])
        #expect(shown.status == 0, "\(shown)")
        let lines = shown.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // The secret in the same file is created one revision after the configmap.
        #expect(lines.first == "# /registry/configmaps/shop/web-config  create_revision=\(revision - 1) mod_revision=\(revision - 1) version=1")
        #expect(lines.dropFirst().prefix(3) == ["apiVersion: v1", "data:", "  LOG_LEVEL: info"])
        #expect(shown.stdout.contains("\nkind: ConfigMap\nmetadata:\n"))
        #expect(shown.stdout.contains("\n  name: web-config\n  namespace: shop\n"))

        _ = try await KubeSimBinary.etcdctl(["put", "/registry/notes", "plain text"], dataDirectory: workspace.dataDirectory)
        let text = try await workspace.kubesim(["registry", "show", "/registry/notes"])
        #expect(text.stdout.split(separator: "\n").last == "plain text")
    }

    @Test func missingKeysFailLikeKubectl() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let shown = try await workspace.kubesim(["registry", "show", "/registry/pods/default/nope"])
        #expect(shown.status == 1 && shown.stdout.isEmpty && shown.stderr == "Error: key \"/registry/pods/default/nope\" not found\n")
        let history = try await workspace.kubesim(["registry", "history", "/registry/pods/default/nope"])
        #expect(history.status == 1 && history.stderr == "Error: key \"/registry/pods/default/nope\" not found in history\n")
    }

    @Test func valuesDecodeAsYAMLTextOrHexAndDiffByField() {
        #expect(RegistryValue.text(Data([0x6b, 0x38, 0x73, 0x00, 0xff])) == "6b387300ff\n")
        #expect(RegistryValue.text(Data("{\"a\":[1]}".utf8)) == "a:\n- 1\n")
        let old = Data("{\"spec\":{\"replicas\":2,\"paused\":true}}".utf8)
        let new = Data("{\"spec\":{\"replicas\":3,\"selector\":{}}}".utf8)
        #expect(RegistryValue.diff(from: old, to: new) == [
            "- spec.paused: true", "- spec.replicas: 2", "+ spec.replicas: 3", "+ spec.selector: {}",
        ])
    }
}
