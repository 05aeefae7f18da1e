import Foundation
import Testing

/// `kubesim get` and `kubesim delete`: kubectl's tables, formats and messages.
@Suite("kubesim get and delete")
struct KubectlGetDeleteTests {
    @Test func emptyListsAndMissingObjectsSayWhatKubectlSays() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let empty = try await workspace.kubesim(["get", "pods"])
        #expect(empty.status == 0 && empty.stdout.isEmpty && empty.stderr == "No resources found in default namespace.\n")
        let missing = try await workspace.kubesim(["get", "po", "nope"])
        #expect(missing.status == 1 && missing.stderr == "Error from server (NotFound): pods \"nope\" not found\n")
        let unknown = try await workspace.kubesim(["get", "widgets"])
        #expect(unknown.status == 1 && unknown.stderr == "error: the server doesn't have a resource type \"widgets\"\n")
    }

    @Test func tablesShortNamesAndFormats() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let applied = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests])
        #expect(applied.status == 0, "\(applied)")

        let namespaces = try await workspace.kubesim(["get", "ns"])
        #expect(namespaces.stdout.hasPrefix("NAME              STATUS   AGE\ndefault           Active   "))
        let services = try await workspace.kubesim(["get", "svc", "-n", "shop"])
        #expect(services.stdout.split(separator: "\n").first == "NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE")
        #expect(services.stdout.contains("web    ClusterIP   10.96.1.1    <none>        80/TCP    "))
        let pods = try await workspace.kubesim(["get", "po", "-A", "--show-labels"])
        #expect(pods.stdout.hasPrefix("NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE   LABELS\n"), "\(pods)")
        #expect(pods.stdout.contains(#/\nshop +debug +1\/1 +Running +0 +\S+ +app=debug\n/#), "\(pods)")
        let names = try await workspace.kubesim(["get", "deploy,rs", "-n", "shop", "-o", "name"])
        #expect(names.stdout.wholeMatch(of: #/deployment.apps/web\nreplicaset.apps/cache\nreplicaset.apps/web-[a-z0-9]+\n/#) != nil, "\(names)")
        let labeled = try await workspace.kubesim(["get", "pods", "-n", "shop", "-l", "app=none"])
        #expect(labeled.stderr == "No resources found in shop namespace.\n")
        let custom = try await workspace.kubesim(["get", "bk", "-n", "shop", "-o", "custom-columns=NAME:.metadata.name,SCHEDULE:.spec.schedule"])
        #expect(custom.stdout == "NAME      SCHEDULE\nnightly   0 2 * * *\n")
        let json = try await workspace.kubesim(["get", "cm", "web-config", "-n", "shop", "-o", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["kind"] as? String == "ConfigMap")
    }

    @Test func deletePrintsKubectlLinesAndRemovesKeys() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        _ = try await workspace.kubesim(["apply", "-f", KubectlWorkspace.sampleManifests])
        let byFile = try await workspace.kubesim(["delete", "-f", KubectlWorkspace.sampleManifests + "/31-cache.yaml"])
        #expect(byFile.stdout == "replicaset.apps \"cache\" deleted\npod \"debug\" deleted\n")
        let byName = try await workspace.kubesim(["delete", "svc", "web", "-n", "shop"])
        #expect(byName.stdout == "service \"web\" deleted\n")
        let again = try await workspace.kubesim(["delete", "svc", "web", "-n", "shop"])
        #expect(again.status == 1 && again.stderr == "Error from server (NotFound): services \"web\" not found\n")
        let namespace = try await workspace.kubesim(["delete", "ns", "shop"])
        #expect(namespace.stdout == "namespace \"shop\" deleted\n")
        #expect(try await workspace.keys().filter { $0.contains("/shop") }.isEmpty)
    }
}
