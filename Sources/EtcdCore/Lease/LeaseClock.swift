import Synchronization

import Foundation

/// The clocks leases expire by: monotonic for deadlines while the store is open, wall time to carry a deadline
/// to the next process that opens the store. Tests inject a `ManualLeaseClock` so they never sleep.
public protocol LeaseClock: Sendable {
    var now: ContinuousClock.Instant { get }
    var wallTime: Date { get }
}

/// The real monotonic clock.
public struct SystemLeaseClock: LeaseClock {
    public init() {}
    public var now: ContinuousClock.Instant { ContinuousClock.now }
    public var wallTime: Date { Date() }
}

/// A clock that moves only when told to.
public final class ManualLeaseClock: LeaseClock {
    private let origin = ContinuousClock.now
    private let wallOrigin = Date()
    private let offset = Mutex(Duration.zero)

    public init() {}

    public var now: ContinuousClock.Instant { origin.advanced(by: offset.withLock { $0 }) }

    public var wallTime: Date {
        let elapsed = offset.withLock { $0 }.components
        return wallOrigin.addingTimeInterval(Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}
