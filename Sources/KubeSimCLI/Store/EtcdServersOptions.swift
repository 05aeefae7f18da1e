import ArgumentParser
import EtcdClient
import EtcdCore
import EtcdServer
import Foundation

/// kube-apiserver's `--etcd-servers URL[,URL] [--etcd-cafile F --etcd-certfile F --etcd-keyfile F]`: `kubesim
/// serve` stores the registry into that etcd cluster through `EtcdClient` instead of the embedded store.
struct EtcdServersOptions: ParsableArguments {
    @Option(
        name: .customLong("etcd-servers"),
        help: ArgumentHelp(
            "Store into this etcd cluster instead of the embedded store (comma-separated URLs; the first that "
                + "answers is used). The embedded store's etcd endpoint is then not served.",
            valueName: "urls"))
    var servers: String?

    @Option(name: .customLong("etcd-cafile"), help: ArgumentHelp("The CA of the etcd servers' certificates.", valueName: "file"))
    var caFile: String?

    @Option(
        name: .customLong("etcd-certfile"), help: ArgumentHelp("The client certificate for the etcd servers.", valueName: "file"))
    var certFile: String?

    @Option(name: .customLong("etcd-keyfile"), help: ArgumentHelp("The client certificate's key.", valueName: "file"))
    var keyFile: String?

    var tls: EtcdTLSFiles { EtcdTLSFiles(caFile: caFile, certFile: certFile, keyFile: keyFile) }

    func validate() throws {
        if servers == nil && !tls.isEmpty {
            throw ValidationError("--etcd-cafile, --etcd-certfile and --etcd-keyfile need --etcd-servers")
        }
        if (certFile == nil) != (keyFile == nil) {
            throw ValidationError("--etcd-certfile and --etcd-keyfile go together")
        }
        if let servers {
            do {
                _ = try EtcdEndpoint.list(servers, defaultTLS: !tls.isEmpty)
            } catch {
                throw ValidationError("--etcd-servers: \(error)")
            }
        }
    }
}

/// The store `kubesim serve` keeps the registry in: the embedded one on the data directory (also served to
/// etcdctl over the etcd v3 API), or an etcd cluster reached through `EtcdClient`.
enum ServedBackend: Sendable {
    case embedded(SQLiteStore)
    case cluster(EtcdClient)

    /// Opens the etcd cluster when `--etcd-servers` names one, else the embedded store (seeded on first use
    /// unless `--bare`; every lease gets its full TTL again, as when etcd's leader starts, and its space quota is
    /// `quotaBackendBytes`, etcd's `--quota-backend-bytes`).
    static func open(
        _ storeOptions: StoreOptions, options: EtcdServersOptions, quotaBackendBytes: Int64 = 0
    ) async throws -> ServedBackend {
        if let servers = options.servers {
            do {
                return .cluster(try await EtcdClient(endpoints: servers, tls: options.tls))
            } catch {
                throw CommandError("\(error)")
            }
        }
        return .embedded(try await storeOptions.open(asMember: true, quotaBackendBytes: quotaBackendBytes))
    }

    var store: any KeyValueStore {
        switch self {
        case .embedded(let store): store
        case .cluster(let client): client
        }
    }

    /// The etcd v3 endpoint over the embedded store; nil for a cluster, which serves itself.
    func etcdServer(_ configuration: EtcdGRPCServer.Configuration) async throws -> EtcdGRPCServer? {
        guard case .embedded(let store) = self else { return nil }
        return try await EtcdGRPCServer(store: store, snapshots: store, configuration: configuration)
    }

    /// Where the registry is stored, for the start-up message.
    /// Whether the registry is kept in an etcd cluster rather than the embedded store.
    var isCluster: Bool {
        if case .cluster = self { return true }
        return false
    }

    var location: String {
        switch self {
        case .embedded(let store): store.path
        case .cluster(let client): "etcd \(client.endpoint)"
        }
    }

    func close() async {
        switch self {
        case .embedded(let store): await store.close()
        case .cluster(let client): await client.close()
        }
    }
}
