import EtcdCore
import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// A `KeyValueStore` backed by an etcd cluster: any etcd v3 endpoint (the real etcd, or KubeSim's own
/// `kubesim serve`) over gRPC, with TLS (a CA, and a client certificate and key) or in plaintext.
///
/// ```swift
/// let etcd = try await EtcdClient(
///     endpoints: try EtcdEndpoint.list("https://127.0.0.1:2379,https://127.0.0.1:22379"),
///     tls: EtcdTLSFiles(caFile: "ca.crt", certFile: "server.crt", keyFile: "server.key"))
/// let registry = Registry(store: etcd)
/// ...
/// await etcd.close()
/// ```
///
/// Every call has etcd's semantics, because etcd answers it: the client converts the models to the etcd v3
/// messages and back, and nothing more. etcd's errors come back as the `EtcdError`s the embedded store throws
/// (recognised by their text, as etcd's own client does); other failures are `EtcdClientError`s.
///
/// The client holds a connection to every endpoint (kube-apiserver's `--etcd-servers` lists them all) and sends
/// its calls to one member at a time, the first in the order given that answered a `Status` call within the dial
/// timeout. When that member cannot be reached, or answers that it has no leader, calls move to the next member
/// (see `Failover`): reads are sent again there; a write fails if it may have reached the member, and goes to the
/// next member only if it never left. Watches are resumed on the next member from the revision after the last
/// one they delivered (see `RemoteWatch`). Unary calls time out after the request timeout; connections are
/// pinged, so a member that vanished without closing its sockets is noticed.
///
/// A watch has a Watch stream of its own (see `RemoteWatch`); a keep-alive is one round on a LeaseKeepAlive
/// stream. `status()` reports etcd's Maintenance status; etcd does not report its compaction revision there,
/// so the client finds it by reading old revisions (one point read when nothing was compacted, a binary
/// search over revisions when something was).
public final class EtcdClient: KeyValueStore {
    typealias Transport = HTTP2ClientTransport.Posix

    /// The endpoint calls go to now.
    public var endpoint: EtcdEndpoint { connections.active.endpoint }

    /// Every endpoint the client was given, in order.
    public var endpoints: [EtcdEndpoint] { connections.endpoints }

    private let connections: EtcdConnections
    /// Options of unary calls (with the request timeout) and of streams (without).
    private let options: CallOptions
    private let streamOptions: CallOptions
    private let watches = Mutex<(open: [ObjectIdentifier: RemoteWatch], closed: Bool)>(([:], false))

    /// Connects to every endpoint and starts with the first that answers.
    ///
    /// - Parameters:
    ///   - tls: the PEM files for `https://` endpoints; without a CA the system's roots are trusted.
    ///   - dialTimeout: how long an endpoint has to answer before the next one is tried.
    ///   - requestTimeout: how long a unary call may take (kube-apiserver's default request timeout is 60 s).
    /// - Throws: `EtcdClientError.noEndpointAnswered` with each endpoint's failure, `.invalidTLS`.
    public init(
        endpoints: [EtcdEndpoint], tls: EtcdTLSFiles = EtcdTLSFiles(), dialTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(60)
    ) async throws {
        var options = CallOptions.defaults
        // etcd's client takes responses of any size (a list of every pod); grpc-swift-nio-transport bounds the
        // messages a call receives by its request limit as well.
        options.maxResponseMessageBytes = Int(Int32.max)
        options.maxRequestMessageBytes = Int(Int32.max)
        options.waitForReady = false
        streamOptions = options
        options.timeout = requestTimeout
        self.options = options
        // kube-apiserver's etcd client pings every 30 s and gives up after 10 s without an answer.
        connections = try EtcdConnections(
            endpoints: endpoints, tls: tls,
            keepalive: .init(time: .seconds(30), timeout: .seconds(10), allowWithoutCalls: true))

        var failures: [EtcdClientError.Failure] = []
        var probe = options
        probe.timeout = dialTimeout
        for (index, endpoint) in endpoints.enumerated() {
            connections.use(index)
            do {
                _ = try await Etcdserverpb_Maintenance.Client(wrapping: connections.active.grpc).status(
                    Etcdserverpb_StatusRequest(), options: probe)
                return
            } catch {
                let reason =
                    switch error {
                    case let status as RPCError: "\(status.code): \(status.message)"
                    default: String(describing: error)
                    }
                failures.append(EtcdClientError.Failure(endpoint: endpoint.description, reason: reason))
            }
        }
        await connections.close()
        throw EtcdClientError.noEndpointAnswered(failures)
    }

