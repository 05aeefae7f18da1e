import Foundation
import Synchronization

/// The DaemonSet controller's back-off for deleting failed daemon pods (`failedPodsBackoff`, client-go
/// `flowcontrol.Backoff` with 1 s initial and 15 min maximum delay), so a node whose kubelet keeps failing the
/// pod is not hot-looped. Keys are `<ds uid>/<observedGeneration>/<node>`.
final class DaemonPodBackoff: Sendable {
    static let initial: TimeInterval = 1
    static let maximum: TimeInterval = 15 * 60

    private struct Entry {
        var delay: TimeInterval
        var lastUpdate: Date
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The delay still to wait when `key` is in its back-off window at `now` (`IsInBackOffSinceUpdate`).
    func remaining(_ key: String, now: Date) -> TimeInterval? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            let elapsed = now.timeIntervalSince(entry.lastUpdate)
            return elapsed < entry.delay ? entry.delay - elapsed : nil
        }
    }

    /// Records one more failure (`Next`): the delay doubles up to the maximum; an entry idle for twice the
    /// maximum starts over.
    func next(_ key: String, now: Date) {
        entries.withLock { entries in
            if let entry = entries[key], now.timeIntervalSince(entry.lastUpdate) <= 2 * Self.maximum {
                entries[key] = Entry(delay: min(entry.delay * 2, Self.maximum), lastUpdate: now)
            } else {
                entries[key] = Entry(delay: Self.initial, lastUpdate: now)
            }
        }
    }
}
