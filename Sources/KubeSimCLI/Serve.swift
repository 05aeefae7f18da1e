import APIServer
import ArgumentParser
import ComponentLogs
import Controllers
import EtcdCore
import EtcdPKI
import EtcdServer
import Foundation
import KubeAPI
import KubeAuth
import Synchronization

/// `kubesim serve`: serves the embedded store to real clients until SIGINT or SIGTERM: the Kubernetes API over
/// HTTPS (for the real `kubectl`) and the etcd v3 gRPC API (for the real `etcdctl`), over the same store.
///
/// The Kubernetes API is served like a kubeadm cluster's kube-apiserver: a cluster CA and the API server's
/// certificate under `<data-dir>/pki/` (created on first start), client-certificate authentication, and an
/// `admin.conf` kubeconfig in the data directory that the real kubectl uses as it is:
///
///     kubectl --kubeconfig <data-dir>/admin.conf get pods -A
///
/// `--insecure-port` adds plain HTTP without authentication, on loopback only.
///
/// By default the etcd API is served like a kubeadm etcd: TLS with a certificate from an etcd CA under
/// `<data-dir>/pki/etcd/` (created on first start), and clients must present a certificate that CA signed,
/// so the lesson's command works as it is:
///
///     ETCDCTL_API=3 etcdctl get / --prefix --keys-only --limit=10 \
///       --cacert <data-dir>/pki/etcd/ca.crt --cert <data-dir>/pki/etcd/server.crt --key <data-dir>/pki/etcd/server.key
///
/// `--etcd-plaintext` serves without TLS, and only on a loopback address.
///
/// The registry explorer, a read-only web page of the `/registry` keys (tree, live feed of writes, values,
/// history, time travel), is served on the API port under `/ui/`; its URL, with a random token, is printed at
/// start, and the admin client certificate opens it too.
///
/// `kubectl exec` reaches the seeded etcd pod's container, where the same command runs on this store with the
/// pod's mounted certificates (``SimulatedContainerRuntime``):
///
///     kubectl exec etcd-controlplane -n kube-system -- sh -c "ETCDCTL_API=3 etcdctl get / --prefix --keys-only \
///       --limit=10 --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/server.crt \
///       --key /etc/kubernetes/pki/etcd/server.key"
public struct Serve: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Kubernetes API (for kubectl) and the etcd v3 API (for etcdctl) over the embedded store.",
        discussion: """
            Both use TLS with client-certificate authentication, like a kubeadm cluster: the cluster CA and the \
            API server's certificate are created under <data-dir>/pki/, the etcd CA, server, peer and \
            healthcheck-client certificates under <data-dir>/pki/etcd/, on first start. A kubeconfig for the \
            real kubectl is written to <data-dir>/admin.conf (and to --write-kubeconfig). The registry explorer, \
            a read-only web page of the keys and their history, is under /ui/ on the API port, at the URL with \
            a token printed at start. \
            Stop the server with Ctrl-C or SIGTERM: running requests finish, watches end, the store is closed, \
            and it exits 0, as kube-apiserver does after a graceful shutdown.
            """)

    @OptionGroup public var store: StoreOptions

    @Option(help: "The address the Kubernetes API listens on.")
    public var address = "127.0.0.1"

    @Option(help: "The port the Kubernetes API listens on with TLS (0 picks a free one).")
    public var port = 6443

    @Option(
        name: .customLong("insecure-port"),
        help: "Also serve the Kubernetes API over plain HTTP without authentication on this port (loopback only).")
    public var insecurePort: Int?

    @Option(
        name: .customLong("write-kubeconfig"),
        help: ArgumentHelp("Also write the admin kubeconfig to this file.", valueName: "path"))
    public var writeKubeconfig: String?

    @Option(name: .customLong("etcd-address"), help: "The address the etcd API listens on.")
    public var etcdAddress = "127.0.0.1"

    @Option(name: .customLong("etcd-port"), help: "The port the etcd API listens on (0 picks a free one).")
    public var etcdPort = 2379

    @Flag(name: .customLong("etcd-plaintext"), help: "Serve the etcd API without TLS (loopback addresses only).")
    public var etcdPlaintext = false

    @Option(
        name: .customLong("quota-backend-bytes"),
        help: ArgumentHelp(
            "etcd's space quota: past this store size writes raise the NOSPACE alarm and fail (0: 2 GiB, negative: none).",
            valueName: "bytes"))
    public var quotaBackendBytes: Int64 = 0

    @Option(
        name: .customLong("audit-policy-file"),
        help: ArgumentHelp("kube-apiserver's audit policy (audit.k8s.io/v1 Policy, YAML or JSON).", valueName: "path"))
    public var auditPolicyFile: String?

    @Option(
        name: .customLong("audit-log-path"),
        help: ArgumentHelp("Where audit events are appended, one JSON Event a line ('-': standard output).", valueName: "path"))
    public var auditLogPath: String?

    @OptionGroup var etcdServers: EtcdServersOptions

    /// How long running calls get to finish after a signal before they are ended.
    static let shutdownGrace: Duration = .seconds(2)

    public init() {}

    public func validate() throws {
        for (flag, value) in [("--port", port), ("--etcd-port", etcdPort), ("--insecure-port", insecurePort ?? 0)] {
            guard (0...65535).contains(value) else { throw ValidationError("\(flag) must be between 0 and 65535") }
        }
        if insecurePort != nil && !Self.isLoopback(address) {
            throw ValidationError("--insecure-port serves only on a loopback address (127.0.0.1, ::1), not on \(address)")
        }
        if etcdPlaintext && !Self.isLoopback(etcdAddress) {
            throw ValidationError(
                "--etcd-plaintext serves only on a loopback address (127.0.0.1, ::1), not on \(etcdAddress)")
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "localhost" || address == "::1" || address.hasPrefix("127.")
    }

    public func run() async throws {
        let console = Console.standard
        let dataDirectory = store.resolvedDataDirectory()
        let transformers = try store.transformers()
        let host = etcdAddress == "localhost" ? "127.0.0.1" : etcdAddress
        let pki: EtcdPKI? =
            etcdPlaintext
            ? nil
            : try await EtcdPKI.ensure(
                directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki/etcd").path)

        let clusterPKI = try await KubePKI.ensure(directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki").path)
        let rootCA = try clusterPKI.caCertificatePEM()
        // As kube-apiserver: events are logged only with both a policy and a log path.
        let audit = try auditPolicyFile.flatMap { file in
            try auditLogPath.map { try AuditLog(policy: try AuditPolicy(text: try String(contentsOfFile: file, encoding: .utf8)), path: $0) }
        }
        let signer = try CertificateSigner(
            caCertificatePEM: rootCA, caKeyPEM: try String(contentsOfFile: clusterPKI.caKey, encoding: .utf8))
        // Service-account tokens are signed with sa.key, made as kubeadm does when the data directory lacks it.
        let serviceAccountTokens = try await ServiceAccountTokens.load(
            keyFile: try ServiceAccountKey.ensure(directory: clusterPKI.directory))

        // The embedded store, or with --etcd-servers an etcd cluster (then the etcd API is not served here).
        let backend = try await ServedBackend.open(store, options: etcdServers, quotaBackendBytes: quotaBackendBytes)
        let stop = StopSignal()
        let trap = SignalTrap { stop.fire() }
        defer { trap.release() }
        do {
            let registry = Registry(
                store: backend.store, transformers: transformers, storageMediaType: store.resolvedStorageMediaType())
            try await registry.bootstrap()
            let apiHost = address == "localhost" ? "127.0.0.1" : address
            // The control-plane components' and the simulated containers' logs, for `kubectl logs`: this
            // process's, from its start.
            let logs = ClusterLogs()
            let embedded: SQLiteStore? = if case .embedded(let store) = backend { store } else { nil }
            let containers = SimulatedContainerRuntime(store: embedded, dataDirectory: dataDirectory, etcdPKI: pki)
            var etcdConfiguration = EtcdGRPCServer.Configuration(host: host, port: etcdPort, tls: pki)
            etcdConfiguration.log = logs.etcd
            let etcd = try await backend.etcdServer(etcdConfiguration)
            let explorer = ExplorerConfiguration(token: ExplorerConfiguration.randomToken()) { [etcd] in
                guard let etcd, let url = try? await etcd.url else { return "ETCDCTL_API=3 etcdctl" }
                return Self.etcdctlCommand(url: url, pki: pki)
            }
            let api = try KubeAPIServer(
                registry: registry,
                configuration: .init(
                    host: apiHost, port: port,
                    tls: .init(
                        certificate: clusterPKI.apiServerCertificate, key: clusterPKI.apiServerKey,
                        clientCA: clusterPKI.caCertificate),
                    logs: logs, containerRuntime: containers, serviceAccountTokens: serviceAccountTokens, audit: audit,
                    explorer: explorer))
            let insecure = try insecurePort.map {
                try KubeAPIServer(
                    registry: registry, configuration: .init(
                        host: apiHost, port: $0, tls: nil, logs: logs, containerRuntime: containers, explorer: explorer))
            }
            var servers: [@Sendable () async throws -> Void] = [{ try await api.run() }]
            let loopsLock = try controlLoopsLock(backend: backend, dataDirectory: dataDirectory, console: console)
            defer { withExtendedLifetime(loopsLock) {} }
            if loopsLock != nil {
                servers.append {
                    await Self.runControlLoops(
                        registry: registry, rootCA: rootCA, signer: signer, tokens: serviceAccountTokens, logs: logs, until: stop,
                        console: console)
                }
            } else if backend.isCluster && !store.noControllers {
                // Several servers share the etcd cluster: the loops run where the Leases are held.
                servers.append {
                    await Self.runElectedControlLoops(
                        registry: registry, configuration: Self.controlPlaneConfiguration(rootCA: rootCA, signer: signer, tokens: serviceAccountTokens),
                        logs: logs, until: stop, console: console)
                }
            }
            if let etcd { servers.append { try await etcd.run() } }
            if let insecure { servers.append { try await insecure.run() } }
            // Each task says whether it was a server (true) or the grace period after a stop (false).
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for serve in servers {
                    group.addTask {
                        try await serve()
                        return true
                    }
                }
                group.addTask {
                    // Wait for a signal, let running calls finish for a moment, then end the rest.
                    await stop.wait()
                    etcd?.beginGracefulShutdown()
                    await api.beginGracefulShutdown()
                    await insecure?.beginGracefulShutdown()
                    try? await Task.sleep(for: Self.shutdownGrace)
                    return false
                }
                defer {
                    stop.fire()
                    group.cancelAll()
                }
                let apiURL = "https://\(Self.urlHost(apiHost)):\(await api.port)"
                let kubeconfig = try writeKubeconfigs(server: apiURL, pki: clusterPKI, dataDirectory: dataDirectory)
                console.out.line("kubesim: Kubernetes API serving on \(apiURL) (store \(dataDirectory))")
                console.out.line("kubesim: client certificates required; for example: kubectl --kubeconfig \(kubeconfig) get pods -A")
                console.out.line("kubesim: registry explorer (read-only) at \(apiURL)/ui/?token=\(explorer.token)")
                if let insecure {
                    console.out.line("kubesim: plain HTTP without authentication on http://\(Self.urlHost(apiHost)):\(await insecure.port)")
                }
                if let etcd {
                    announce(url: try await etcd.url, pki: pki, dataDirectory: dataDirectory, console: console)
                } else {
                    console.out.line("kubesim: the registry is stored in \(backend.location)")
                    console.flush()
                }
                // Until every server has finished its graceful shutdown or the grace period is over; a server
                // that ends on its own stops the others.
                var running = servers.count
                while let wasServer = try await group.next(), wasServer {
                    running -= 1
                    if running == 0 { break }
                    stop.fire()
                }
            }
        } catch {
            await backend.close()
            throw error
        }
        await backend.close()
        console.err.line("kubesim: stopped; the store is closed")
        console.flush()
    }

    /// The lock that makes this server the one running the data directory's control loops; nil when they are
    /// off (`--no-controllers`), kept in an etcd cluster, or another server runs them.
    private func controlLoopsLock(backend: ServedBackend, dataDirectory: String, console: Console) throws -> ControlLoopsLock? {
        guard !store.noControllers, !backend.isCluster else { return nil }
        guard let lock = try ControlLoopsLock.acquire(dataDirectory, as: .server) else {
            console.err.line(
                "kubesim: another kubesim process holds the control loops of \(dataDirectory) (control-loops.lock); "
                    + "this server serves the API without running them")
            return nil
        }
        return lock
    }

    /// Runs kube-controller-manager's loops, the scheduler and the kubelets in real time until `stop` fires.
    private static func runControlLoops(
        registry: Registry, rootCA: String?, signer: CertificateSigner?, tokens: ServiceAccountTokens?, logs: ClusterLogs,
        until stop: StopSignal, console: Console
    ) async {
        let configuration = controlPlaneConfiguration(rootCA: rootCA, signer: signer, tokens: tokens)
        // Each loop acts as its component's user, when the cluster's kube-apiserver authorizes with RBAC.
        let authorization: LoopAuthorization?
        do { authorization = try await LoopAuthorization.configured(in: registry) } catch {
            console.err.line("kubesim: controllers not started: reading the control plane's configuration: \(error)")
            return
        }
        let manager = ControllerManager(
            api: registry, controllers: ControlPlane.controllers(configuration, catalog: registry.catalog), clock: WallClock(),
            names: registry.names,
            log: { message in
                console.err.line("kubesim: controllers: \(message)")
                console.err.flush()
            }, logs: logs, authorization: authorization)
        registry.health.setControlLoopsRunning(true)
        let loops = Task { try await manager.run() }
        await stop.wait()
        loops.cancel()
        registry.health.setControlLoopsRunning(false)
        if case .failure(let error) = await loops.result, !(error is CancellationError) {
            console.err.line("kubesim: controllers stopped: \(error)")
        }
    }

    /// The control loops' configuration: the cluster's CA, its signer and the service-account token signer.
    static func controlPlaneConfiguration(
        rootCA: String?, signer: CertificateSigner?, tokens: ServiceAccountTokens?
    ) -> ControlPlaneConfiguration {
        var configuration = ControlPlaneConfiguration()
        configuration.rootCACertificate = rootCA
        configuration.clusterSigner = signer
        configuration.serviceAccountTokens = tokens
        return configuration
    }

    /// `[::1]` for an IPv6 address in a URL.
    static func urlHost(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    /// Writes `<data-dir>/admin.conf` and the `--write-kubeconfig` file with new admin credentials; returns
    /// the path to show.
    private func writeKubeconfigs(server: String, pki: KubePKI, dataDirectory: String) throws -> String {
        let credentials = try pki.issueAdminCredentials()
        let kubeconfig = Kubeconfig(
            server: server, certificateAuthority: try pki.caCertificatePEM(),
            clientCertificate: credentials.certificatePEM, clientKey: credentials.keyPEM)
        let adminConf = URL(fileURLWithPath: dataDirectory).appendingPathComponent("admin.conf").path
        try kubeconfig.write(to: adminConf)
        if let writeKubeconfig {
            try kubeconfig.write(to: URL(fileURLWithPath: writeKubeconfig).standardizedFileURL.path)
            return writeKubeconfig
        }
        return adminConf
    }

    /// etcdctl with the flags that reach this server's etcd endpoint, without its verb.
    static func etcdctlCommand(url: String, pki: EtcdPKI?) -> String {
        guard let pki else { return "ETCDCTL_API=3 etcdctl --endpoints=\(url)" }
        return "ETCDCTL_API=3 etcdctl --endpoints=\(url) --cacert=\(pki.caCertificate) "
            + "--cert=\(pki.serverCertificate) --key=\(pki.serverKey)"
    }

    private func announce(url: String, pki: EtcdPKI?, dataDirectory: String, console: Console) {
        console.out.line("kubesim: etcd v3 API serving on \(url) (store \(dataDirectory))")
        if let pki {
            console.out.line("kubesim: client certificates required; for example:")
            console.out.line("  \(Self.etcdctlCommand(url: url, pki: pki)) get / --prefix --keys-only --limit=10")
        } else {
            console.out.line("kubesim: plaintext, no client authentication: ETCDCTL_API=3 etcdctl --endpoints=\(url) get / --prefix --keys-only")
        }
        console.flush()
    }
}

/// A one-shot signal a task can wait for.
final class StopSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            defer { state = (true, []) }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}
