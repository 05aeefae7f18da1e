import Synchronization

/// When each lease expires. Deadlines live in memory only: on open every lease gets its full TTL again,
/// as etcd's lessor grants on promotion.
final class LeaseDeadlines: Sendable {
    private struct Entry {
        var ttl: Int64
        var deadline: ContinuousClock.Instant
    }

    private let clock: any LeaseClock
    private let entries = Mutex<[Int64: Entry]>([:])

    init(clock: any LeaseClock) {
        self.clock = clock
    }

    /// Starts (or restarts) a lease's full TTL.
    func start(_ id: Int64, ttl: Int64) {
        let deadline = clock.now.advanced(by: .seconds(ttl))
        entries.withLock { $0[id] = Entry(ttl: ttl, deadline: deadline) }
    }

    /// Renews a known lease to its full TTL; returns the TTL, or nil if the lease is unknown here.
    func renew(_ id: Int64) -> Int64? {
        let now = clock.now
        return entries.withLock { entries in
            guard var entry = entries[id] else { return nil }
            entry.deadline = now.advanced(by: .seconds(entry.ttl))
            entries[id] = entry
            return entry.ttl
        }
    }

    /// Whole seconds left (truncated, as etcd reports them) and the granted TTL, or nil if unknown here.
    func remaining(_ id: Int64) -> (ttl: Int64, granted: Int64)? {
        let now = clock.now
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            let left = now.duration(to: entry.deadline).components.seconds
            return (max(left, 0), entry.ttl)
        }
    }

    func forget(_ id: Int64) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// The leases whose deadline has passed.
    func expired() -> [Int64] {
        let now = clock.now
        return entries.withLock { entries in entries.filter { $0.value.deadline <= now }.map(\.key).sorted() }
    }
}
