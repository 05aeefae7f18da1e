import EtcdCore
import EtcdPKI
import EtcdServer
import Foundation
import Synchronization

/// An etcd gRPC server on a fresh store in a temporary directory, on a free loopback port.
final class TestServer: Sendable {
    let directory: String
    let store: SQLiteStore
    let server: EtcdGRPCServer
    let port: Int
    let pki: EtcdPKI?
    private let task: Task<Void, any Error>

    /// Starts a server; `tls` serves TLS with a PKI made in the data directory.
    static func start(
        tls: Bool = false, progressNotifyInterval: Duration = .seconds(600), maxRequestBytes: Int = 1536 * 1024
    ) async throws -> TestServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubesim-etcdserver-\(UUID().uuidString)").path
        // Hundreds of stores are open at once while the suite runs in one process; idle readers hold descriptors.
        var configuration = SQLiteStore.Configuration()
        configuration.maxIdleReaders = 1
        let store = try SQLiteStore.open(dataDirectory: directory, configuration: configuration)
        let pki = tls ? try await EtcdPKI.ensure(directory: directory + "/pki/etcd") : nil
        let server = try await EtcdGRPCServer(
            store: store, snapshots: store,
            configuration: .init(
                host: "127.0.0.1", port: 0, tls: pki, maxRequestBytes: maxRequestBytes,
                progressNotifyInterval: progressNotifyInterval))
        let ran = RunReturned()
        let task = Task {
            defer { ran.value.withLock { $0 = true } }
            try await server.run()
        }
        let port = try await server.listeningPort
        return TestServer(directory: directory, store: store, server: server, port: port, pki: pki, task: task, ran: ran)
    }

    private let ran: RunReturned

    private init(
        directory: String, store: SQLiteStore, server: EtcdGRPCServer, port: Int, pki: EtcdPKI?,
        task: Task<Void, any Error>, ran: RunReturned
    ) {
        self.directory = directory
        self.store = store
        self.server = server
        self.port = port
        self.pki = pki
        self.task = task
        self.ran = ran
    }

    /// Whether `run()` returns on its own within `timeout` (a watchdog, not a timing).
    func runReturns(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if ran.value.withLock({ $0 }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    var endpoint: String { "\(pki == nil ? "http" : "https")://127.0.0.1:\(port)" }

    /// etcdctl's flags to reach this server (with the server certificate as client certificate, as the lesson does).
    var etcdctlFlags: [String] {
        var flags = ["--endpoints=\(endpoint)"]
        if let pki {
            flags += ["--cacert=\(pki.caCertificate)", "--cert=\(pki.serverCertificate)", "--key=\(pki.serverKey)"]
        }
        return flags
    }

    /// Whether the server task is still serving.
    var isServing: Bool { !task.isCancelled }

    func stop() async {
        server.beginGracefulShutdown()
        task.cancel()
        _ = await task.result
        await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs `body` with a started server, stopping it afterwards whatever happens.
func withTestServer<T>(
    tls: Bool = false, progressNotifyInterval: Duration = .seconds(600), maxRequestBytes: Int = 1536 * 1024,
    _ body: (TestServer) async throws -> T
) async throws -> T {
    let server = try await TestServer.start(
        tls: tls, progressNotifyInterval: progressNotifyInterval, maxRequestBytes: maxRequestBytes)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Set once a server's `run()` has returned.
final class RunReturned: Sendable {
    let value = Mutex(false)
}
