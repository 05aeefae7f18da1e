import Foundation
import Synchronization

/// The compact JSON of stored objects as lists and watches last wrote them, by key and revision, within a byte
/// budget.
///
/// kube-apiserver serves lists from its watch cache, which keeps every object of a resource decoded in memory,
/// and writes each watch event's object once for all its watchers (its `cachingObject`); this keeps what a list
/// or watch writes instead, so a second list of the same objects, or the next watcher of the same change, copies
/// the bytes rather than decoding and encoding again. An entry is only used for the same key at the same
/// revision, which in etcd names one change for good: the value a put wrote at its mod revision, or the last
/// value of a deleted key as a watch reports it at the delete's revision (no value of that key has that mod
/// revision). When the budget is spent the cache starts again empty: a list larger than the budget gains
/// nothing but costs no more than without it.
final class EncodedObjectCache: Sendable {
    private struct Entry {
        var revision: Int64
        var bytes: [UInt8]
    }

    private struct State {
        var entries: [Data: Entry] = [:]
        var size = 0
    }

    private let state = Mutex(State())
    /// The most bytes of keys and encodings held at once.
    let budget: Int

    init(budget: Int = 64 << 20) {
        self.budget = budget
    }

    /// The encoding written for `key` at `revision`, if it is held.
    func bytes(key: Data, revision: Int64) -> [UInt8]? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.revision == revision else { return nil }
            return entry.bytes
        }
    }

    /// Holds the encoding of `key` at `revision`, replacing the one held for an earlier revision.
    func store(_ bytes: [UInt8], key: Data, revision: Int64) {
        let size = bytes.count + key.count
        guard size <= budget / 16 else { return }
        state.withLock { state in
            if let old = state.entries[key] { state.size -= old.bytes.count + key.count }
            if state.size + size > budget {
                state.entries.removeAll(keepingCapacity: true)
                state.size = 0
            }
            state.entries[key] = Entry(revision: revision, bytes: bytes)
            state.size += size
        }
    }
}
