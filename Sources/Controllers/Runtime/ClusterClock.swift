import Foundation
import Synchronization

/// Where the control loops' time comes from: the wall clock in `kubesim serve`, a simulated clock that jumps
/// to the next timer in the embedded command line.
public protocol ClusterClock: Sendable {
    func now() -> Date
}

/// The system's clock.
public struct WallClock: ClusterClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until the control loops move it: they advance it to the next timer when nothing
/// else is runnable, so a pod that takes 2 s to start is Running two simulated seconds later, at once.
public final class SimulatedClock: ClusterClock {
    private let current: Mutex<Date>

    public init(start: Date) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward to `time` (never backward).
    public func advance(to time: Date) {
        current.withLock { $0 = max($0, time) }
    }
}
