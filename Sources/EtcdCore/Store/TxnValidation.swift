import Foundation

/// The checks etcd makes on a transaction before applying any of it (`etcdserver/api/v3rpc/key.go`).
enum TxnValidation {
    /// At most this many compares, or operations in one branch (`--max-txn-ops`).
    static let maxOperations = 128

    /// Throws if the transaction has too many operations, an empty key, or writes one key twice in a branch.
    static func check(_ request: TxnRequest, maxOperations: Int = maxOperations) throws {
        guard request.compare.count <= maxOperations, request.success.count <= maxOperations,
            request.failure.count <= maxOperations
        else { throw EtcdError.tooManyOperations }
        for branch in [request.success, request.failure] {
            for op in branch {
                switch op {
                case .range(let range): if range.key.isEmpty { throw EtcdError.emptyKey }
                case .put(let put): if put.key.isEmpty { throw EtcdError.emptyKey }
                case .deleteRange(let delete): if delete.key.isEmpty { throw EtcdError.emptyKey }
                case .txn(let nested): try check(nested, maxOperations: maxOperations - branch.count)
                }
            }
        }
        _ = try writtenKeys(request.success)
        _ = try writtenKeys(request.failure)
    }

    /// The keys a branch puts and the ranges it deletes, throwing `duplicateKey` where a put meets another
    /// put or a delete. Deletes may overlap one another; a nested transaction's two branches may put the
    /// same key, since only one of them runs.
    private static func writtenKeys(_ ops: [RequestOp]) throws -> (puts: Set<Data>, deletes: [KeyRange]) {
        var deletes: [KeyRange] = ops.compactMap {
            if case .deleteRange(let delete) = $0 { KeyRange(key: delete.key, rangeEnd: delete.rangeEnd) } else { nil }
        }
        var puts = Set<Data>()
        func addPut(_ key: Data, allowedAgain: Bool = false) throws {
            if puts.contains(key) && !allowedAgain { throw EtcdError.duplicateKey }
            if deletes.contains(where: { $0.contains(key) }) { throw EtcdError.duplicateKey }
            puts.insert(key)
        }
        for case .txn(let nested) in ops {
            let then = try writtenKeys(nested.success)
            let otherwise = try writtenKeys(nested.failure)
            for key in then.puts { try addPut(key) }
            for key in otherwise.puts { try addPut(key, allowedAgain: then.puts.contains(key)) }
            deletes += then.deletes + otherwise.deletes
        }
        for case .put(let put) in ops { try addPut(put.key) }
        return (puts, deletes)
    }
}
