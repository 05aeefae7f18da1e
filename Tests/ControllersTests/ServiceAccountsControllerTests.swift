import Controllers
import KubeAPI
import Testing

@Suite(.serialized) struct ServiceAccountsControllerTests {
    @Test func everyNamespaceGetsADefaultServiceAccountAgainAfterItsDeletion() async throws {
        let harness = try await ClusterHarness(controllers: [ServiceAccountsController()])
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(
            BuiltinResources.namespaces, namespace: nil, object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop"]])
        try await harness.settle()
        for namespace in Registry.systemNamespaces + ["shop"] {
            // Like a real cluster's, the account holds no field a manager could own: no managedFields.
            let account = try await harness.registry.get(BuiltinResources.serviceAccounts, namespace: namespace, name: "default")
            #expect(account.metadata["managedFields"] == nil)
        }
        try await harness.registry.delete(BuiltinResources.serviceAccounts, namespace: "shop", name: "default")
        try await harness.settle()
        _ = try await harness.registry.get(BuiltinResources.serviceAccounts, namespace: "shop", name: "default")
        let settled = try await harness.revision()
        try await harness.settle()
        #expect(try await harness.revision() == settled)
    }
}
