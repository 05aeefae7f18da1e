import Foundation
import Synchronization

/// The objects the registry wrote last, each with the exact bytes it stored, so a read of a value right after its
/// write (the control loops' watch of every change, a status update of what was just created) takes the object
/// instead of decoding it again: kube-apiserver's watch cache likewise keeps the objects it has, not their bytes.
///
/// An entry answers only a read of the identical stored bytes under the same key, and is made only for an object
/// whose encoding was checked to read back as exactly that object (``StorageMediaType/encodeChecked(_:)``), so what
/// it gives is what decoding would. It holds at most ``capacity`` objects and ``byteLimit`` bytes of stored values,
/// forgetting the oldest first.
final class WrittenObjectCache: Sendable {
    private struct Entry {
        var value: Data
        var object: KubeObject
        /// Which store of the key this is: an older place in the queue of keys no longer refers to it.
        var serial: Int
    }

    private struct State {
        var entries: [Data: Entry] = [:]
        /// Keys in the order they were stored, each with its serial; entries are forgotten from the front.
        var queue: [(key: Data, serial: Int)] = []
        var head = 0
        var bytes = 0
        var serial = 0
    }

    private let state = Mutex(State())
    /// The most objects held at once.
    let capacity: Int
    /// The most bytes of stored values held at once; a larger value is not held.
    let byteLimit: Int

    init(capacity: Int = 512, byteLimit: Int = 4 << 20) {
        self.capacity = capacity
        self.byteLimit = byteLimit
    }

    /// The object written under `key` as exactly `value`, if it is held.
    func object(key: Data, value: Data) -> KubeObject? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.value == value else { return nil }
            return entry.object
        }
    }

    /// Holds `object`, stored under `key` as `value`, in place of what the key held.
    func store(_ object: KubeObject, key: Data, value: Data) {
        guard value.count <= byteLimit else { return }
        // What is forgotten is returned, so it is freed once the lock is let go: freeing an object's tree is most
        // of the work, and writers should not wait on each other for it.
        _ = state.withLock { state in
            var forgotten: [Entry] = []
            state.serial += 1
            if let old = state.entries.updateValue(Entry(value: value, object: object, serial: state.serial), forKey: key) {
                state.bytes -= old.value.count
                forgotten.append(old)
            }
            state.bytes += value.count
            state.queue.append((key, state.serial))
            while state.entries.count > capacity || state.bytes > byteLimit {
                let (oldest, serial) = state.queue[state.head]
                state.head += 1
                if let entry = state.entries[oldest], entry.serial == serial {
                    state.entries[oldest] = nil
                    state.bytes -= entry.value.count
                    forgotten.append(entry)
                }
            }
            // Popped places, and places of keys stored again since, are dropped once they could outnumber the held.
            if state.head > capacity || state.queue.count - state.head > 2 * capacity {
                let entries = state.entries
                state.queue = state.queue[state.head...].filter { entries[$0.key]?.serial == $0.serial }
                state.head = 0
            }
            return forgotten
        }
    }
}
