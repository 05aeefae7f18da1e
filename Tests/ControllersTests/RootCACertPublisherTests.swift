import Controllers
import Foundation
import KubeAPI
import Testing

/// `kube-root-ca.crt` in every namespace, as kube-controller-manager's root-ca-cert-publisher keeps it.
@Suite(.serialized) struct RootCACertPublisherTests {
    private let ca = "-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n"
    private let description =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."

    private func rootCA(_ harness: ClusterHarness, in namespace: String) async throws -> KubeObject? {
        try? await harness.registry.get(BuiltinResources.configMaps, namespace: namespace, name: "kube-root-ca.crt")
    }

    @Test func everyNamespaceGetsTheClusterCAAgainAfterDeletionOrChange() async throws {
        let harness = try await ClusterHarness(controllers: [RootCACertPublisher(rootCA: ca)])
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(
            BuiltinResources.namespaces, namespace: nil,
            object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team"]])
        try await harness.settle()
        for namespace in ["default", "kube-public", "kube-system", "team"] {
            let published = try #require(try await rootCA(harness, in: namespace))
            #expect(published.json["data"] == ["ca.crt": .string(ca)])
            #expect(published.annotations == ["kubernetes.io/description": description])
            #expect(published.metadata["managedFields"]?.arrayValue?.first?["manager"] == "kube-controller-manager")
        }

        try await harness.registry.delete(BuiltinResources.configMaps, namespace: "team", name: "kube-root-ca.crt")
        try await harness.settle()
        #expect(try await rootCA(harness, in: "team")?.json["data"] == ["ca.crt": .string(ca)])

        try await harness.registry.mergePatch(
            BuiltinResources.configMaps, namespace: "team", name: "kube-root-ca.crt",
            ["data": ["ca.crt": "tampered"], "metadata": ["annotations": .null]], options: WriteOptions(fieldManager: "test"))
        try await harness.settle()
        let restored = try #require(try await rootCA(harness, in: "team"))
        #expect(restored.json["data"] == ["ca.crt": .string(ca)])
        #expect(restored.annotations["kubernetes.io/description"] == description)

        let settled = try await harness.revision()
        try await harness.settle()
        #expect(try await harness.revision() == settled)
    }
}
