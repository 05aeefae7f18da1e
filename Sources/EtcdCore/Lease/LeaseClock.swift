import Synchronization

/// The monotonic clock leases expire by; tests inject a `ManualLeaseClock` so they never sleep.
public protocol LeaseClock: Sendable {
    var now: ContinuousClock.Instant { get }
}

/// The real monotonic clock.
public struct SystemLeaseClock: LeaseClock {
    public init() {}
    public var now: ContinuousClock.Instant { ContinuousClock.now }
}

/// A clock that moves only when told to.
public final class ManualLeaseClock: LeaseClock {
    private let origin = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    public init() {}

    public var now: ContinuousClock.Instant { origin.advanced(by: offset.withLock { $0 }) }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}
