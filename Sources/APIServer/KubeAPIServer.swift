import ComponentLogs
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KubeAPI
import KubeAuth
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization

/// The Kubernetes REST API over HTTP(S), for the real kubectl: kube-apiserver's paths for every resource of the
/// registry's catalog, discovery, OpenAPI v3, `/version` and the health checks.
///
/// With TLS, every request is authenticated (a certificate the client CA signed, as a kubeadm cluster's
/// kube-apiserver with `--client-ca-file`, or a bearer token) and authorized (`system:masters`, Node, RBAC);
/// an anonymous one may read only the health checks and `/version` (`system:public-info-viewer`), else 401.
///
/// ```swift
/// let server = try KubeAPIServer(registry: registry, configuration: .init(port: 0, tls: tls))
/// async let serving: Void = server.run()
/// print(await server.port)
/// ```
public final class KubeAPIServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port; `port` tells which.
        public var port: Int
        /// nil serves plain HTTP without authentication.
        public var tls: TLS?

        /// The serving certificate and the CA whose client certificates are accepted.
        public struct TLS: Sendable {
            public var certificate: String
            public var key: String
            public var clientCA: String

            public init(certificate: String, key: String, clientCA: String) {
                self.certificate = certificate
                self.key = key
                self.clientCA = clientCA
            }
        }

        /// How long a connection may take for its handshake, headers, body and between requests.
        public var timeouts: ConnectionTimeouts
        /// The most watches one client may hold open; the next is answered 429 (see ``WatchLimit``).
        public var maxWatchesPerClient: Int
        /// Where the request log is written and where `pods/<name>/log` reads (the components' and the
        /// simulated containers' logs).
        public var logs: ClusterLogs
        /// What `pods/exec` and `pods/attach` reach.
        public var containerRuntime: any ContainerRuntime
        /// The signer of service-account tokens (`sa.key`): with it, bearer tokens authenticate and TokenRequest
        /// issues tokens; without it only certificates authenticate.
        public var serviceAccountTokens: ServiceAccountTokens?
        /// kube-apiserver's audit log (`--audit-policy-file`, `--audit-log-path`); nil records nothing.
        public var audit: AuditLog?
        /// The registry explorer page under `/ui/` (nil: not served).
        public var explorer: ExplorerConfiguration?

        public init(
            host: String = "127.0.0.1", port: Int = 6443, tls: TLS?, timeouts: ConnectionTimeouts = .init(),
            maxWatchesPerClient: Int = 1000, logs: ClusterLogs = ClusterLogs(),
            containerRuntime: any ContainerRuntime = UnsimulatedContainerRuntime(),
            serviceAccountTokens: ServiceAccountTokens? = nil, audit: AuditLog? = nil, explorer: ExplorerConfiguration? = nil
        ) {
            self.serviceAccountTokens = serviceAccountTokens
            self.audit = audit
            self.host = host
            self.port = port
            self.tls = tls
            self.timeouts = timeouts
            self.maxWatchesPerClient = maxWatchesPerClient
            self.logs = logs
            self.containerRuntime = containerRuntime
            self.explorer = explorer
        }
    }

    private let services: ServiceGroup
    private let watches: WatchResponder
    private let podLogs: PodLogHandler
    private let connections = OpenConnections()
    private let bound = BoundPort()
    private let health: HealthChecks
    private let explorer: RegistryExplorer?

    public init(registry: Registry, configuration: Configuration) throws {
        var logger = Logger(label: "kubesim.apiserver")
        logger.logLevel = .warning
        let watches = WatchResponder(registry: registry, maxPerClient: configuration.maxWatchesPerClient)
        self.watches = watches
        let podLogs = PodLogHandler(registry: registry, logs: configuration.logs)
        self.podLogs = podLogs
        let connections = self.connections
        let health = HealthChecks(registry: registry)
        self.health = health
        let tokens = configuration.serviceAccountTokens.map { TokenAuthenticator(registry: registry, tokens: $0) }
        let certificates = try configuration.tls.map {
            try ClientCertificateVerifier(caPEM: try String(contentsOfFile: $0.clientCA, encoding: .utf8))
        }
        let access = AccessControl(registry: registry, enabled: configuration.tls != nil, certificates: certificates, tokens: tokens)
        let explorer = configuration.explorer.map { RegistryExplorer(store: registry.store, configuration: $0) }
        self.explorer = explorer
        let responder = APIResponder(
            resources: ResourceHandler(registry: registry, watches: watches, podLogs: podLogs),
            discovery: DiscoveryHandler(catalog: registry.catalog, serverAddress: "\(configuration.host):\(configuration.port)"),
            health: health, connections: connections, access: access,
            policyChecks: PolicyWriteChecks(registry: registry, access: access),
            reviews: ReviewHandler(registry: registry, access: access, tokens: tokens), audit: configuration.audit,
            requestLog: RequestLog(log: configuration.logs.klog(.kubeAPIServer)), explorer: explorer)
        let (timeouts, tls) = (configuration.timeouts, configuration.tls != nil)
        let streams = PodStreamUpgradeHandler.Services(
            registry: registry, runtime: configuration.containerRuntime, access: access)
        let http1 = HTTPServerBuilder.http1(
            configuration: HTTP1Channel.Configuration(additionalChannelHandlers: [
                ConnectionTimeoutHandler(timeouts: timeouts, tls: tls), ClientDepartureHandler(connections: connections),
                PodStreamUpgradeHandler(services: streams),
            ]))
        let server: HTTPServerBuilder =
            if let tls = configuration.tls {
                // Any client certificate passes the handshake; the authenticator checks it against the client CA
                // and answers 401 for a foreign one, as kube-apiserver does.
                try .tls(
                    http1,
                    configuration: TLSChannelConfiguration(
                        tlsConfiguration: try Self.tlsConfiguration(tls),
                        customVerificationCallback: { _, promise in promise.succeed(.certificateVerified) }))
            } else { http1 }
        let bound = self.bound
        let application = Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                bound.set(port)
                if tls {
                    configuration.logs.klog(.kubeAPIServer).writef(
                        at: Date(), source: "secure_serving.go:213", "Serving securely on \(configuration.host):\(port)")
                }
            },
            logger: logger)
        services = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [], logger: logger))
    }

    private static func tlsConfiguration(_ tls: Configuration.TLS) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.key, format: .pem)))
        configuration.trustRoots = .file(tls.clientCA)
        // Ask for a certificate without requiring one; a request without one is anonymous, as kube-apiserver's.
        configuration.certificateVerification = .optionalVerification
        configuration.applicationProtocols = ["http/1.1"]
        // Closing a connection, wait this long for the client's close_notify (NIO's default is 5 s). Go's TLS, on
        // both sides of kube-apiserver, closes without waiting; a client that went away without one (a kubectl
        // whose watch ended as the server stopped) held a stop for the full 5 s.
        configuration.shutdownTimeout = .milliseconds(200)
        return configuration
    }

    /// Serves until ``beginGracefulShutdown()`` has let running requests finish.
    public func run() async throws {
        try await services.run()
    }

    /// How many watches are streaming (for tests).
    var openWatchCount: Int { watches.openCount }

    /// How many connections are open (for tests).
    var openConnectionCount: Int { connections.count }

    /// The port the server listens on, once it does.
    public var port: Int {
        get async { await bound.value }
    }

    /// Stops accepting connections, ends open watches and lets running requests finish; ``run()`` then returns.
    public func beginGracefulShutdown() async {
        health.markShuttingDown()
        watches.closeAll()
        podLogs.closeAll()
        explorer?.closeAll()
        await services.triggerGracefulShutdown()
    }
}

/// The port a server bound, for those who wait for it.
private final class BoundPort: Sendable {
    private let state = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))

    func set(_ port: Int) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    var value: Int {
        get async {
            await withCheckedContinuation { continuation in
                let port = state.withLock { state in
                    if state.port == nil { state.waiters.append(continuation) }
                    return state.port
                }
                if let port { continuation.resume(returning: port) }
            }
        }
    }
}
