import Foundation

/// The storage seam between the API server and etcd: etcd v3's key-value, watch, lease and compaction
/// semantics, whether embedded (`SQLiteStore`) or a real etcd cluster.
///
/// Every method that writes returns only after the change is durable; its response header carries the
/// revision the change created.
public protocol KeyValueStore: Sendable {
    /// Reads one key or a range, at the head or at an old revision.
    /// - Throws: `EtcdError.compacted` / `.futureRevision` for a revision out of reach.
    func range(_ request: RangeRequest) async throws -> RangeResponse

    /// Runs a transaction atomically; its writes share one new revision.
    /// - Throws: `EtcdError.tooManyOperations`, `.duplicateKey`, `.emptyKey`, `.leaseNotFound`, `.keyNotFound`.
    func txn(_ request: TxnRequest) async throws -> TxnResponse

    /// Follows changes of a key or range from a revision on.
    func watch(_ request: WatchRequest) async throws -> WatchStream

    /// Discards history older than `revision`; reads below it then fail with `EtcdError.compacted`.
    func compact(_ revision: Revision) async throws -> ResponseHeader

    /// Grants a lease of `ttl` seconds; `id` 0 lets the store choose.
    func leaseGrant(ttl: Int64, id: Int64) async throws -> LeaseGrantResponse

    /// Revokes a lease, deleting the keys attached to it.
    func leaseRevoke(id: Int64) async throws -> ResponseHeader

    /// Renews a lease to its full TTL.
    func leaseKeepAlive(id: Int64) async throws -> LeaseKeepAliveResponse

    /// A lease's remaining and granted TTL, and with `keys` its attached keys.
    func leaseTimeToLive(id: Int64, keys: Bool) async throws -> LeaseTimeToLiveResponse

    /// The ids of all live leases.
    func leases() async throws -> [Int64]

    /// Sizes, version and revisions, as `endpoint status` shows them.
    func status() async throws -> StoreStatus
}

extension KeyValueStore {
    /// Writes one key: a transaction with one put.
    public func put(_ request: PutRequest) async throws -> PutResponse {
        let response = try await txn(TxnRequest(success: [.put(request)]))
        guard case .put(var put) = response.responses.first else { preconditionFailure("a put answers with a put") }
        put.header = response.header
        return put
    }

    /// Deletes one key or a range: a transaction with one delete.
    public func deleteRange(_ request: DeleteRangeRequest) async throws -> DeleteRangeResponse {
        let response = try await txn(TxnRequest(success: [.deleteRange(request)]))
        guard case .deleteRange(var delete) = response.responses.first else {
            preconditionFailure("a delete answers with a delete")
        }
        delete.header = response.header
        return delete
    }

    /// The key's current value, or nil.
    public func get(_ key: Data) async throws -> KeyValue? {
        try await range(RangeRequest(key: key)).kvs.first
    }
}
