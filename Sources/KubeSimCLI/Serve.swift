import ArgumentParser
import EtcdCore
import EtcdPKI
import EtcdServer
import Foundation
import Synchronization

/// `kubesim serve`: serves the embedded store to real clients until SIGINT or SIGTERM.
///
/// Today it serves the etcd v3 gRPC API (for the real `etcdctl`); the Kubernetes HTTP API joins it here as
/// another entry of `servers` in `run()`, over the same store.
///
/// By default the etcd API is served like a kubeadm etcd: TLS with a certificate from an etcd CA under
/// `<data-dir>/pki/etcd/` (created on first start), and clients must present a certificate that CA signed,
/// so the lesson's command works as it is:
///
///     ETCDCTL_API=3 etcdctl get / --prefix --keys-only --limit=10 \
///       --cacert <data-dir>/pki/etcd/ca.crt --cert <data-dir>/pki/etcd/server.crt --key <data-dir>/pki/etcd/server.key
///
/// `--etcd-plaintext` serves without TLS, and only on a loopback address.
public struct Serve: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Serve the etcd v3 API (for etcdctl) over the embedded store.",
        discussion: """
            The etcd API uses TLS with client-certificate authentication, like a kubeadm etcd: the CA, server, \
            peer and healthcheck-client certificates are created under <data-dir>/pki/etcd/ on first start. \
            Stop the server with Ctrl-C or SIGTERM.
            """)

    @OptionGroup public var store: StoreOptions

    @Option(name: .customLong("etcd-address"), help: "The address the etcd API listens on.")
    public var etcdAddress = "127.0.0.1"

    @Option(name: .customLong("etcd-port"), help: "The port the etcd API listens on (0 picks a free one).")
    public var etcdPort = 2379

    @Flag(name: .customLong("etcd-plaintext"), help: "Serve the etcd API without TLS (loopback addresses only).")
    public var etcdPlaintext = false

    /// How long running calls get to finish after a signal before they are ended.
    static let shutdownGrace: Duration = .seconds(2)

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(etcdPort) else { throw ValidationError("--etcd-port must be between 0 and 65535") }
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
        let host = etcdAddress == "localhost" ? "127.0.0.1" : etcdAddress
        let pki: EtcdPKI? =
            etcdPlaintext
            ? nil
            : try await EtcdPKI.ensure(
                directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki/etcd").path)

        let kv = try await store.open()
        let stop = StopSignal()
        let trap = SignalTrap { stop.fire() }
        defer { trap.release() }
        do {
            let etcd = try await EtcdGRPCServer(
                store: kv, snapshots: kv,
                configuration: EtcdGRPCServer.Configuration(host: host, port: etcdPort, tls: pki))
            let servers: [@Sendable () async throws -> Void] = [
                { try await etcd.run() }
                // The Kubernetes HTTP API server goes here, over the same store.
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for serve in servers { group.addTask { try await serve() } }
                group.addTask {
                    // Wait for a signal, let running calls finish for a moment, then end the rest.
                    await stop.wait()
                    etcd.beginGracefulShutdown()
                    try? await Task.sleep(for: Self.shutdownGrace)
                }
                defer {
                    stop.fire()
                    group.cancelAll()
                }
                announce(url: try await etcd.url, pki: pki, dataDirectory: dataDirectory, console: console)
                try await group.next()
            }
        } catch {
            await kv.close()
            throw error
        }
        await kv.close()
        console.err.line("kubesim: stopped; the store is closed")
        console.flush()
        if let signal = trap.caughtSignal { throw TerminatedBySignal(signal: signal) }
    }

    private func announce(url: String, pki: EtcdPKI?, dataDirectory: String, console: Console) {
        console.out.line("kubesim: etcd v3 API serving on \(url) (store \(dataDirectory))")
        if let pki {
            console.out.line("kubesim: client certificates required; for example:")
            console.out.line(
                "  ETCDCTL_API=3 etcdctl --endpoints=\(url) --cacert=\(pki.caCertificate) "
                    + "--cert=\(pki.serverCertificate) --key=\(pki.serverKey) get / --prefix --keys-only --limit=10")
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
