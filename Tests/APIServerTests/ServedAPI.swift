@testable import APIServer
import EtcdCore
import EtcdPKI
import Foundation
import KubeAPI
import RawConnection

/// A `KubeAPIServer` in this process over TLS on a free port, with a fresh store and the admin's credentials
/// for raw connections.
final class ServedAPI: Sendable {
    let server: KubeAPIServer
    let store: SQLiteStore
    /// The registry the server serves, for writes a test makes beside its requests.
    let registry: Registry
    let port: Int
    let admin: RawConnection.TLS

    private init(server: KubeAPIServer, store: SQLiteStore, registry: Registry, port: Int, admin: RawConnection.TLS) {
        self.server = server
        self.store = store
        self.registry = registry
        self.port = port
        self.admin = admin
    }

    /// Runs `body` with a started server and stops it afterwards, also when `body` throws.
    /// - Parameter storageMediaType: how the registry stores objects (`--storage-media-type`).
    static func with<T>(
        timeouts: ConnectionTimeouts = .init(), maxWatchesPerClient: Int = 1000,
        storageMediaType: StorageMediaType = .json, _ body: (ServedAPI) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("apiserver-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try await KubePKI.ensure(directory: directory.appendingPathComponent("pki").path)
        let credentials = try pki.issueAdminCredentials()
        let certificate = directory.appendingPathComponent("admin.crt").path
        let key = directory.appendingPathComponent("admin.key").path
        try credentials.certificatePEM.write(toFile: certificate, atomically: true, encoding: .utf8)
        try credentials.keyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        let store = try SQLiteStore.open(dataDirectory: directory.appendingPathComponent("data").path, configuration: configuration)
        let registry = Registry(store: store, storageMediaType: storageMediaType)
        try await registry.bootstrap()
        let server = try KubeAPIServer(
            registry: registry,
            configuration: .init(
                port: 0,
                tls: .init(certificate: pki.apiServerCertificate, key: pki.apiServerKey, clientCA: pki.caCertificate),
                timeouts: timeouts, maxWatchesPerClient: maxWatchesPerClient))
        let running = Task { try await server.run() }
        let served = ServedAPI(
            server: server, store: store, registry: registry, port: await server.port,
            admin: .init(caCertificate: pki.caCertificate, certificate: certificate, key: key))
        do {
            let result = try await body(served)
            await served.stop(running)
            return result
        } catch {
            await served.stop(running)
            throw error
        }
    }

    private func stop(_ running: Task<Void, any Error>) async {
        await server.beginGracefulShutdown()
        _ = try? await running.value
        await store.close()
    }

    /// The store's current revision.
    func revision() async throws -> Revision {
        try await store.range(RangeRequest(key: Data("/".utf8))).header.revision
    }

    /// A TLS connection as the admin.
    func connect() async throws -> RawConnection {
        try await RawConnection.open(port: port, tls: admin)
    }

    /// Opens `count` connections, a few at a time, each running `start` (e.g. sending a watch).
    func connect(
        _ count: Int, tls: Bool = true, start: @escaping @Sendable (RawConnection) async throws -> Void = { _ in }
    ) async throws -> [RawConnection] {
        var connections: [RawConnection] = []
        for batch in stride(from: 0, to: count, by: 25) {
            try await withThrowingTaskGroup(of: RawConnection.self) { group in
                for _ in batch..<min(count, batch + 25) {
                    group.addTask { [port, admin] in
                        let connection = try await RawConnection.open(port: port, tls: tls ? admin : nil)
                        try await start(connection)
                        return connection
                    }
                }
                for try await connection in group { connections.append(connection) }
            }
        }
        return connections
    }

    /// Waits until `condition` holds or `timeout` passes; returns whether it held.
    static func eventually(within timeout: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

extension RawConnection {
    /// Starts a watch of the default namespace's config maps and waits for its response's head.
    func startWatch() async throws {
        try await send("GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: kubesim\r\n\r\n")
        guard await wait(for: .seconds(20), until: { $0.contains("\r\n\r\n") }) else { throw WatchDidNotStart(text: text) }
    }

    struct WatchDidNotStart: Error {
        var text: String
    }
}
