import EtcdCore
import Foundation
import KubeAPI
import KubeAuth
import Testing

/// The Node authorizer's graph, simplified: a kubelet reaches what its own pods use and its own objects only.
@Suite(.serialized) struct NodeAuthorizerTests {
    @Test func aKubeletReadsWhatItsPodsUseAndWritesOnlyItsOwnObjects() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("node-authz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
        let registry = Registry(store: store)
        try await registry.bootstrap()
        _ = try await registry.create(
            BuiltinResources.serviceAccounts, namespace: "default",
            object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default"]])
        _ = try await registry.create(
            BuiltinResources.pods, namespace: "default",
            object: [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web"],
                "spec": [
                    "nodeName": "node01", "automountServiceAccountToken": false,
                    "containers": [["name": "app", "image": "nginx", "envFrom": [["secretRef": ["name": "db"]]]]],
                    "volumes": [["name": "conf", "configMap": ["name": "web-conf"]]],
                ],
            ])
        let authorizer = NodeAuthorizer(registry: registry)
        let kubelet = UserInfo(name: "system:node:node01", groups: ["system:nodes", "system:authenticated"])
        func decide(
            _ verb: String, _ resource: String, group: String = "", namespace: String = "", name: String, as user: UserInfo? = nil
        ) async -> AuthorizationDecision
        {
            await authorizer.authorize(
                AuthorizationAttributes(user: user ?? kubelet, verb: verb, namespace: namespace, apiGroup: group, resource: resource, name: name))
        }
        #expect(await decide("get", "secrets", namespace: "default", name: "db") == .allow)
        #expect(await decide("get", "configmaps", namespace: "default", name: "web-conf") == .allow)
        #expect(await decide("get", "secrets", namespace: "default", name: "other")
            == .deny(reason: "no relationship found between node 'node01' and this object"))
        #expect(await decide("list", "secrets", namespace: "default", name: "").allowed == false)
        #expect(await decide("update", "nodes", name: "node01") == .allow)
        #expect(await decide("patch", "nodes", name: "node02").allowed == false)
        #expect(await decide("update", "leases", group: "coordination.k8s.io", namespace: "kube-node-lease", name: "node01") == .allow)
        #expect(await decide("update", "leases", group: "coordination.k8s.io", namespace: "kube-node-lease", name: "node02").allowed == false)
        let someone = UserInfo(name: "jane", groups: ["system:authenticated"])
        #expect(await decide("get", "secrets", namespace: "default", name: "db", as: someone) == .noOpinion(reason: ""))
        await store.close()
    }
}
