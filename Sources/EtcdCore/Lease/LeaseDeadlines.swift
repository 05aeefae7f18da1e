import Foundation
import Synchronization

/// When each lease expires, on the monotonic clock; the store keeps the wall-clock expiry in its `leases` table
/// so the next process to open it goes on counting from there.
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

    /// Tracks a lease granted `ttl` seconds that expires at wall-clock time `expiresAt`.
    func track(_ id: Int64, ttl: Int64, expiresAt: Date) {
        let left = expiresAt.timeIntervalSince(clock.wallTime)
        let deadline = clock.now.advanced(by: .milliseconds(Int64((left * 1000).rounded())))
        entries.withLock { $0[id] = Entry(ttl: ttl, deadline: deadline) }
    }

    /// The wall-clock time a lease of `ttl` seconds granted or renewed now expires.
    func expiry(ttl: Int64) -> Date { clock.wallTime.addingTimeInterval(Double(ttl)) }

    /// The TTL of a lease known here and not yet expired.
    func ttl(_ id: Int64) -> Int64? {
        let now = clock.now
        return entries.withLock { entries in entries[id].flatMap { $0.deadline > now ? $0.ttl : nil } }
    }

    /// Whether a lease known here has run out (it is revoked at the next expiry check).
    func hasExpired(_ id: Int64) -> Bool {
        let now = clock.now
        return entries.withLock { $0[id].map { $0.deadline <= now } ?? false }
    }

    /// Whole seconds left (truncated, as etcd reports them) and the granted TTL; nil if unknown here or expired.
    func remaining(_ id: Int64) -> (ttl: Int64, granted: Int64)? {
        let now = clock.now
        return entries.withLock { entries in
            guard let entry = entries[id], entry.deadline > now else { return nil }
            return (now.duration(to: entry.deadline).components.seconds, entry.ttl)
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