    /// Connects to a comma-separated list of endpoints (`https://a:2379,https://b:2379`); an endpoint without a
    /// scheme uses TLS when TLS files are given.
    public convenience init(
        endpoints: String, tls: EtcdTLSFiles = EtcdTLSFiles(), dialTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(60)
    ) async throws {
        try await self.init(
            endpoints: try EtcdEndpoint.list(endpoints, defaultTLS: !tls.isEmpty), tls: tls, dialTimeout: dialTimeout,
            requestTimeout: requestTimeout)
    }

    /// Ends every watch and closes the connections, letting running calls finish for a moment.
    public func close() async {
        let open = watches.withLock { watches in
            watches.closed = true
            defer { watches.open.removeAll() }
            return Array(watches.open.values)
        }
        for watch in open { watch.cancel() }
        await connections.close()
    }

    // MARK: - Calls

    /// Runs one call on the current member, moving to the next one as `Failover` has it, and reports etcd's
    /// errors as `EtcdError`s. `repeatable` calls (reads, leases) may be sent again; writes may not.
    ///
    /// When no member can serve, the error is a member's own answer if one gave it (etcd's "no leader", "request
    /// timed out"), else the last connection failure.
    private func call<T>(
        repeatable: Bool, _ body: (GRPCClient<Transport>) async throws -> T
    ) async throws -> T {
        guard !watches.withLock({ $0.closed }) else { throw EtcdClientError.closed }
        var member = connections.active
        var answer: (any Error)?
        var last: any Error = EtcdClientError.closed
        for _ in connections.endpoints.indices {
            do {
                return try await body(member.grpc)
            } catch {
                let mapped = StatusMapping.error(error, endpoint: member.endpoint.description)
                guard Failover.movesOn(error) else { throw mapped }
                if Failover.isEtcdAnswer(error) { answer = mapped }
                last = mapped
                let next = connections.failover(from: member)
                guard repeatable || Failover.wasNotSent(error) else { throw mapped }
                member = next
            }
        }
        throw answer ?? last
    }

    private static func kv(_ grpc: GRPCClient<Transport>) -> Etcdserverpb_KV.Client<Transport> {
        Etcdserverpb_KV.Client(wrapping: grpc)
    }

    private static func lease(_ grpc: GRPCClient<Transport>) -> Etcdserverpb_Lease.Client<Transport> {
        Etcdserverpb_Lease.Client(wrapping: grpc)
    }

    private static func maintenance(_ grpc: GRPCClient<Transport>) -> Etcdserverpb_Maintenance.Client<Transport> {
        Etcdserverpb_Maintenance.Client(wrapping: grpc)
    }

