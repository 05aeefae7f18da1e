import EtcdCore
import Foundation
import KubeAPI

/// A bootstrapped registry on a fresh embedded store in a temporary directory, with the `default` service
/// account in each system namespace, as the service account controller makes them on a real cluster (the
/// ServiceAccount admission plugin refuses pods without one).
struct RegistryFixture {
    let directory: URL
    let store: SQLiteStore
    let registry: Registry

    /// - Parameters:
    ///   - serviceAccounts: whether to create the `default` service accounts.
    ///   - storageMediaType: how the registry encodes stored objects.
    init(serviceAccounts: Bool = true, storageMediaType: StorageMediaType = .json) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubeapi-test-\(UUID().uuidString)")
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        // Hundreds of stores are open at once while the suite runs in one process; idle readers hold descriptors.
        configuration.maxIdleReaders = 1
        store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
        registry = Registry(store: store, storageMediaType: storageMediaType)
        try await registry.bootstrap()
        if serviceAccounts {
            for namespace in Registry.systemNamespaces { try await createDefaultServiceAccount(in: namespace) }
        }
    }

    /// What the service account controller does for a new namespace.
    func createDefaultServiceAccount(in namespace: String) async throws {
        let account: JSONValue = ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default"]]
        _ = try await registry.create(BuiltinResources.serviceAccounts, namespace: namespace, object: account)
    }

    func finish() async {
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    func type(_ name: String) -> ResourceType { registry.catalog.type(named: name)! }

    /// Every key under /registry, in order.
    func keys() async throws -> [String] {
        let prefix = Data("/registry/".utf8)
        let response = try await store.range(RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), keysOnly: true))
        return response.kvs.map { String(decoding: $0.key, as: UTF8.self) }
    }

    /// The store's current revision.
    func revision() async throws -> Revision {
        try await store.range(RangeRequest(key: Data("/".utf8))).header.revision
    }

    /// The stored JSON of a key.
    func stored(_ key: String) async throws -> JSONValue? {
        guard let kv = try await store.get(Data(key.utf8)) else { return nil }
        return try JSONValue.parse(json: kv.value)
    }

    @discardableResult
    func create(_ json: JSONValue, namespace: String? = nil) async throws -> KubeObject {
        let object = KubeObject(json)
        let type = registry.catalog.type(apiVersion: object.apiVersion, kind: object.kind)!
        return try await registry.create(type, namespace: namespace, object: json)
    }

    static func pod(_ name: String, namespace: String? = nil, labels: [String: String] = ["app": "web"], image: String = "nginx:1.27") -> JSONValue {
        var metadata: JSONValue = ["name": .string(name), "labels": .object(labels.mapValues(JSONValue.string))]
        if let namespace { metadata["namespace"] = .string(namespace) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata,
                "spec": ["containers": [["name": "nginx", "image": .string(image)]]]]
    }

    static func deployment(_ name: String, replicas: Int64 = 1, image: String = "nginx:1.27") -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [["name": "app", "image": .string(image)]]],
                ],
            ],
        ]
    }
}
