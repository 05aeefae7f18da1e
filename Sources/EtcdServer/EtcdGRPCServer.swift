import ComponentLogs
import EtcdCore
import EtcdPKI
import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import NIOPosix
import Synchronization

/// The etcd v3 gRPC API (KV, Watch, Lease, Maintenance, Cluster, Auth) over any `KeyValueStore`.
///
/// ```swift
/// let server = try await EtcdGRPCServer(store: store, configuration: .init(host: "127.0.0.1", port: 2379))
/// try await server.run()           // until `beginGracefulShutdown()` or cancellation
/// ```
public final class EtcdGRPCServer: Sendable {
    /// How the server listens and what it allows.
    public struct Configuration: Sendable {
        /// The address to listen on; KubeSim keeps it on loopback.
        public var host: String
        /// The port; 0 picks a free one (read it back from `listeningPort`).
        public var port: Int
        /// Serve TLS with this PKI's `server.crt` and require clients to present a certificate its CA signed;
        /// nil serves plaintext.
        public var tls: EtcdPKI?
        /// etcd's `--max-request-bytes` (1.5 MiB by default): larger writes are refused with
        /// "etcdserver: request is too large"; gRPC messages larger than it plus 512 KiB are refused by the
        /// transport.
        public var maxRequestBytes: Int
        /// The member's name in `member list` (etcd's `--name`).
        public var memberName: String
        /// How often idle watches that asked for progress notifications get one (etcd: 10 minutes).
        public var progressNotifyInterval: Duration
        /// Run the services on the server's own event loop (one thread that does the I/O and the handlers)
        /// rather than hopping to Swift's global executor for each message; false uses NIO's shared loops and
        /// the global executor. On two cores the hops cost more than the work of a point read. The price: a
        /// handler's synchronous work (the store's reads, a snapshot's copy) holds up the other connections.
        public var handlersOnEventLoop = true
        /// Where the member logs what it does (serving, compactions, defragmentations, snapshots, alarms) as
        /// etcd 3.5 logs it; nil logs nothing.
        public var log: EtcdLogWriter?

        public init(
            host: String = "127.0.0.1", port: Int = 2379, tls: EtcdPKI? = nil,
            maxRequestBytes: Int = 1536 * 1024, memberName: String = "default",
            progressNotifyInterval: Duration = .seconds(600)
        ) {
            self.host = host
            self.port = port
            self.tls = tls
            self.maxRequestBytes = maxRequestBytes
            self.memberName = memberName
            self.progressNotifyInterval = progressNotifyInterval
        }

        /// The URL clients use, `https://127.0.0.1:2379` or `http://...`.
        func url(port: Int) -> String {
            let host = self.host.contains(":") ? "[\(self.host)]" : self.host
            return "\(tls == nil ? "http" : "https")://\(host):\(port)"
        }
    }

    public let configuration: Configuration
    private let services: [any RegistrableRPCService]
    private let address: GRPCNIOTransportHTTP2.SocketAddress
    private let security: HTTP2ServerTransport.Posix.TransportSecurity
    private let clientURL = ClientURL()
    private let shutdown = ShutdownNotice()
    private let serving = ServingState()

    /// Makes the server; it listens once `run()` is called.
    /// - Parameter snapshots: what answers `Snapshot`; without it, Snapshot answers Unimplemented.
    public init(
        store: any KeyValueStore, snapshots: (any EtcdSnapshotSource)? = nil, configuration: Configuration
    ) async throws {
        self.configuration = configuration
        let status = try await store.status()
        let served = ServedStore(
            store: store, snapshots: snapshots, clusterID: status.header.clusterID,
            memberID: status.header.memberID, maxRequestBytes: configuration.maxRequestBytes, log: configuration.log)

        security =
            if let pki = configuration.tls {
                .mTLS(
                    certificateChain: [.file(path: pki.serverCertificate, format: .pem)],
                    privateKey: .file(path: pki.serverKey, format: .pem)
                ) { tls in
                    tls.trustRoots = .certificates([.file(path: pki.caCertificate, format: .pem)])
                    tls.clientCertificateVerification = .noHostnameVerification
                }
            } else {
                .plaintext
            }
        address =
            configuration.host.contains(":")
            ? .ipv6(host: configuration.host, port: configuration.port)
            : .ipv4(host: configuration.host, port: configuration.port)
        // The client URL is only known once listening (port 0); the member list reads it then.
        services = [
            KVRequestLimits(kv: KVService(served: served), maxMessageBytes: configuration.maxRequestBytes + 512 * 1024),
            WatchService(
                served: served, progressNotifyInterval: configuration.progressNotifyInterval, shutdown: shutdown),
            LeaseService(served: served),
            MaintenanceService(served: served, memberName: configuration.memberName, clientURLs: clientURL),
            ClusterService(served: served, memberName: configuration.memberName, clientURLs: clientURL),
            AuthService(served: served),
        ]
    }

