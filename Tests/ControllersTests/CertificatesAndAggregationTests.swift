import Controllers
import Crypto
import EtcdPKI
import Foundation
import KubeAPI
import KubeAuth
import Testing
import SwiftASN1
import X509

/// kube-controller-manager's csrsigning and clusterrole-aggregation controllers.
@Suite(.serialized) struct CertificatesAndAggregationTests {
    private static func clusterRole(_ name: String, labels: [String: String] = [:], rules: [RBACRule], aggregating: String? = nil) -> JSONValue {
        var role: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": ["name": .string(name), "labels": .object(labels.mapValues { .string($0) })],
            "rules": .array(rules.map(\.json)),
        ]
        if let aggregating {
            role["aggregationRule"] = ["clusterRoleSelectors": [["matchLabels": [.init(stringLiteral: aggregating): "true"]]]]
        }
        return role
    }

    /// The documentation's `monitoring` example: the aggregated role gathers the rules of the roles its selector
    /// matches, follows their changes, and a settled role is not written again.
    @Test func anAggregatedClusterRoleGathersTheMatchingRolesRules() async throws {
        let harness = try await ClusterHarness(controllers: [ClusterRoleAggregationController()])
        defer { Task { await harness.finish() } }
        let type = BuiltinResources.clusterRoles
        let label = "rbac.example.com/aggregate-to-monitoring"
        let endpoints = RBACRule(verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["services", "endpointslices", "pods"])
        for role in [
            Self.clusterRole("monitoring", rules: [], aggregating: label),
            Self.clusterRole("monitoring-endpoints", labels: [label: "true"], rules: [endpoints]),
            Self.clusterRole("unrelated", rules: [RBACRule(verbs: ["delete"], apiGroups: [""], resources: ["nodes"])]),
        ] {
            _ = try await harness.registry.create(type, namespace: nil, object: role)
        }
        try await harness.settle()
        #expect(try await harness.registry.get(type, namespace: nil, name: "monitoring").json["rules"] == [endpoints.json])

        let secrets = RBACRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"])
        _ = try await harness.registry.create(
            type, namespace: nil, object: Self.clusterRole("a-secrets", labels: [label: "true"], rules: [secrets, endpoints]))
        try await harness.settle()
        #expect(try await harness.registry.get(type, namespace: nil, name: "monitoring").json["rules"] == [secrets.json, endpoints.json])
        let settled = try await harness.revision()
        try await harness.settle()
        #expect(try await harness.revision() == settled)
    }

    /// An approved client CSR is issued by the cluster CA with the request's subject; a pending one waits, a
    /// kubelet one with a wrong subject fails with `SignerValidationFailure`.
    @Test func approvedRequestsAreSignedByTheClusterCA() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = KubePKI(directory: directory.path)
        try pki.create()
        let signer = try CertificateSigner(
            caCertificatePEM: try pki.caCertificatePEM(), caKeyPEM: try String(contentsOfFile: pki.caKey, encoding: .utf8))
        let harness = try await ClusterHarness(controllers: [CertificateSigningController(signer: signer)])
        defer { Task { await harness.finish() } }
        let type = BuiltinResources.certificateSigningRequests

        func request(_ name: String, subject: DistinguishedName, signer: String, approved: Bool) async throws {
            let key = P256.Signing.PrivateKey()
            let csr = try CertificateSigningRequest(
                version: .v1, subject: subject, privateKey: Certificate.PrivateKey(key), attributes: .init(),
                signatureAlgorithm: .ecdsaWithSHA256)
            let pem = try csr.serializeAsPEM().pemString
            var object: JSONValue = [
                "apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest", "metadata": ["name": .string(name)],
                "spec": [
                    "request": .string(Data(pem.utf8).base64EncodedString()), "signerName": .string(signer),
                    "usages": ["digital signature", "client auth"], "username": "kubernetes-admin",
                ],
            ]
            _ = try await harness.registry.create(type, namespace: nil, object: object)
            guard approved else { return }
            object = try await harness.registry.get(type, namespace: nil, name: name).json
            object["status"] = ["conditions": [["type": "Approved", "status": "True", "reason": "KubectlApprove", "message": "approved"]]]
            _ = try await harness.registry.replaceStatus(type, namespace: nil, name: name, object: object)
        }
        try await request("jane", subject: try DistinguishedName { OrganizationName("devs"); CommonName("jane") },
                          signer: "kubernetes.io/kube-apiserver-client", approved: true)
        try await request("pending", subject: try DistinguishedName { CommonName("bob") },
                          signer: "kubernetes.io/kube-apiserver-client", approved: false)
        try await request("kubelet", subject: try DistinguishedName { CommonName("jane") },
                          signer: "kubernetes.io/kube-apiserver-client-kubelet", approved: true)
        try await harness.settle()

        let issued = try await harness.registry.get(type, namespace: nil, name: "jane").json
        let pem = try #require(issued[["status", "certificate"]]?.stringValue.flatMap { Data(base64Encoded: $0) })
        let certificate = try Certificate(pemEncoded: String(decoding: pem, as: UTF8.self))
        let ca = try Certificate(pemEncoded: try pki.caCertificatePEM())
        #expect(certificate.subject == (try DistinguishedName { OrganizationName("devs"); CommonName("jane") }))
        #expect(certificate.issuer == ca.subject)
        #expect(ca.publicKey.isValidSignature(certificate.signature, for: certificate))
        #expect(try certificate.extensions.extendedKeyUsage == ExtendedKeyUsage([.clientAuth]))
        #expect(try await harness.registry.get(type, namespace: nil, name: "pending").json[["status", "certificate"]] == nil)
        let failed = try await harness.registry.get(type, namespace: nil, name: "kubelet").json
        #expect(failed[["status", "certificate"]] == nil)
        #expect(failed[["status", "conditions"]]?.arrayValue?.last?["reason"] == "SignerValidationFailure")
    }
}
