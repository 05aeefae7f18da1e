import EtcdClient
import EtcdCore
import EtcdPKI
import Foundation
import Synchronization
import Testing

/// How long a test client waits for its endpoint: a watchdog, long enough for a machine busy with the rest of the
/// suite (all test targets share one process); the 5 s default ran out on a loaded CI machine.
let testDialTimeout: Duration = .seconds(30)

/// Runs `body` with an `EtcdClient` connected over TLS to KubeSim's own etcd endpoint (an `EtcdGRPCServer`
/// in-process on a fresh store, on a free loopback port).
func withKubeSimEtcdClient<T>(_ body: (EtcdClient) async throws -> T) async throws -> T {
    try await withTestServer(tls: true) { server in
        let pki = try #require(server.pki)
        let client = try await EtcdClient(
            endpoints: server.endpoint,
            tls: EtcdTLSFiles(caFile: pki.caCertificate, certFile: pki.serverCertificate, keyFile: pki.serverKey),
            dialTimeout: testDialTimeout)
        return try await closing(client, body)
    }
}

/// Runs `body` with an `EtcdClient` connected over TLS (client certificates required) to Debian's real etcd,
/// started for the test on free loopback ports with a fresh data directory.
func withRealEtcdClient<T>(_ body: (EtcdClient) async throws -> T) async throws -> T {
    let pkiDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("etcdclient-pki-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: pkiDirectory) }
    let pki = try await EtcdPKI.ensure(directory: pkiDirectory)
    let etcd = try await RealEtcd(pkiDirectory: pkiDirectory)
    do {
        let client = try await EtcdClient(
            endpoints: etcd.endpoint,
            tls: EtcdTLSFiles(caFile: pki.caCertificate, certFile: pki.serverCertificate, keyFile: pki.serverKey),
            dialTimeout: testDialTimeout)
        let result = try await closing(client, body)
        await etcd.stop()
        return result
    } catch {
        await etcd.stop()
        throw error
    }
}

/// Runs `body`, closing the client afterwards whatever happens.
func closing<T>(_ client: EtcdClient, _ body: (EtcdClient) async throws -> T) async throws -> T {
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}

/// The error `body` threw, or nil.
func thrownError(_ body: () async throws -> Void) async -> (any Error)? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}

/// A watch's responses, collected in the background as they come, for a test to wait on.
final class WatchCollector: Sendable {
    private final class Received: Sendable {
        let responses = Mutex<[WatchResponse]>([])
        let ended = Mutex<(done: Bool, error: (any Error)?)>((false, nil))
    }

    private let received = Received()
    private let stream: WatchStream
    private let task: Task<Void, Never>

    init(_ stream: WatchStream) {
        self.stream = stream
        let received = received
        task = Task {
            do {
                for try await response in stream { received.responses.withLock { $0.append(response) } }
                received.ended.withLock { $0.done = true }
            } catch {
                received.ended.withLock { $0 = (true, error) }
            }
        }
    }

    var all: [WatchResponse] { received.responses.withLock { $0 } }
    var events: [WatchEvent] { all.flatMap(\.events) }
    var hasEnded: Bool { received.ended.withLock { $0.done } }
    var error: (any Error)? { received.ended.withLock { $0.error } }

    /// Waits until `condition` holds of the collector, or `timeout` passes; returns whether it held.
    @discardableResult
    func wait(timeout: Duration = .seconds(10), until condition: (WatchCollector) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(self)
    }

    func cancel() {
        stream.cancel()
    }
}
