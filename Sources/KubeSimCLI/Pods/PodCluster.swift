import APIServer
import ComponentLogs
import EtcdPKI
import Foundation
import KubeAPI

extension ServerOptions {
    /// Runs `body` with the cluster and its pods' containers: a server's (`--kubeconfig`, `--server`), or the
    /// embedded cluster under the data directory, whose log reader and container runtime are `kubesim serve`'s.
    ///
    /// Embedded, the logs are those this command's control loops write, as a `kubesim serve` just started would
    /// have them (`runningLoops`, unless `--no-controllers` or a server runs the loops); `etcdPKI` readies the
    /// etcd certificates the etcd pod mounts, as `kubesim serve` does on its first start.
    func withPods<T>(
        store: StoreOptions, runningLoops: Bool, etcdPKI: Bool, _ body: (any KubeClient, any PodSessions, _ embedded: EmbeddedPods?) async throws -> T
    ) async throws -> T {
        if let config = try kubeconfigToUse() {
            return try await withClosing(try await RemoteCluster.connect(config), close: { await $0.close() }) { cluster in
                try await body(cluster, RemotePodSessions(cluster: cluster, config: config), nil)
            }
        }
        let dataDirectory = store.resolvedDataDirectory()
        return try await store.withStore { sqlite in
            let logs = ClusterLogs()
            let controlPlane = try await EmbeddedControlPlane.open(
                sqlite, dataDirectory: dataDirectory, runningLoops: runningLoops && !store.noControllers,
                transformers: try store.transformers(), storageMediaType: store.resolvedStorageMediaType(), logs: logs)
            let pki =
                etcdPKI
                ? try await EtcdPKI.ensure(directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki/etcd").path)
                : nil
            let runtime = SimulatedContainerRuntime(store: sqlite, dataDirectory: dataDirectory, etcdPKI: pki)
            let sessions = EmbeddedPodSessions(registry: controlPlane.registry, logs: logs, runtime: runtime)
            let embedded = EmbeddedPods(dataDirectory: dataDirectory, loopsRan: controlPlane.runsLoops)
            return try await body(controlPlane.registry, sessions, embedded)
        }
    }
}

/// What the embedded cluster behind `logs` and `exec` was.
struct EmbeddedPods {
    let dataDirectory: String
    /// Whether this command's control loops ran (and so wrote the logs they keep).
    let loopsRan: Bool
}
