import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// The workload's etcd client: runs a model request through the etcd v3 gRPC API and turns the answer (or the
/// failure) into the model's response. Only etcd's own determinate errors are failures; anything else (the
/// connection lost, a timeout, an error from the server's storage) is unknown.
public struct EtcdKVClient: Sendable {
    public let client: GRPCClient<HTTP2ClientTransport.Posix>
    /// The TTL of granted leases: long enough that none expires during a run.
    public static let leaseTTL: Int64 = 3600

    public init(_ client: GRPCClient<HTTP2ClientTransport.Posix>) { self.client = client }

    private var options: CallOptions {
        var options = CallOptions.defaults
        options.timeout = .seconds(10)
        return options
    }

    public func perform(_ request: KVRequest) async -> KVResponse {
        do {
            return try await send(request)
        } catch let error as RPCError where error.code == .notFound && error.message.contains("lease not found") {
            return .leaseNotFound
        } catch {
            return .unknown
        }
    }

    private func send(_ request: KVRequest) async throws -> KVResponse {
        let kv = Etcdserverpb_KV.Client(wrapping: client)
        let lease = Etcdserverpb_Lease.Client(wrapping: client)
        switch request {
        case .get(let key):
            var range = Etcdserverpb_RangeRequest()
            range.key = Data(key.utf8)
            let got = try await kv.range(range, options: options)
            let first = got.kvs.first
            return .get(
                value: first.map { String(decoding: $0.value, as: UTF8.self) }, modRevision: first?.modRevision ?? 0,
                revision: got.header.revision)
        case .put(let key, let value, let leaseID):
            var put = Etcdserverpb_PutRequest()
            put.key = Data(key.utf8)
            put.value = Data(value.utf8)
            put.lease = leaseID
            return .write(revision: try await kv.put(put, options: options).header.revision)
        case .delete(let key):
            var delete = Etcdserverpb_DeleteRangeRequest()
            delete.key = Data(key.utf8)
            let done = try await kv.deleteRange(delete, options: options)
            return .delete(deleted: Int(done.deleted), revision: done.header.revision)
        case .compareAndSwap(let key, let expected, let value):
            var compare = Etcdserverpb_Compare()
            compare.key = Data(key.utf8)
            compare.target = .mod
            compare.result = .equal
            compare.modRevision = expected
            var txn = Etcdserverpb_TxnRequest()
            txn.compare = [compare]
            txn.success = [Self.put(key, value)]
            var read = Etcdserverpb_RequestOp()
            read.requestRange.key = Data(key.utf8)
            txn.failure = [read]
            let done = try await kv.txn(txn, options: options)
            if done.succeeded {
                return .compareAndSwap(succeeded: true, revision: done.header.revision, current: nil, currentModRevision: nil)
            }
            let current = done.responses.first?.responseRange.kvs.first
            return .compareAndSwap(
                succeeded: false, revision: done.header.revision,
                current: current.map { String(decoding: $0.value, as: UTF8.self) },
                currentModRevision: current?.modRevision ?? 0)
        case .multiPut(let keys, let value):
            var txn = Etcdserverpb_TxnRequest()
            txn.success = keys.map { Self.put($0, value) }
            return .write(revision: try await kv.txn(txn, options: options).header.revision)
        case .leaseGrant(let id):
            var grant = Etcdserverpb_LeaseGrantRequest()
            grant.id = id
            grant.ttl = Self.leaseTTL
            return .leaseGrant(revision: try await lease.leaseGrant(grant, options: options).header.revision)
        case .leaseRevoke(let id):
            var revoke = Etcdserverpb_LeaseRevokeRequest()
            revoke.id = id
            return .leaseRevoke(revision: try await lease.leaseRevoke(revoke, options: options).header.revision)
        }
    }

    private static func put(_ key: String, _ value: String) -> Etcdserverpb_RequestOp {
        var op = Etcdserverpb_RequestOp()
        op.requestPut.key = Data(key.utf8)
        op.requestPut.value = Data(value.utf8)
        return op
    }
}

/// Runs `body` with a plaintext client of the etcd endpoint at `port` on loopback.
public func withEtcdClient<T: Sendable>(
    port: Int, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
) async throws -> T {
    try await withGRPCClient(
        transport: .http2NIOPosix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext,
            config: .defaults { $0.connection.maxIdleTime = nil }),
        handleClient: body)
}
