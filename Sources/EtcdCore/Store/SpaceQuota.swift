/// etcd's backend space quota (`etcdserver/quota.go`): a write is admitted while the backend's size plus the
/// write's cost stays under the quota; one that would not raises the NOSPACE alarm.
///
/// The size is the SQLite file's pages (free pages included), as etcd counts bbolt's: compaction frees pages
/// without shrinking it, defragmentation (VACUUM) shrinks it.
public struct SpaceQuota: Sendable, Hashable {
    /// etcd's default quota, 2 GiB.
    public static let defaultBytes: Int64 = 2 * 1024 * 1024 * 1024
    /// What etcd charges for a key's metadata.
    static let keyValueOverhead = 256
    /// What etcd charges for granting a lease.
    static let leaseCost = 64

    /// The quota in bytes; nil admits everything.
    public let bytes: Int64?

    /// etcd's `--quota-backend-bytes`: 0 is the default (2 GiB), a negative value disables the quota.
    public init(quotaBackendBytes: Int64) {
        bytes = quotaBackendBytes < 0 ? nil : quotaBackendBytes == 0 ? Self.defaultBytes : quotaBackendBytes
    }

    /// Whether a write costing `cost` fits beside a backend of `backendSize` bytes. Writes that cost nothing
    /// (reads, deletes) always fit.
    func admits(cost: Int, backendSize: Int64) -> Bool {
        guard cost > 0, let bytes else { return true }
        return backendSize + Int64(cost) < bytes
    }

    /// A transaction's cost: its puts' keys and values plus etcd's overhead each, for the costlier branch.
    /// Unlike etcd 3.4, puts in nested transactions count too (etcd charges those nothing).
    static func cost(of request: TxnRequest) -> Int {
        max(cost(of: request.success), cost(of: request.failure))
    }

    private static func cost(of ops: [RequestOp]) -> Int {
        ops.reduce(0) { total, op in
            switch op {
            case .put(let put): total + keyValueOverhead + put.key.count + put.value.count
            case .txn(let nested): total + cost(of: nested)
            case .range, .deleteRange: total
            }
        }
    }
}
