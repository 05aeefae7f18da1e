import Foundation
import Synchronization

/// The objects the latest watch events decoded, by key and mod revision, so the watchers of one change share
/// one decoding of its values, as kube-apiserver's watch cache decodes each event once for all its watchers.
///
/// Objects are values: a watcher gets its own copy on write. The cache holds at most ``capacity`` objects and
/// forgets the oldest first. Watchers of the same change read it within a short while of each other (each
/// reads its events in revision order, and the store queues at most 1,024 responses for one before it falls
/// back to history), so a few hundred of the latest objects serve them, while the memory held stays a few
/// megabytes whatever the size of the resource: a watcher further behind decodes for itself, as without it.
final class DecodedObjectCache: Sendable {
    private struct Key: Hashable {
        var key: Data
        var revision: Int64
    }

    private struct State {
        var objects: [Key: KubeObject] = [:]
        /// The held keys in the order they came, a ring whose next slot to reuse is `next`.
        var order: [Key] = []
        var next = 0
    }

    private let state = Mutex(State())
    /// The most objects held at once.
    let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The object decoded for `key` at `revision`, if it is held.
    func object(key: Data, revision: Int64) -> KubeObject? {
        state.withLock { $0.objects[Key(key: key, revision: revision)] }
    }

    /// Holds the object decoded for `key` at `revision`, forgetting the oldest one held when full.
    func store(_ object: KubeObject, key: Data, revision: Int64) {
        let entry = Key(key: key, revision: revision)
        state.withLock { state in
            guard state.objects.updateValue(object, forKey: entry) == nil else { return }
            if state.order.count < capacity {
                state.order.append(entry)
            } else {
                state.objects[state.order[state.next]] = nil
                state.order[state.next] = entry
                state.next = (state.next + 1) % capacity
            }
        }
    }
}
