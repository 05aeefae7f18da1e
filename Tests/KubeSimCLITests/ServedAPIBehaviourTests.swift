import Foundation
import Testing

/// Behaviour users meet over HTTP and on the etcd endpoint of `kubesim serve`, checked with the real kubectl,
/// etcdctl and curl: the health endpoints, lists paged past kubectl's 500-item chunks, lists and watches from a
/// compacted resourceVersion (410), lease expiry by the server's timer; and two processes writing one data
/// directory at once.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled && RealEtcd.isInstalled, "needs /usr/bin/kubectl and /usr/bin/etcdctl"))
struct ServedAPIBehaviourTests {
    @Test func healthEndpointsRunTheirChecksAsKubeAPIServerLists() async throws {
        try await ServedCluster.with { cluster in
            let verbose = try await cluster.kubectl(["get", "--raw", "/readyz?verbose"])
            #expect(
                verbose.stdout == "[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]etcd-readiness ok\n[+]shutdown ok\nreadyz check passed\n",
                "\(verbose)")
            #expect(try await cluster.kubectl(["get", "--raw", "/livez"]).stdout == "ok")
            #expect(try await cluster.kubectl(["get", "--raw", "/livez/etcd"]).stdout == "ok")
            let excluded = try await cluster.kubectl(["get", "--raw", "/healthz?verbose&exclude=log"])
            #expect(excluded.stdout == "[+]ping ok\n[+]etcd ok\n[+]log excluded: ok\nhealthz check passed\n", "\(excluded)")
            // Anyone may ask, without credentials (system:public-info-viewer).
            let anonymous = try await CommandRunner.run(
                "/usr/bin/curl", ["-s", "--cacert", cluster.workspace.dataDirectory + "/pki/ca.crt", cluster.url + "/readyz"])
            #expect(anonymous.stdout == "ok", "\(anonymous)")
            let unknown = try await cluster.raw("GET", "/livez/nosuch")
            #expect(unknown.status == 404, "\(unknown)")
        }
    }

    @Test func listsPageBeyond500ItemsWithContinueTokens() async throws {
        try await ServedCluster.with { cluster in
            _ = try await cluster.kubectl(["create", "namespace", "bulk"])
            let documents = (0..<600).map { index in
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-\(index)\n  namespace: bulk\ndata: {n: \"\(index)\"}\n"
            }
            let file = try cluster.workspace.write("bulk.yaml", documents.joined(separator: "---\n"))
            // Written by the embedded command line beside the server (600 requests through kubectl take a minute on
            // a loaded machine); the reads below are what is under test.
            let created = try await cluster.workspace.kubesim(["apply", "-f", file])
            #expect(created.status == 0, "\(created.stderr)")
            // kubectl reads in chunks of 500 and follows the continue token (the namespace may also hold the
            // root CA's ConfigMap).
            let names = try await cluster.kubectl(["get", "configmaps", "-n", "bulk", "-o", "name"])
            let total = names.stdout.split(separator: "\n").count
            #expect(names.stdout.split(separator: "\n").filter { $0.hasPrefix("configmap/cm-") }.count == 600)

            let first = try await cluster.raw("GET", "/api/v1/namespaces/bulk/configmaps?limit=500")
            let page = try JSONSerialization.jsonObject(with: Data(first.body.utf8)) as? [String: Any] ?? [:]
            let metadata = page["metadata"] as? [String: Any] ?? [:]
            #expect((page["items"] as? [Any])?.count == 500)
            #expect(metadata["remainingItemCount"] as? Int == total - 500)
            let token = try #require(metadata["continue"] as? String)
            let escaped = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let second = try await cluster.raw("GET", "/api/v1/namespaces/bulk/configmaps?limit=500&continue=\(escaped)")
            let rest = try JSONSerialization.jsonObject(with: Data(second.body.utf8)) as? [String: Any] ?? [:]
            #expect((rest["items"] as? [Any])?.count == total - 500)
            #expect((rest["metadata"] as? [String: Any])?["continue"] == nil)
            // With a label selector kube-apiserver cannot know how many remain, so it does not say.
            let selected = try await cluster.raw("GET", "/api/v1/namespaces/bulk/configmaps?limit=10&labelSelector=missing%21%3Dx")
            let selectedPage = try JSONSerialization.jsonObject(with: Data(selected.body.utf8)) as? [String: Any] ?? [:]
            #expect((selectedPage["metadata"] as? [String: Any])?["remainingItemCount"] == nil)
            #expect((selectedPage["metadata"] as? [String: Any])?["continue"] != nil)
        }
    }

    @Test func listAndWatchFromACompactedRevisionAnswer410() async throws {
        try await ServedCluster.with { cluster in
            _ = try await cluster.kubectl(["create", "configmap", "before"])
            let old = try await cluster.kubectl(["get", "configmap", "before", "-o", "jsonpath={.metadata.resourceVersion}"]).stdout
            _ = try await cluster.kubectl(["create", "configmap", "after"])
            _ = try await cluster.kubectl(["create", "configmap", "later"])
            let revision = try await cluster.revision()
            let compacted = try await cluster.realEtcdctl(["compaction", String(revision)])
            #expect(compacted.stdout == "compacted revision \(revision)\n", "\(compacted)")

            let list = try await cluster.raw(
                "GET", "/api/v1/namespaces/default/configmaps?resourceVersion=\(old)&resourceVersionMatch=Exact")
            #expect(list.status == 410, "\(list)")
            #expect(list.body.contains("\"message\":\"The resourceVersion for the provided list is too old.\""), "\(list)")
            #expect(list.body.contains("\"reason\":\"Expired\""), "\(list)")

            let watch = try await cluster.raw(
                "GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(old)&timeoutSeconds=5")
            #expect(watch.status == 200, "\(watch)")
            #expect(watch.body.contains("\"type\":\"ERROR\""), "\(watch)")
            #expect(watch.body.contains("too old resource version: \(old) (\(revision))"), "\(watch)")
            #expect(watch.body.contains("\"code\":410"), "\(watch)")
        }
    }

    @Test func aLeaseRunsOutOnTheServersTimer() async throws {
        try await ServedCluster.with { cluster in
            let granted = try await cluster.realEtcdctl(["lease", "grant", "2"])
            let id = try #require(granted.stdout.split(separator: " ").dropFirst().first.map(String.init), "\(granted)")
            #expect(try await cluster.realEtcdctl(["put", "/short-lived", "v", "--lease=\(id)"]).stdout == "OK\n")
            #expect(try await cluster.realEtcdctl(["get", "/short-lived", "--print-value-only"]).stdout == "v\n")
            // Nobody keeps it alive: the server revokes it and deletes the key.
            try await cluster.eventually {
                try await cluster.realEtcdctl(["get", "/short-lived", "--print-value-only"]).stdout.isEmpty
            }
            let remaining = try await cluster.realEtcdctl(["lease", "timetolive", id])
            #expect(remaining.stdout.contains("already expired"), "\(remaining)")
        }
    }
}