    // MARK: - KeyValueStore

    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        try await call(repeatable: true) { RangeResponse(try await Self.kv($0).range(request.proto, options: options)) }
    }

    public func txn(_ request: TxnRequest) async throws -> TxnResponse {
        try await call(repeatable: false) { try TxnResponse(try await Self.kv($0).txn(request.proto, options: options)) }
    }

    public func watch(_ request: WatchRequest) async throws -> WatchStream {
        // The embedded store refuses an empty key; etcd would read it as "\0".
        guard !request.key.isEmpty else { throw EtcdError.emptyKey }
        guard !watches.withLock({ $0.closed }) else { throw EtcdClientError.closed }
        let id = Mutex<ObjectIdentifier?>(nil)
        let watch = try await RemoteWatch.start(
            request, connections: connections, options: streamOptions,
            onEnd: { [weak self] in
                guard let self, let id = id.withLock({ $0 }) else { return }
                _ = watches.withLock { $0.open.removeValue(forKey: id) }
            })
        let registered = watches.withLock { watches in
            guard !watches.closed else { return false }
            watches.open[ObjectIdentifier(watch)] = watch
            return true
        }
        id.withLock { $0 = ObjectIdentifier(watch) }
        guard registered else {
            watch.cancel()
            throw EtcdClientError.closed
        }
        return watch.stream
    }

    public func compact(_ revision: Revision) async throws -> ResponseHeader {
        do {
            return try await call(repeatable: false) {
                var request = Etcdserverpb_CompactionRequest()
                request.revision = revision
                return ResponseHeader(try await Self.kv($0).compact(request, options: options).header)
            }
        } catch EtcdError.compacted {
            // etcd answers a compaction at or below the current one with the "compacted" text.
            throw EtcdError.alreadyCompacted
        }
    }

    public func leaseGrant(ttl: Int64, id: Int64) async throws -> LeaseGrantResponse {
        try await call(repeatable: true) {
            var request = Etcdserverpb_LeaseGrantRequest()
            request.ttl = ttl
            request.id = id
            let response = try await Self.lease($0).leaseGrant(request, options: options)
            return LeaseGrantResponse(header: ResponseHeader(response.header), id: response.id, ttl: response.ttl)
        }
    }

    public func leaseRevoke(id: Int64) async throws -> ResponseHeader {
        try await call(repeatable: true) {
            var request = Etcdserverpb_LeaseRevokeRequest()
            request.id = id
            return ResponseHeader(try await Self.lease($0).leaseRevoke(request, options: options).header)
        }
    }

    /// One keep-alive round on a LeaseKeepAlive stream; etcd answers a lease it does not know with TTL 0,
    /// which is `EtcdError.leaseNotFound` here, as the embedded store throws it.
    public func leaseKeepAlive(id: Int64) async throws -> LeaseKeepAliveResponse {
        let response = try await call(repeatable: true) {
            try await Self.lease($0).leaseKeepAlive(
                options: options,
                requestProducer: { writer in
                    var request = Etcdserverpb_LeaseKeepAliveRequest()
                    request.id = id
                    try await writer.write(request)
                },
                onResponse: { response in
                    for try await message in response.messages { return message }
                    throw EtcdClientError.unexpectedResponse("the keep-alive stream ended without an answer")
                })
        }
        guard response.ttl > 0 else { throw EtcdError.leaseNotFound }
        return LeaseKeepAliveResponse(header: ResponseHeader(response.header), id: response.id, ttl: response.ttl)
    }

    public func leaseTimeToLive(id: Int64, keys: Bool) async throws -> LeaseTimeToLiveResponse {
        try await call(repeatable: true) {
            var request = Etcdserverpb_LeaseTimeToLiveRequest()
            request.id = id
            request.keys = keys
            let response = try await Self.lease($0).leaseTimeToLive(request, options: options)
            return LeaseTimeToLiveResponse(
                header: ResponseHeader(response.header), id: response.id, ttl: response.ttl,
                grantedTTL: response.ttl < 0 ? 0 : response.grantedTtl, keys: response.keys)
        }
    }

    /// The live leases' ids, in ascending order as the embedded store lists them.
    public func leases() async throws -> [Int64] {
        try await call(repeatable: true) {
            try await Self.lease($0).leaseLeases(Etcdserverpb_LeaseLeasesRequest(), options: options).leases.map(\.id).sorted()
        }
    }

    public func status() async throws -> StoreStatus {
        let response = try await call(repeatable: true) {
            try await Self.maintenance($0).status(Etcdserverpb_StatusRequest(), options: options)
        }
        let header = ResponseHeader(response.header)
        return StoreStatus(
            header: header, version: response.version, dbSize: response.dbSize,
            dbSizeInUse: response.dbSizeInUse > 0 ? response.dbSizeInUse : response.dbSize,
            compactRevision: try await compactRevision(current: header.revision))
    }

    /// The compaction revision: the oldest revision that can still be read (etcd refuses reads below it).
    ///
    /// One point read at revision 1 when nothing was compacted, else a binary search; 0 when revision 1 reads,
    /// which a compaction at revision 1 leaves readable too.
    private func compactRevision(current: Revision) async throws -> Revision {
        func readable(_ revision: Revision) async throws -> Bool {
            do {
                _ = try await range(RangeRequest(key: Data([0]), revision: revision, countOnly: true))
                return true
            } catch EtcdError.compacted {
                return false
            }
        }
        guard current > 1, try await !readable(1) else { return 0 }
        var low: Revision = 2
        var high = current
        while low < high {
            let middle = low + (high - low) / 2
            if try await readable(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
