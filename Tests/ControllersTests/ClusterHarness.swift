import ClusterBootstrap
import ComponentLogs
import Controllers
import EtcdCore
import Foundation
import KubeAPI

/// A fresh embedded store with a registry on a simulated clock and seeded names, and the control loops to
/// settle it: the embedded command line's setup, for tests.
struct ClusterHarness {
    let directory: URL
    let store: SQLiteStore
    let clock: SimulatedClock
    let registry: Registry
    let manager: ControllerManager

    /// - Parameters:
    ///   - controllers: the loops to run, made with the harness's registry.
    ///   - logs: the components' and containers' logs the loops write, if kept.
    ///   - authorized: seed kube-apiserver's bootstrap policy and authorize each loop's calls against it as its
    ///     component's user (kubeadm's `--use-service-account-credentials`); by default only when the environment
    ///     sets `KUBESIM_TEST_LOOP_AUTHORIZATION=1`, which runs every suite so.
    init(controllers: [any Controller], logs: ClusterLogs? = nil, authorized: Bool = Self.authorizedByDefault) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("controllers-test-\(UUID().uuidString)")
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        configuration.maxIdleReaders = 1
        store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
        let clock = SimulatedClock(start: Date(timeIntervalSince1970: 1_750_000_000))
        self.clock = clock
        let names = NameGenerator.seeded(1)
        registry = Registry(store: store, now: { clock.now() }, names: names)
        try await registry.bootstrap()
        // What the service account controller makes: pods are admitted only with their namespace's account.
        for namespace in Registry.systemNamespaces {
            _ = try await registry.create(
                BuiltinResources.serviceAccounts, namespace: namespace,
                object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default"]])
        }
        var authorization: LoopAuthorization?
        if authorized {
            let cluster = try KubeadmCluster(caCertificatePEM: "", now: clock.now())
            for object in cluster.bootstrapPolicyObjects {
                let type = registry.catalog.type(named: object["kind"]?.stringValue ?? "")!
                _ = try await registry.create(
                    type, namespace: object[["metadata", "namespace"]]?.stringValue, object: object,
                    options: WriteOptions(fieldManager: "kube-apiserver"))
            }
            authorization = LoopAuthorization(registry: registry, useServiceAccountCredentials: true)
        }
        manager = ControllerManager(
            api: registry, controllers: controllers, clock: clock, names: names, logs: logs, authorization: authorization)
    }

    static let authorizedByDefault = ProcessInfo.processInfo.environment["KUBESIM_TEST_LOOP_AUTHORIZATION"] == "1"

    func finish() async {
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs the loops until the cluster settles.
    @discardableResult
    func settle() async throws -> ControllerManager.SettleReport {
        try await manager.settle(on: clock)
    }

    /// Moves the simulated clock `seconds` ahead, firing the timers due by then (those that do not keep a
    /// simulation running too), then settles.
    @discardableResult
    func settle(advancing seconds: TimeInterval) async throws -> ControllerManager.SettleReport {
        try await manager.settle(on: clock, until: clock.now().addingTimeInterval(seconds))
    }

    /// The store's current revision.
    func revision() async throws -> Int64 {
        try await store.status().header.revision
    }

    func type(_ name: String) -> ResourceType { registry.catalog.type(named: name)! }
}