/// Two `kubesim` processes writing the same data directory at once, each a client of the one store.
@Suite(.serialized)
struct ConcurrentProcessWriterTests {
    @Test func twoProcessesApplyingAtOnceBothCommitEveryObject() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        _ = try await workspace.kubesim(["get", "ns"])
        func manifest(_ prefix: String) throws -> String {
            let documents = (0..<20).map { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(prefix)-\($0)\n" }
            return try workspace.write("\(prefix).yaml", documents.joined(separator: "---\n"))
        }
        let (a, b) = (try manifest("a"), try manifest("b"))
        async let first = workspace.kubesim(["apply", "-f", a])
        async let second = workspace.kubesim(["apply", "-f", b])
        let results = try await [first, second]
        for result in results { #expect(result.status == 0, "\(result)") }
        let names = try await workspace.kubesim(["get", "configmaps", "-o", "name"])
        #expect(names.stdout.split(separator: "\n").filter { $0.hasPrefix("configmap/a-") || $0.hasPrefix("configmap/b-") }.count == 40)
        // Every write got its own revision.
        let history = try await workspace.kubesim(["etcdctl", "get", "/registry/configmaps/default/", "--prefix", "-w", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any] ?? [:]
        let revisions = (json["kvs"] as? [[String: Any]] ?? []).compactMap { $0["mod_revision"] as? Int }
        #expect(Set(revisions).count == revisions.count && revisions.count >= 40)
    }
}
