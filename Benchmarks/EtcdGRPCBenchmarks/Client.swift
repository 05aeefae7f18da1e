import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import NIOPosix

typealias Connection = GRPCClient<HTTP2ClientTransport.Posix>

/// The benchmark's gRPC client: grpc-swift-2 over mTLS with the kubeadm-style PKI, the same for both servers.
///
/// Its connections and the workload's tasks all run on one event loop thread of their own, so a call does not
/// hop between Swift's global executor and NIO's threads (those hops, not the server, dominated a small call),
/// and the client takes one of the machine's two cores, leaving the other to the server.
struct ClientFactory: Sendable {
    let port: Int
    let pki: String
    static let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1).next()

    func transport() throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .mTLS(
                certificateChain: [.file(path: pki + "/server.crt", format: .pem)],
                privateKey: .file(path: pki + "/server.key", format: .pem)
            ) { tls in
                tls.trustRoots = .certificates([.file(path: pki + "/ca.crt", format: .pem)])
            },
            config: .defaults { $0.connection.maxIdleTime = nil }, eventLoopGroup: Self.loop)
    }

    /// Runs `body` with `count` connected clients.
    func withConnections<T: Sendable>(_ count: Int, _ body: @Sendable ([Connection]) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(EventLoopExecutor(Self.loop)) {
            try await connected(count, body)
        }
    }

    private func connected<T: Sendable>(_ count: Int, _ body: @Sendable ([Connection]) async throws -> T) async throws -> T {
        let clients = try (0..<count).map { _ in GRPCClient(transport: try transport()) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { try await client.runConnections() } }
            defer {
                for client in clients { client.beginGracefulShutdown() }
            }
            let result = try await body(clients)
            for client in clients { client.beginGracefulShutdown() }
            try await group.waitForAll()
            return result
        }
    }
}

extension CallOptions {
    /// Large enough for a full range over 10,000 keys of 1 KiB.
    static var bigResponses: CallOptions {
        var options = CallOptions.defaults
        options.maxResponseMessageBytes = 256 << 20
        // grpc-swift-nio-transport 2.9 bounds the messages a call receives by this one.
        options.maxRequestMessageBytes = 256 << 20
        return options
    }
}

/// Runs tasks on a NIO event loop.
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
