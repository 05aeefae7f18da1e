import EtcdCore
import Foundation

/// A whole list of a type's objects as compact JSON, read from the store a batch at a time, every batch at the
/// revision of the first: what a list without selectors, limit or continue token answers, so that the server can
/// write it as it reads it and never holds a large list whole (kube-apiserver likewise streams a list's items).
///
/// The next batch is read only when the one before has been taken, so a slow reader holds one batch. A batch
/// after the first fails when its revision has been compacted meanwhile (410 Expired, as a continue token would).
public struct JSONListBatches: AsyncSequence, Sendable {
    public typealias Element = [[UInt8]]

    /// The list's resourceVersion: the revision every batch is read at.
    public var resourceVersion: String { String(revision) }
    let registry: Registry
    let type: ResourceType
    let first: [[UInt8]]
    /// Where the second batch starts; nil when the first held the whole list.
    let second: Data?
    let end: Data
    let revision: Revision
    let batchSize: Int64

    public func makeAsyncIterator() -> Iterator { Iterator(batches: self, pending: first, start: second) }

    public struct Iterator: AsyncIteratorProtocol {
        let batches: JSONListBatches
        var pending: [[UInt8]]?
        var start: Data?

        public mutating func next() async throws -> [[UInt8]]? {
            if let batch = pending {
                pending = nil
                return batch
            }
            guard let key = start else { return nil }
            let (items, next, _) = try await batches.registry.jsonBatch(
                batches.type, from: key, to: batches.end, limit: batches.batchSize, revision: batches.revision,
                continued: true, version: .exact(batches.revision))
            start = next
            return items
        }
    }
}

extension Registry {
    /// A whole list of a type's objects in one namespace (nil: all) as ``JSONListBatches`` of `batchSize` items.
    /// The first batch is read here, so a list that cannot be served (a compacted or future resourceVersion)
    /// fails before anything is answered. Each batch but the last also counts the keys left (a limited range
    /// does, as etcd's), so batches are large: 5,000 pods are about 15 MB of JSON.
    public func listJSONBatches(
        _ type: ResourceType, namespace: String?, version: ListVersion = .latest, batchSize: Int64 = 5000
    ) async throws -> JSONListBatches {
        let prefix = Data(type.keyPrefix(namespace: type.namespaced ? namespace : nil).utf8)
        let end = KeyRange.prefixEnd(prefix)
        let exact: Revision = if case .exact(let revision) = version { revision } else { 0 }
        let (items, second, revision) = try await jsonBatch(
            type, from: prefix, to: end, limit: batchSize, revision: exact, continued: false, version: version)
        return JSONListBatches(
            registry: self, type: type, first: items, second: second, end: end, revision: revision, batchSize: batchSize)
    }

    /// Up to `limit` objects from `start` at `revision` (0: the latest), as compact JSON; where the next batch
    /// starts (nil: none is left) and the revision read at.
    fileprivate func jsonBatch(
        _ type: ResourceType, from start: Data, to end: Data, limit: Int64, revision: Revision, continued: Bool,
        version: ListVersion
    ) async throws -> (items: [[UInt8]], next: Data?, revision: Revision) {
        let response = try await listRange(
            RangeRequest(key: start, rangeEnd: end, limit: limit, revision: revision), continued: continued,
            version: version)
        let items = try await response.kvs.concurrentMap { [self] in try encodedJSON($0, as: type) }
        let next = response.more ? response.kvs.last.map { $0.key + [0] } : nil
        return (items, next, revision == 0 ? response.header.revision : revision)
    }
}
