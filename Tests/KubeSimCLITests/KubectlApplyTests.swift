import Foundation
import ProcessLaunch
import Testing

/// `kubesim apply`, driven as a user drives kubectl: its lines, exit codes and what lands in the store.
@Suite("kubesim apply")
struct KubectlApplyTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        """

    @Test func sampleManifestsLandUnderKubeApiserversKeys() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let applied = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests])
        #expect(applied.status == 0, "\(applied)")
        #expect(applied.stdout.contains("deployment.apps/web created\n"))
        #expect(applied.stdout.contains("backup.example.com/nightly created\n"))
        // The manifests' own objects, beside what the control loops made of them (ReplicaSets, pods,
        // endpoints, events, service accounts, the node's lease).
        let keys = try await workspace.keys()
        #expect(Set([
            "/registry/apiextensions.k8s.io/customresourcedefinitions/backups.example.com",
            "/registry/clusterrolebindings/web-views-nodes",
            "/registry/clusterroles/node-viewer",
            "/registry/configmaps/shop/web-config",
            "/registry/deployments/shop/web",
            "/registry/example.com/backups/shop/nightly",
            "/registry/minions/worker-1",
            "/registry/namespaces/default",
            "/registry/namespaces/kube-node-lease",
            "/registry/namespaces/kube-public",
            "/registry/namespaces/kube-system",
            "/registry/namespaces/shop",
            "/registry/pods/shop/debug",
            "/registry/ranges/serviceips",
            "/registry/ranges/servicenodeports",
            "/registry/replicasets/shop/cache",
            "/registry/rolebindings/shop/web-reads-config",
            "/registry/roles/shop/config-reader",
            "/registry/secrets/shop/web-db",
            "/registry/serviceaccounts/shop/web",
            "/registry/services/specs/shop/web",
        ]).isSubset(of: keys))
        #expect(keys.contains { $0.hasPrefix("/registry/pods/shop/web-") })
        #expect(keys.contains("/registry/leases/kube-node-lease/worker-1"))
    }

    @Test func createThenUnchangedThenConfigured() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("web.yaml", Self.deployment)
        #expect(try await workspace.kubesim(["apply", "-f", file]).stdout == "deployment.apps/web created\n")
        let revision = try await workspace.revision()
        #expect(try await workspace.kubesim(["apply", "-f", file]).stdout == "deployment.apps/web unchanged\n")
        #expect(try await workspace.revision() == revision, "unchanged writes nothing, and the settled loops neither")

        // Without the loops, the configured deployment is the only write.
        try workspace.write("web.yaml", Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 3"))
        #expect(try await workspace.kubesim(["apply", "-f", file, "--no-controllers"]).stdout == "deployment.apps/web configured\n")
        let fields = try await workspace.kubesim([
            "get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation} {.metadata.resourceVersion}",
        ])
        let parts = fields.stdout.split(separator: " ")
        #expect(parts.count == 3 && parts[0] == "3" && parts[1] == "2", "\(fields)")
        #expect(Int64(parts[2]) == revision + 1)
    }

    /// As with the real kubectl, re-applying an exported object only rewrites its last-applied-configuration
    /// (now the whole exported document, resourceVersion and all): it reports `configured` and the object's
    /// spec and labels stay as they were.
    @Test func getAsYAMLReappliesWithTheSameContent() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("web.yaml", Self.deployment)
        _ = try await workspace.kubesim(["apply", "-f", file])
        let content = "jsonpath={.spec} {.metadata.labels}"
        let before = try await workspace.kubesim(["get", "deploy", "web", "-o", content])
        let yaml = try await workspace.kubesim(["get", "deployment/web", "-o", "yaml"])
        #expect(yaml.stdout.hasPrefix("apiVersion: apps/v1\n"))
        let exported = try workspace.write("exported.yaml", yaml.stdout)
        #expect(try await workspace.kubesim(["apply", "-f", exported]).stdout == "deployment.apps/web configured\n")
        #expect(try await workspace.kubesim(["get", "deploy", "web", "-o", content]).stdout == before.stdout)
    }

    @Test func badDocumentsAreNamedAndTheRestIsApplied() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("mixed.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: good}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: c, image: i}]}
            ---
            kind: ConfigMap
            metadata: {name: nokind}
            """)
        let result = try await workspace.kubesim(["apply", "-f", file])
        #expect(result.status == 1)
        #expect(result.stdout == "configmap/good created\n")
        // kubectl prints its errors after the objects, one line each: the file's first, then the objects'.
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3, "\(result)")
        #expect(
            lines.first == "error validating \"\(file)\": error validating data: apiVersion not set; "
                + "if you choose to ignore these errors, turn validation off with --validate=false")
        #expect(
            lines.dropFirst().first?.hasPrefix(
                "Error from server (Invalid): error when creating \"\(file)\": Deployment.apps \"broken\" is invalid: [spec.selector: Required value")
                == true, "\(result)")
        #expect(!(try await workspace.keys()).contains("/registry/deployments/default/broken"))
    }

    @Test func anInvalidObjectLeavesTheStoreAtItsRevision() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        // A command that runs the loops first, so the `default` service account exists as on a running cluster.
        _ = try await workspace.kubesim(["apply", "-f", try workspace.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")])
        let revision = try await workspace.revision()
        let file = try workspace.write("bad.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: Web_Bad}
            spec: {containers: [{name: c, image: nginx}]}
            """)
        let result = try await workspace.kubesim(["apply", "-f", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"The Pod "Web_Bad" is invalid: metadata.name: Invalid value: "Web_Bad": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"#))
        #expect(try await workspace.revision() == revision)
    }

    @Test func aMissingNamespaceIsNotFound() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: nope}\n")
        let result = try await workspace.kubesim(["apply", "-f", file])
        #expect(result.status == 1)
        #expect(result.stderr == "Error from server (NotFound): error when creating \"\(file)\": namespaces \"nope\" not found\n")
    }

    @Test func serverSideApplyConflictsUntilForced() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("web.yaml", Self.deployment)
        #expect(try await workspace.kubesim(["apply", "--server-side", "-f", file]).stdout == "deployment.apps/web serverside-applied\n")
        // Another manager takes spec.replicas.
        try workspace.write("scaled.yaml", Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 5"))
        let other = try await workspace.kubesim([
            "apply", "--server-side", "--field-manager", "autoscaler", "-f", workspace.directory.appendingPathComponent("scaled.yaml").path,
        ])
        #expect(other.status == 1)
        #expect(other.stderr.contains(#"Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas"#))
        let forced = try await workspace.kubesim([
            "apply", "--server-side", "--force-conflicts", "--field-manager", "autoscaler", "-f",
            workspace.directory.appendingPathComponent("scaled.yaml").path,
        ])
        #expect(forced.status == 0)
        #expect(try await workspace.kubesim(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]).stdout == "5")
    }

    @Test func namespaceFlagMustAgreeWithTheObject() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: kube-system}\n")
        let result = try await workspace.kubesim(["apply", "-f", file, "-n", "default"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"the namespace from the provided object "kube-system" does not match the namespace "default". You must pass '--namespace=kube-system' to perform this operation."#))
    }

    /// kubectl prints `created` only after the store committed: kill the process right after the lines appear
    /// and every object printed must be in the reopened store.
    @Test func everyPrintedObjectIsCommittedWhenTheLineAppears() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        for index in 0..<300 {
            try workspace.write("many/cm-\(String(format: "%03d", index)).yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-\(index)}\n")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: KubeSimBinary.path)
        process.arguments = [
            "apply", "-f", workspace.directory.appendingPathComponent("many").path, "--data-dir", workspace.dataDirectory, "--bare",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try ProcessLaunch.run(process)
        // Blocking reads stay off the concurrency pool's few threads.
        let seen = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            Thread {
                var seen = ""
                while seen.components(separatedBy: " created\n").count < 40 {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    seen += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: seen)
            }.start()
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let printed = seen.split(separator: "\n").filter { $0.hasSuffix(" created") }.map { $0.dropFirst("configmap/".count).dropLast(" created".count) }
        #expect(printed.count >= 39)
        let keys = Set(try await workspace.keys())
        for name in printed { #expect(keys.contains("/registry/configmaps/default/\(name)"), "\(name) printed but not stored") }
    }

    /// A block scalar ends with its newline even when a `---` line follows it.
    @Test func blockScalarsBeforeASeparatorKeepTheirNewline() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let file = try workspace.write("two.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: first}
            data:
              page: |
                <h1>hi</h1>
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: second}

            """)
        #expect(try await workspace.kubesim(["apply", "-f", file]).status == 0)
        let json = try await workspace.kubesim(["get", "cm", "first", "-o", "json"])
        #expect(json.stdout.contains(#""page": "\u003ch1\u003ehi\u003c/h1\u003e\n""#), "\(json)")
    }
}
