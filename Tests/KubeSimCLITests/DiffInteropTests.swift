import Foundation
import Testing

/// `kubesim diff -f`: the same unified diff of `LIVE-*` and `MERGED-*` directories, and the same exit status
/// (0 no differences, 1 differences, 2 an error), as the real kubectl's against `kubesim serve`, both over the
/// server and embedded on the server's data directory.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct DiffInteropTests {
    /// The temporary directories' random names, the files' times, and what a dry-run create makes afresh.
    static func normalised(_ text: String) -> String {
        text.replacing(/\/[^ \t\n]*\/(LIVE|MERGED)-\d+/) { "/TMP/\($0.output.1)" }
            .replacing(/\t\d{4}-\d\d-\d\d [\d:.]+ [+-]\d{4}/, with: "\tTIME")
            .replacing(/uid: [0-9a-f-]{36}/, with: "uid: UID")
            .replacing(/creationTimestamp: "[^"]+"/, with: "creationTimestamp: TIME")
    }

    @Test func diffMatchesKubectlAgainstServe() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let original = try cluster.workspace.write("original.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: app, namespace: default}
                data: {mode: dev, level: "1"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: default}
                stringData: {user: admin, password: old}
                """)
            #expect(try await cluster.kubectl(["apply", "-f", original]).status == 0)
            let changed = try cluster.workspace.write("changed.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: app, namespace: default, labels: {tier: web}}
                data: {mode: prod}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: default}
                stringData: {user: admin, password: new}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: fresh, namespace: default}
                spec:
                  selector: {matchLabels: {app: fresh}}
                  template:
                    metadata: {labels: {app: fresh}}
                    spec: {containers: [{name: c, image: nginx}]}
                """)
            let broken = try cluster.workspace.write("broken.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: bad, namespace: default}
                data: {mode: [1]}
                """)
            for line in [["diff", "-f", original], ["diff", "-f", changed], ["diff", "-f", broken], ["diff", "-f", "/nonexistent.yaml"]] {
                let expected = try await cluster.kubectl(line)
                for actual in [try await cluster.kubesim(line), try await cluster.workspace.kubesim(line)] {
                    #expect(Self.normalised(actual.stdout) == Self.normalised(expected.stdout), "\(line)\n\(expected.stdout)\n---\n\(actual.stdout)")
                    #expect(actual.stderr == expected.stderr, "\(line)")
                    #expect(actual.status == expected.status, "\(line)")
                }
            }
        }
    }
}