    /// Serves until `beginGracefulShutdown()` has let the running calls finish, or until the task is
    /// cancelled, which ends them.
    public func run() async throws {
        let eventLoop = configuration.handlersOnEventLoop ? MultiThreadedEventLoopGroup(numberOfThreads: 1) : nil
        do {
            try await serve(on: eventLoop)
        } catch {
            try? await eventLoop?.shutdownGracefully()
            throw error
        }
        // Only now: the transport, freed when `serve` returned, completes a promise on the loop as it goes.
        try? await eventLoop?.shutdownGracefully()
    }

    /// Makes the transport and the gRPC server and serves; both are gone when this returns.
    private func serve(on eventLoop: MultiThreadedEventLoopGroup?) async throws {
        let transport = HTTP2ServerTransport.Posix(
            address: address, transportSecurity: security,
            config: .defaults { [configuration] config in
                // etcd's gRPC server accepts messages up to --max-request-bytes plus 512 KiB of overhead; the KV
                // service answers RESOURCE_EXHAUSTED past that (`KVRequestLimits`), the transport resets past twice that.
                config.rpc.maxRequestPayloadSize = KVRequestLimits.transportLimit(
                    maxMessageBytes: configuration.maxRequestBytes + 512 * 1024)
                // etcd's keepalive (`embed/config.go`): a ping after 2 h without reads, 20 s for its answer (both
                // the transport's defaults too), and clients may ping as often as every 5 s
                // (`--grpc-keepalive-min-time`) where the transport would answer GOAWAY below 5 minutes.
                config.connection.keepalive.clientBehavior.minPingIntervalWithoutCalls = .seconds(5)
            },
            eventLoopGroup: eventLoop ?? .singletonMultiThreadedEventLoopGroup)
        let server = GRPCServer(transport: transport, services: services)
        if serving.attach(server) { server.beginGracefulShutdown() }
        defer { serving.detach() }
        try await withThrowingDiscardingTaskGroup { group in
            if let loop = eventLoop?.next() {
                group.addTask(executorPreference: EventLoopTaskExecutor(loop)) { try await server.serve() }
            } else {
                group.addTask { try await server.serve() }
            }
            do {
                let port = try await Self.port(of: transport)
                clientURL.set(configuration.url(port: port))
                serving.listening(.success(port))
                let address = configuration.host.contains(":") ? "[\(configuration.host)]:\(port)" : "\(configuration.host):\(port)"
                if configuration.tls != nil {
                    configuration.log?.write(
                        caller: "embed/serve.go:250", "serving client traffic securely",
                        [("traffic", "grpc+http"), ("address", .string(address))])
                } else {
                    configuration.log?.write(
                        caller: "embed/serve.go:187", "serving client traffic insecurely; this is strongly discouraged!",
                        [("traffic", "grpc+http"), ("address", .string(address))])
                }
            } catch {
                serving.listening(.failure(error))
                throw error
            }
        }
    }

    private static func port(of transport: HTTP2ServerTransport.Posix) async throws -> Int {
        let address = try await transport.listeningAddress
        if let ipv4 = address.ipv4 { return ipv4.port }
        if let ipv6 = address.ipv6 { return ipv6.port }
        throw EtcdStatus.error(.internalError, "kubesim: the etcd server listens on no TCP port")
    }

    /// The port the server listens on, once it does.
    public var listeningPort: Int {
        get async throws { try await serving.port }
    }

    /// The URL clients reach the server on, once it listens.
    public var url: String {
        get async throws { configuration.url(port: try await listeningPort) }
    }

    /// Stops accepting connections, ends the watch streams and lets the other running calls finish.
    public func beginGracefulShutdown() {
        shutdown.fire()
        serving.beginGracefulShutdown()
    }
}

/// The member's client URL, set once the server listens.
final class ClientURL: Sendable {
    private let value = Mutex<String?>(nil)

    func set(_ url: String) { value.withLock { $0 = url } }
    var urls: [String] { value.withLock { $0.map { [$0] } ?? [] } }
}
