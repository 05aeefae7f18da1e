import Foundation
import Testing

/// `kubesim certificate approve|deny` against `kubesim serve` (where the real kubectl's answers are the reference)
/// and embedded.
@Suite(
    .serialized,
    .enabled(
        if: ServedCluster.kubectlInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
        "needs /usr/bin/kubectl and /usr/bin/openssl"))
struct CertificateVerbsInteropTests {
    /// A CertificateSigningRequest manifest for a fresh key, named `name`.
    static func manifest(_ name: String, in workspace: KubectlWorkspace) async throws -> String {
        let key = workspace.directory.appendingPathComponent("\(name).key").path
        let request = workspace.directory.appendingPathComponent("\(name).csr").path
        for arguments in [["genrsa", "-out", key, "2048"], ["req", "-new", "-key", key, "-out", request, "-subj", "/CN=\(name)/O=devs"]] {
            let made = try await CommandRunner.run("/usr/bin/openssl", arguments)
            #expect(made.status == 0, "\(made)")
        }
        let encoded = try Data(contentsOf: URL(fileURLWithPath: request)).base64EncodedString()
        return try workspace.write("\(name).yaml", """
            apiVersion: certificates.k8s.io/v1
            kind: CertificateSigningRequest
            metadata:
              name: \(name)
            spec:
              request: \(encoded)
              signerName: kubernetes.io/kube-apiserver-client
              usages: [client auth]
            """)
    }

    /// The same steps by kubectl (on requests `k-*`) and by kubesim (on `s-*`) against one server give the same
    /// output, exit status and conditions.
    @Test func approveAndDenyMatchKubectl() async throws {
        try await ServedCluster.with(bare: true) { cluster in
            for prefix in ["k", "s"] {
                for name in ["alice", "bob"] {
                    let applied = try await cluster.kubectl(["apply", "-f", try await Self.manifest("\(prefix)-\(name)", in: cluster.workspace)])
                    #expect(applied.status == 0, "\(applied)")
                }
            }
            let steps: [[String]] = [
                ["certificate", "approve", "alice"], ["certificate", "approve", "alice"], ["certificate", "deny", "bob"],
                ["certificate", "approve", "bob"], ["certificate", "deny", "alice"], ["certificate", "approve", "nobody"],
                ["certificate", "approve"],
            ]
            for step in steps {
                let named = { (prefix: String) in step.count > 2 && step[2] != "nobody" ? Array(step.prefix(2)) + ["\(prefix)-\(step[2])"] : step }
                let expected = try await cluster.kubectl(named("k"))
                let actual = try await cluster.kubesim(named("s"))
                let unprefixed = { (text: String) in text.replacing("k-", with: "").replacing("s-", with: "").replacing("kubesim", with: "kubectl") }
                #expect(unprefixed(actual.stdout) == unprefixed(expected.stdout), "\(step)\n\(expected)\n---\n\(actual)")
                #expect(unprefixed(actual.stderr) == unprefixed(expected.stderr), "\(step)\n\(expected)\n---\n\(actual)")
                #expect(actual.status == expected.status, "\(step)")
            }
            for name in ["alice", "bob"] {
                let conditions = { (prefix: String) in
                    try await cluster.kubectl(["get", "csr", "\(prefix)-\(name)", "-o", "jsonpath={.status.conditions[*].type} {.status.conditions[*].reason}"]).stdout
                }
                #expect(try await conditions("s") == conditions("k"))
            }
        }
    }

    @Test func approveEmbeddedAddsTheApprovedCondition() async throws {
        let workspace = try KubectlWorkspace(bare: true)
        defer { workspace.remove() }
        #expect(try await workspace.kubesim(["apply", "-f", try await Self.manifest("carol", in: workspace)]).status == 0)
        let approved = try await workspace.kubesim(["certificate", "approve", "carol"])
        #expect(approved.stdout == "certificatesigningrequest.certificates.k8s.io/carol approved\n", "\(approved)")
        let conditions = try await workspace.kubesim(["get", "csr", "carol", "-o", "jsonpath={.status.conditions[0].type} {.status.conditions[0].reason}"])
        #expect(conditions.stdout == "Approved KubectlApprove")
        let denied = try await workspace.kubesim(["certificate", "deny", "carol"])
        #expect(denied.stderr == "error: certificate signing request \"carol\" is already Approved\n" && denied.status == 1, "\(denied)")
    }
}
