import EtcdCore
import Foundation
import Synchronization

/// Reads of the `/registry` key space at any revision, for the explorer page: the tree's branches with their key
/// counts, one key at a revision, and a key's history.
///
/// The keys of one revision never change, so the last few revisions' key lists, and the last prefixes' children,
/// are kept: expanding branches and paging through 100,000 keys reads the store and groups each prefix once per
/// revision.
public final class RegistryReader: Sendable {
    public let store: any KeyValueStore
    /// The prefix the tree starts at.
    public static let root = "/registry/"
    private let cache = Mutex<[(revision: Revision, keys: [Data])]>([])
    private static let cachedRevisions = 4
    private let groups = Mutex<[(revision: Revision, prefix: String, children: [Child], keys: Int)]>([])
    private static let cachedPrefixes = 32

    public init(store: any KeyValueStore) {
        self.store = store
    }

    /// The head revision and the compaction point (reads below it fail).
    public func revisions() async throws -> (head: Revision, compacted: Revision) {
        let status = try await store.status()
        return (status.header.revision, status.compactRevision)
    }

    /// Every key under ``root`` at `revision` (0: the head), in byte order, and the revision read.
    /// - Throws: `EtcdError.compacted` / `.futureRevision`.
    public func keys(at revision: Revision) async throws -> (revision: Revision, keys: [Data]) {
        let start = Data(Self.root.utf8)
        var resolved = revision
        // A kept revision may since have been compacted: reads of it fail as the store's would.
        if revision > 0, revision < (try await store.status().compactRevision) { throw EtcdError.compacted }
        if resolved == 0 {
            resolved = try await store.range(RangeRequest(key: start, rangeEnd: KeyRange.prefixEnd(start), countOnly: true))
                .header.revision
        }
        if let hit = cache.withLock({ $0.first { $0.revision == resolved } }) { return (resolved, hit.keys) }
        let keys = try await store.range(
            RangeRequest(key: start, rangeEnd: KeyRange.prefixEnd(start), revision: resolved, keysOnly: true)
        ).kvs.map(\.key)
        cache.withLock { cache in
            cache.removeAll { $0.revision == resolved }
            cache.append((resolved, keys))
            if cache.count > Self.cachedRevisions { cache.removeFirst() }
        }
        return (resolved, keys)
    }

    /// One branch or key below a prefix: its segment, how many keys it holds, and its full key when it is one.
    public struct Child: Sendable, Hashable {
        public var name: String
        public var count: Int
        public var key: String?
    }

    /// A page of a prefix's children, in key order.
    public struct ChildrenPage: Sendable {
        public var revision: Revision
        public var children: [Child]
        /// How many children the prefix has in all, and keys below it.
        public var total: Int
        public var keys: Int
    }

    /// The children of `prefix` (ending in `/`) at `revision`, from `offset`, at most `limit`.
    public func children(of prefix: String, at revision: Revision, offset: Int, limit: Int) async throws -> ChildrenPage {
        let (resolved, all, keys) = try await children(of: prefix, at: revision)
        let page = all.dropFirst(max(0, offset)).prefix(max(0, limit))
        return ChildrenPage(revision: resolved, children: Array(page), total: all.count, keys: keys)
    }

    /// Every child of `prefix` at `revision` and the number of keys below it; kept for the last few prefixes read,
    /// so that paging through a prefix's children groups its keys once.
    private func children(of prefix: String, at revision: Revision) async throws -> (Revision, [Child], Int) {
        let (resolved, keys) = try await keys(at: revision)
        if let hit = groups.withLock({ $0.first { $0.revision == resolved && $0.prefix == prefix } }) {
            return (resolved, hit.children, hit.keys)
        }
        let start = Data(prefix.utf8)
        let end = KeyRange.prefixEnd(start)
        let lower = Self.firstIndex(in: keys) { !$0.lexicographicallyPrecedes(start) }
        let upper = Self.firstIndex(in: keys) { !$0.lexicographicallyPrecedes(end) }
        var children: [Child] = []
        var index = lower
        let slash = UInt8(ascii: "/")
        while index < upper {
            let rest = keys[index].dropFirst(start.count)
            let segment = rest.firstIndex(of: slash).map { rest[rest.startIndex..<$0] } ?? rest
            let isKey = segment.count == rest.count
            var next = index + 1
            if !isKey {
                // The branch's keys are contiguous: every key between two of them starts with the same segment and `/`.
                let branchEnd = KeyRange.prefixEnd(start + segment + [slash])
                next = Self.firstIndex(in: keys, from: index) { !$0.lexicographicallyPrecedes(branchEnd) }
            }
            children.append(
                Child(
                    name: String(decoding: segment, as: UTF8.self), count: next - index,
                    key: isKey ? String(decoding: keys[index], as: UTF8.self) : nil))
            index = next
        }
        groups.withLock { groups in
            groups.append((resolved, prefix, children, upper - lower))
            if groups.count > Self.cachedPrefixes { groups.removeFirst() }
        }
        return (resolved, children, upper - lower)
    }

    /// One key as it was at `revision` (0: the head), or nil where it did not exist; and the revision read.
    public func value(of key: String, at revision: Revision) async throws -> (revision: Revision, kv: KeyValue?) {
        let response = try await store.range(RangeRequest(key: Data(key.utf8), revision: revision))
        return (revision == 0 ? response.header.revision : revision, response.kvs.first)
    }

    /// Every change of `key` still in history, oldest first; with compacted history the first is the key as it
    /// was at the compaction point.
    ///
    /// A key that exists has its history replayed by a watch of that key alone, up to its current revision; a
    /// deleted key's last event is unknown, so every key's history is replayed up to the head and filtered.
    public func history(of key: String) async throws -> [WatchEvent] {
        let wanted = Data(key.utf8)
        let status = try await store.status()
        var events: [WatchEvent] = []
        if status.compactRevision > 0,
            let kv = try await store.range(RangeRequest(key: wanted, revision: status.compactRevision)).kvs.first
        {
            events.append(WatchEvent(type: .put, kv: kv))
        }
        let head = status.header.revision
        let start = max(status.compactRevision, 1) + 1
        guard start <= head else { return events }
        let current = try await store.range(RangeRequest(key: wanted, revision: head)).kvs.first
        if let current, current.modRevision < start { return events }
        let all = Data([0])
        let request =
            current == nil
            ? WatchRequest(key: all, rangeEnd: all, startRevision: start) : WatchRequest(key: wanted, startRevision: start)
        let last = current?.modRevision ?? head
        let stream = try await store.watch(request)
        defer { stream.cancel() }
        for try await response in stream {
            if response.canceled { throw EtcdError.compacted }
            events += response.events.filter { $0.kv.key == wanted && $0.kv.modRevision <= last }
            if response.events.contains(where: { $0.kv.modRevision >= last }) { break }
        }
        return events
    }

    /// The first index from `start` whose key satisfies `predicate`, which holds for a suffix of the sorted keys.
    private static func firstIndex(in keys: [Data], from start: Int = 0, where predicate: (Data) -> Bool) -> Int {
        var (low, high) = (start, keys.count)
        while low < high {
            let middle = (low + high) / 2
            if predicate(keys[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
