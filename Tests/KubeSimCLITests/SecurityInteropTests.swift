import Foundation
import KubeAuth
import Testing

/// The course's security module with the real kubectl and openssl against `kubesim serve`: a user added with a
/// CSR, RBAC that says no with kube-apiserver's words until a Role and RoleBinding say yes, `auth can-i` and
/// `auth whoami`, service-account tokens from `kubectl create token`, impersonation, and tokens that do not
/// authenticate.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
        "needs /usr/bin/kubectl and /usr/bin/openssl"))
struct SecurityInteropTests {
    static let openssl = "/usr/bin/openssl"

    /// openssl key and CSR → `kubectl apply` of the CSR → `kubectl certificate approve` → the issued certificate
    /// in a kubeconfig context; then RBAC decides what jane may do.
    @Test func aUserAddedWithACSRIsGovernedByRBAC() async throws {
        try await ServedCluster.with { cluster in
            let directory = cluster.workspace.directory.path
            let key = directory + "/jane.key", request = directory + "/jane.csr", certificate = directory + "/jane.crt"
            for arguments in [
                ["genrsa", "-out", key, "2048"], ["req", "-new", "-key", key, "-out", request, "-subj", "/CN=jane/O=devs"],
            ] {
                let made = try await CommandRunner.run(Self.openssl, arguments)
                #expect(made.status == 0, "\(made)")
            }
            let encoded = try Data(contentsOf: URL(fileURLWithPath: request)).base64EncodedString()
            let manifest = try cluster.workspace.write("csr.yaml", """
                apiVersion: certificates.k8s.io/v1
                kind: CertificateSigningRequest
                metadata:
                  name: jane
                spec:
                  request: \(encoded)
                  signerName: kubernetes.io/kube-apiserver-client
                  expirationSeconds: 86400
                  usages: [client auth]
                """)
            #expect(try await cluster.kubectl(["apply", "-f", manifest]).stdout
                == "certificatesigningrequest.certificates.k8s.io/jane created\n")
            // The requester is who created it, whatever the manifest says.
            #expect(try await cluster.kubectl(["get", "csr", "jane", "-o", "jsonpath={.spec.username} {.spec.groups}"]).stdout
                == #"kubernetes-admin ["system:masters","system:authenticated"]"#)
            #expect(try await cluster.kubectl(["certificate", "approve", "jane"]).stdout
                == "certificatesigningrequest.certificates.k8s.io/jane approved\n")
            var issued = ""
            for _ in 0..<100 where issued.isEmpty {
                issued = try await cluster.kubectl(["get", "csr", "jane", "-o", "jsonpath={.status.certificate}"]).stdout
                if issued.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            try #require(Data(base64Encoded: issued)).write(to: URL(fileURLWithPath: certificate))
            let conditions = try await cluster.kubectl(["get", "csr", "jane", "--no-headers"])
            #expect(conditions.stdout.contains("Approved,Issued"), "\(conditions)")
            let subject = try await CommandRunner.run(Self.openssl, ["x509", "-in", certificate, "-noout", "-subject", "-issuer"])
            #expect(subject.stdout == "subject=CN = jane, O = devs\nissuer=CN = kubernetes\n", "\(subject)")

            let clusterName = try await cluster.kubectl(["config", "view", "-o", "jsonpath={.clusters[0].name}"]).stdout
            _ = try await cluster.kubectl([
                "config", "set-credentials", "jane", "--client-certificate", certificate, "--client-key", key, "--embed-certs",
            ])
            _ = try await cluster.kubectl(["config", "set-context", "jane", "--cluster", clusterName, "--user", "jane"])

            let forbidden = try await cluster.kubectl(["--context", "jane", "get", "pods"])
            #expect(forbidden.stderr
                == "Error from server (Forbidden): pods is forbidden: User \"jane\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"\n",
                "\(forbidden)")
            #expect(try await cluster.kubectl(["--context", "jane", "auth", "can-i", "list", "pods"]).stdout == "no\n")
            let whoami = try await cluster.kubectl(["--context", "jane", "auth", "whoami"])
            #expect(Self.rows(whoami.stdout) == [
                ["ATTRIBUTE", "VALUE"], ["Username", "jane"], ["Groups", "[devs", "system:authenticated]"],
            ], "\(whoami)")

            // jane may not grant herself what she does not hold.
            let escalation = try await cluster.kubectl(["--context", "jane", "create", "role", "mine", "--verb=get", "--resource=pods"])
            #expect(escalation.stderr.contains("User \"jane\" cannot create resource \"roles\""), "\(escalation)")

            _ = try await cluster.kubectl(["create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods"])
            _ = try await cluster.kubectl(["create", "rolebinding", "jane-reads-pods", "--role=pod-reader", "--user=jane"])
            let allowed = try await cluster.kubectl(["--context", "jane", "get", "pods"])
            #expect(allowed.status == 0 && allowed.stderr == "No resources found in default namespace.\n", "\(allowed)")
            #expect(try await cluster.kubectl(["--context", "jane", "auth", "can-i", "list", "pods"]).stdout == "yes\n")
            #expect(try await cluster.kubectl(["--context", "jane", "auth", "can-i", "get", "pods", "--subresource=log"]).stdout == "no\n")
            #expect(try await cluster.kubectl(["--context", "jane", "auth", "can-i", "list", "pods", "-n", "kube-system"]).stdout == "no\n")
            #expect(try await cluster.kubectl(["auth", "can-i", "list", "pods", "--as", "jane"]).stdout == "yes\n")

            let list = try await cluster.kubectl(["auth", "can-i", "--list", "--as", "jane"])
            let rows = Self.rows(list.stdout)
            #expect(rows.first == ["Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"], "\(list)")
            #expect(rows.contains(["pods", "[]", "[]", "[get", "list", "watch]"]), "\(list)")
            #expect(rows.contains(["selfsubjectaccessreviews.authorization.k8s.io", "[]", "[]", "[create]"]), "\(list)")
            #expect(rows.contains(["[/healthz]", "[]", "[get]"]), "\(list)")

            // Impersonation needs the verb.
            let impersonating = try await cluster.kubectl(["--context", "jane", "get", "pods", "--as=admin"])
            #expect(impersonating.stderr
                == "Error from server (Forbidden): users \"admin\" is forbidden: User \"jane\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope\n",
                "\(impersonating)")
        }
    }

    @Test func tokensAuthenticateAndImpersonationIsAuthorized() async throws {
        try await ServedCluster.with { cluster in
            let admin = try await cluster.kubectl(["auth", "whoami"])
            #expect(Self.rows(admin.stdout) == [
                ["ATTRIBUTE", "VALUE"], ["Username", "kubernetes-admin"], ["Groups", "[system:masters", "system:authenticated]"],
            ], "\(admin)")
            let nobody = try await cluster.kubectl(["get", "secrets", "--as=nobody"])
            #expect(nobody.stderr
                == "Error from server (Forbidden): secrets is forbidden: User \"nobody\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"\n",
                "\(nobody)")

            _ = try await cluster.kubectl(["create", "serviceaccount", "robot"])
            let created = try await cluster.kubectl(["create", "token", "robot", "--duration", "20m"])
            let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(created.status == 0 && token.split(separator: ".").count == 3, "\(created)")
            let asRobot = ["--server", cluster.url, "--certificate-authority", cluster.workspace.dataDirectory + "/pki/ca.crt"]
            let whoami = try await CommandRunner.run(ServedCluster.kubectlPath, ["--kubeconfig", "/dev/null", "--token", token] + asRobot + ["auth", "whoami"])
            let rows = Self.rows(whoami.stdout)
            #expect(rows.prefix(3) == [
                ["ATTRIBUTE", "VALUE"], ["Username", "system:serviceaccount:default:robot"],
                ["UID", try await cluster.kubectl(["get", "sa", "robot", "-o", "jsonpath={.metadata.uid}"]).stdout],
            ], "\(whoami)")
            #expect(rows.contains(["Groups", "[system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated]"]), "\(whoami)")
            let denied = try await CommandRunner.run(ServedCluster.kubectlPath, ["--kubeconfig", "/dev/null", "--token", token] + asRobot + ["get", "pods"])
            #expect(denied.stderr.contains("User \"system:serviceaccount:default:robot\" cannot list resource \"pods\""), "\(denied)")
            let tooShort = try await cluster.kubectl(["create", "token", "robot", "--duration", "5m"])
            #expect(tooShort.stderr.contains("may not specify a duration less than 10 minutes"), "\(tooShort)")

            // A token signed with the cluster's sa.key but expired, one signed with another key, and garbage: 401.
            let tokens = try await ServiceAccountTokens.load(keyFile: cluster.workspace.dataDirectory + "/pki/sa.key")
            let uid = try await cluster.kubectl(["get", "sa", "robot", "-o", "jsonpath={.metadata.uid}"]).stdout
            let past = Int64(Date().timeIntervalSince1970) - 7200
            let claims = ServiceAccountClaims(
                iss: ServiceAccountTokens.issuer, sub: "system:serviceaccount:default:robot", aud: [ServiceAccountTokens.issuer],
                exp: past + 600, iat: past, nbf: past, jti: "expired",
                kubernetes: .init(namespace: "default", serviceaccount: .init(name: "robot", uid: uid)))
            let expired = try await tokens.sign(claims)
            let foreignDirectory = cluster.workspace.directory.appendingPathComponent("foreign").path
            let foreign = try await ServiceAccountTokens.load(keyFile: try ServiceAccountKey.ensure(directory: foreignDirectory))
            var fresh = claims
            (fresh.iat, fresh.nbf, fresh.exp) = (past + 7200, past + 7200, past + 7200 + 3600)
            for bad in [expired, try await foreign.sign(fresh), "not-a-token"] {
                let refused = try await CommandRunner.run(
                    ServedCluster.kubectlPath, ["--kubeconfig", "/dev/null", "--token", bad] + asRobot + ["get", "pods"])
                #expect(refused.stderr == "error: You must be logged in to the server (Unauthorized)\n", "\(refused)")
            }
            // A legacy token Secret: the token controller fills it; the token authenticates while the Secret exists.
            let secret = try cluster.workspace.write("robot-token.yaml", """
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/service-account-token
                metadata:
                  name: robot-token
                  annotations: {kubernetes.io/service-account.name: robot}
                """)
            _ = try await cluster.kubectl(["apply", "-f", secret])
            var legacy = ""
            for _ in 0..<100 where legacy.isEmpty {
                legacy = try await cluster.kubectl(["get", "secret", "robot-token", "-o", "jsonpath={.data.token}"]).stdout
                if legacy.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            let legacyToken = String(decoding: try #require(Data(base64Encoded: legacy)), as: UTF8.self)
            let legacyWhoami = try await CommandRunner.run(
                ServedCluster.kubectlPath, ["--kubeconfig", "/dev/null", "--token", legacyToken] + asRobot + ["auth", "whoami"])
            #expect(legacyWhoami.stdout.contains("system:serviceaccount:default:robot"), "\(legacyWhoami)")
            _ = try await cluster.kubectl(["delete", "secret", "robot-token"])
            let revoked = try await CommandRunner.run(
                ServedCluster.kubectlPath, ["--kubeconfig", "/dev/null", "--token", legacyToken] + asRobot + ["get", "pods"])
            #expect(revoked.stderr == "error: You must be logged in to the server (Unauthorized)\n", "\(revoked)")

            // The same claims signed with the cluster's key authenticate.
            let good = try await CommandRunner.run(
                ServedCluster.kubectlPath, ["--kubeconfig", "/dev/null", "--token", try await tokens.sign(fresh)] + asRobot + ["auth", "whoami"])
            #expect(good.stdout.contains("system:serviceaccount:default:robot"), "\(good)")
        }
    }

    /// `--audit-policy-file` and `--audit-log-path`: kube-apiserver's JSON events, at the level of the first
    /// matching rule, without the omitted stages, with the authorization decision and the impersonated user.
    @Test func theAuditLogRecordsEventsAtThePolicysLevels() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("policy.yaml").path
        let log = directory.appendingPathComponent("audit.log").path
        try """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived]
            rules:
            - level: None
              nonResourceURLs: ["/api*", "/version", "/openapi*"]
            - level: None
              users: ["system:unsecured"]
            - level: RequestResponse
              resources: [{group: "", resources: ["configmaps"]}]
            - level: Metadata
            """.write(toFile: policy, atomically: true, encoding: .utf8)
        try await ServedCluster.with(extraArguments: ["--audit-policy-file", policy, "--audit-log-path", log]) { cluster in
            _ = try await cluster.kubectl(["create", "configmap", "audited", "--from-literal=a=b"])
            _ = try await cluster.kubectl(["get", "secrets", "--as=nobody"])
            let events = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(!events.isEmpty && events.allSatisfy { $0["stage"] as? String != "RequestReceived" })
            #expect(events.allSatisfy { $0["apiVersion"] as? String == "audit.k8s.io/v1" && $0["kind"] as? String == "Event" })
            let created = try #require(events.first { ($0["objectRef"] as? [String: Any])?["resource"] as? String == "configmaps" && $0["verb"] as? String == "create" })
            #expect(created["level"] as? String == "RequestResponse")
            #expect(created["stage"] as? String == "ResponseComplete")
            #expect(((created["requestObject"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String == "audited")
            #expect((created["responseStatus"] as? [String: Any])?["code"] as? Int == 201)
            #expect((created["user"] as? [String: Any])?["username"] as? String == "kubernetes-admin")
            #expect((created["annotations"] as? [String: String])?["authorization.k8s.io/decision"] == "allow")
            let refused = try #require(events.first { ($0["objectRef"] as? [String: Any])?["resource"] as? String == "secrets" })
            #expect(refused["level"] as? String == "Metadata" && refused["verb"] as? String == "list")
            #expect(refused["requestObject"] == nil)
            #expect((refused["impersonatedUser"] as? [String: Any])?["username"] as? String == "nobody")
            #expect((refused["responseStatus"] as? [String: Any])?["code"] as? Int == 403)
            #expect((refused["annotations"] as? [String: String])?["authorization.k8s.io/decision"] == "forbid")
            #expect(!events.contains { ($0["requestURI"] as? String)?.hasPrefix("/api?") == true })
        }
    }

    /// Whitespace-separated fields of each non-empty line.
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }
}
