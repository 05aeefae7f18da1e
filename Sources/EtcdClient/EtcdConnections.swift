import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// One gRPC connection per etcd member, and which one calls go to now, as etcd's client balances: calls go to
/// one member at a time; when it cannot be reached the next one in the list is used (round-robin, so a member
/// that comes back is used again once the others fail).
///
/// Each member's connection re-establishes itself (gRPC's backoff) while it is not the current one; calls made
/// with `waitForReady` off fail at once with `unavailable` while a member is down, which is what moves the
/// current member on.
final class EtcdConnections: Sendable {
    typealias Transport = HTTP2ClientTransport.Posix

    /// One member's connection: its endpoint, the gRPC client and the task running it.
    struct Member: Sendable {
        let index: Int
        let endpoint: EtcdEndpoint
        let grpc: GRPCClient<Transport>
        let task: Task<Void, Never>
    }

    let endpoints: [EtcdEndpoint]
    private let members: [Member]
    private let current = Mutex(0)

    /// Opens a connection to every endpoint (connections are made in the background; nothing waits here).
    init(endpoints: [EtcdEndpoint], tls: EtcdTLSFiles, keepalive: HTTP2ClientTransport.Config.Keepalive) throws {
        self.endpoints = endpoints
        members = try endpoints.enumerated().map { index, endpoint in
            let transport = try Transport(
                target: Self.target(endpoint), transportSecurity: try tls.transportSecurity(usesTLS: endpoint.usesTLS),
                config: .defaults { config in
                    // A watch can stay quiet for hours: the connection is never closed for idleness, and pings
                    // find a member that vanished without closing its sockets (kube-apiserver's etcd client
                    // pings too).
                    config.connection.maxIdleTime = nil
                    config.connection.keepalive = keepalive
                    // A member that is down is retried soon after it comes back.
                    config.backoff.max = .seconds(2)
                })
            let grpc = GRPCClient(transport: transport)
            let task = Task<Void, Never> { _ = try? await grpc.runConnections() }
            return Member(index: index, endpoint: endpoint, grpc: grpc, task: task)
        }
    }

    /// The member calls go to now.
    var active: Member { members[current.withLock { $0 }] }

    /// Makes `index` the current member.
    func use(_ index: Int) {
        current.withLock { $0 = index }
    }

    /// Moves calls off `member` to the next one in the list, unless another call already moved them; returns the
    /// member now current.
    @discardableResult
    func failover(from member: Member) -> Member {
        let index = current.withLock { current in
            if current == member.index { current = (member.index + 1) % members.count }
            return current
        }
        return members[index]
    }

    /// Closes every connection, letting running calls finish for a moment.
    func close() async {
        for member in members { member.grpc.beginGracefulShutdown() }
        let tasks = members.map(\.task)
        let deadline = Task {
            try? await Task.sleep(for: .seconds(2))
            for task in tasks { task.cancel() }
        }
        for task in tasks { await task.value }
        deadline.cancel()
    }

    deinit {
        for member in members { member.task.cancel() }
    }

    private static func target(_ endpoint: EtcdEndpoint) -> any ResolvableTarget {
        switch endpoint.host {
        case .ipv4(let address): ResolvableTargets.IPv4.ipv4(address: address, port: endpoint.port)
        case .ipv6(let address): ResolvableTargets.IPv6.ipv6(address: address, port: endpoint.port)
        case .name(let name): ResolvableTargets.DNS.dns(host: name, port: endpoint.port)
        }
    }
}
