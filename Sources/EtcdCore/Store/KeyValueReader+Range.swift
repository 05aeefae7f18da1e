import Foundation

extension KeyValueReader {
    /// Answers a range request with etcd's rules (`server/etcdserver/apply.go`, `mvcc/kvstore_txn.go`).
    ///
    /// - `count` is every key in the range at that revision, whatever the limit and filters.
    /// - With a sort or a revision filter everything is fetched, then filtered, sorted and cut to the limit;
    ///   otherwise one more than the limit is fetched to learn `more`.
    /// - A sort target other than the key with no order sorts ascending.
    ///
    /// - Parameters:
    ///   - current: the revision the reader's transaction sees (the head).
    ///   - compacted: the compaction revision; older reads fail.
    /// - Returns: the keys, `more` and `count`; the caller sets the header.
    func range(_ request: RangeRequest, current: Revision, compacted: Revision) throws -> (
        kvs: [KeyValue], more: Bool, count: Int64
    ) {
        guard !request.key.isEmpty else { throw EtcdError.emptyKey }
        if request.revision > current { throw EtcdError.futureRevision }
        if request.revision > 0 && request.revision < compacted { throw EtcdError.compacted }
        let range = KeyRange(key: request.key, rangeEnd: request.rangeEnd)
        let revision: Revision? = request.revision > 0 && request.revision < current ? request.revision : nil

        if request.countOnly {
            return ([], false, try count(in: range, at: revision))
        }

        let filtered =
            request.minModRevision != 0 || request.maxModRevision != 0
            || request.minCreateRevision != 0 || request.maxCreateRevision != 0
        var fetchLimit = request.sortOrder != .none || filtered ? 0 : request.limit
        if fetchLimit > 0 { fetchLimit += 1 }
        var kvs = try keyValues(in: range, at: revision, limit: fetchLimit, keysOnly: request.keysOnly)
        let count =
            fetchLimit > 0 && kvs.count >= fetchLimit ? try self.count(in: range, at: revision) : Int64(kvs.count)

        if filtered {
            kvs.removeAll { kv in
                (request.maxModRevision != 0 && kv.modRevision > request.maxModRevision)
                    || (request.minModRevision != 0 && kv.modRevision < request.minModRevision)
                    || (request.maxCreateRevision != 0 && kv.createRevision > request.maxCreateRevision)
                    || (request.minCreateRevision != 0 && kv.createRevision < request.minCreateRevision)
            }
        }
        var order = request.sortOrder
        if request.sortTarget != .key && order == .none { order = .ascend }
        if order != .none { kvs.sort(by: request.sortTarget, order: order) }

        var more = false
        if request.limit > 0 && kvs.count > request.limit {
            kvs.removeLast(kvs.count - Int(request.limit))
            more = true
        }
        return (kvs, more, count)
    }
}

extension [KeyValue] {
    /// Sorts stably by `target` (keys are already in ascending order, so ties keep key order).
    mutating func sort(by target: RangeRequest.SortTarget, order: RangeRequest.SortOrder) {
        let ascending: (KeyValue, KeyValue) -> Bool =
            switch target {
            case .key: { $0.key.lexicographicallyPrecedes($1.key) }
            case .version: { $0.version < $1.version }
            case .create: { $0.createRevision < $1.createRevision }
            case .mod: { $0.modRevision < $1.modRevision }
            case .value: { $0.value.lexicographicallyPrecedes($1.value) }
            }
        let indexed = enumerated().map { ($0.offset, $0.element) }
        let sorted = indexed.sorted { a, b in
            if order == .descend {
                if ascending(b.1, a.1) { return true }
                if ascending(a.1, b.1) { return false }
            } else {
                if ascending(a.1, b.1) { return true }
                if ascending(b.1, a.1) { return false }
            }
            return a.0 < b.0
        }
        self = sorted.map(\.1)
    }
}
