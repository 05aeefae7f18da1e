import EtcdCore
import Foundation

/// What changed under a prefix between two revisions: the keys created, changed (with the field-level diff of
/// their values) and deleted, each list in key order. A key deleted and created again in between counts as
/// changed.
public struct RegistryChanges: Sendable {
    public struct Change: Sendable {
        public var key: String
        public var before: KeyValue
        public var after: KeyValue
        /// `- path: old` / `+ path: new` lines (``RegistryValue/diff(from:to:)``).
        public var diff: [String] { RegistryValue.diff(from: before.value, to: after.value) }
    }

    public var from: Revision
    public var to: Revision
    public var created: [KeyValue]
    public var changed: [Change]
    public var deleted: [KeyValue]

    /// Reads the prefix at both revisions and compares each key's modification revision.
    /// - Throws: `EtcdError.compacted` when `from` is below the compaction point, `.futureRevision` past the head.
    public static func between(
        _ from: Revision, and to: Revision, under prefix: String = RegistryReader.root, in store: any KeyValueStore
    ) async throws -> RegistryChanges {
        let start = Data(prefix.utf8)
        let read = { (revision: Revision) in
            try await store.range(RangeRequest(key: start, rangeEnd: KeyRange.prefixEnd(start), revision: revision)).kvs
        }
        let before = try await read(from)
        let after = try await read(to)
        var changes = RegistryChanges(from: from, to: to, created: [], changed: [], deleted: [])
        var (i, j) = (0, 0)
        // Both lists are in key order: merge them.
        while i < before.count || j < after.count {
            if j == after.count || i < before.count && before[i].key.lexicographicallyPrecedes(after[j].key) {
                changes.deleted.append(before[i])
                i += 1
            } else if i == before.count || after[j].key.lexicographicallyPrecedes(before[i].key) {
                changes.created.append(after[j])
                j += 1
            } else {
                if before[i].modRevision != after[j].modRevision {
                    changes.changed.append(
                        Change(key: String(decoding: after[j].key, as: UTF8.self), before: before[i], after: after[j]))
                }
                i += 1
                j += 1
            }
        }
        return changes
    }
}
