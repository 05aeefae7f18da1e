import Foundation
import Synchronization

/// What the node lifecycle controller remembers between reconciles, as kube-controller-manager's keeps it in
/// memory: when it first watched each node (its grace period never starts earlier), the health check it has
/// a timer for, and when it last added a NoExecute taint in each zone (its eviction rate limit).
final class NodeLifecycleState: Sendable {
    private struct Values {
        var firstSeen: [String: Date] = [:]
        var checks: [String: (deadline: Date, settles: Bool)] = [:]
        var lastNoExecuteTaint: [String: Date] = [:]
    }

    private let values = Mutex(Values())

    /// When the controller first looked at `node` (now, the first time).
    func firstSeen(_ node: String, now: Date) -> Date {
        values.withLock { values in
            if let seen = values.firstSeen[node] { return seen }
            values.firstSeen[node] = now
            return now
        }
    }

    /// Whether a health check of `node` at `deadline` needs a timer: false when one is set already for no
    /// later, that keeps a simulation running if this one must.
    func needsCheck(_ node: String, at deadline: Date, settles: Bool, now: Date) -> Bool {
        values.withLock { values in
            if let check = values.checks[node], check.deadline > now, check.deadline <= deadline,
                check.settles || !settles
            {
                return false
            }
            values.checks[node] = (deadline, settles)
            return true
        }
    }

    /// When the zone's next NoExecute taint may be added, at `interval` after the last; nil when now.
    func nextTaintTime(zone: String, interval: TimeInterval, now: Date) -> Date? {
        values.withLock { values in
            guard let last = values.lastNoExecuteTaint[zone], now < last.addingTimeInterval(interval) else { return nil }
            return last.addingTimeInterval(interval)
        }
    }

    func recordTaint(zone: String, at time: Date) {
        values.withLock { $0.lastNoExecuteTaint[zone] = time }
    }

    func forget(_ node: String) {
        values.withLock { values in
            values.firstSeen[node] = nil
            values.checks[node] = nil
        }
    }
}
