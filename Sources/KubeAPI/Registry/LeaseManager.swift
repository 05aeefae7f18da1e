import EtcdCore
import Foundation
import Synchronization

/// The etcd leases objects with a TTL are written with (events, `--event-ttl`), shared as kube-apiserver's
/// `storage/etcd3/lease_manager.go` shares them, so that a burst of writes does not grant a lease each:
/// a lease is granted for the TTL plus a reuse window (min(60 s, 5 % of the TTL)) and attached to the writes of
/// that window, up to 1000 of them; a key therefore expires between TTL and TTL + window after its last write.
final class LeaseManager: Sendable {
    let store: any KeyValueStore
    /// The TTL asked for, in seconds.
    let ttl: Int64
    let now: @Sendable () -> Date
    static let reuseSeconds: Int64 = 60
    static let reusePercent = 0.05
    static let maxAttachedObjects: Int64 = 1000

    private struct Current {
        var id: Int64 = 0
        var expires = Date.distantPast
        var attached: Int64 = 0
    }
    private let current = Mutex(Current())

    init(store: any KeyValueStore, ttl: Int64, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.ttl = ttl
        self.now = now
    }

    /// How long a lease is reused: min(60 s, 5 % of the TTL).
    var reuseWindow: Int64 { min(Self.reuseSeconds, Int64(Self.reusePercent * Double(ttl))) }

    /// The lease for one more write: the current one while it expires no sooner than the TTL from now and has
    /// fewer than 1000 writes, else a new one granted for TTL + window.
    func lease() async throws -> Int64 {
        let time = now()
        let window = reuseWindow
        let reused: Int64? = current.withLock { lease in
            lease.attached += 1
            let valid = time.addingTimeInterval(TimeInterval(ttl)) < lease.expires
            let sufficient = time.addingTimeInterval(TimeInterval(ttl + window)) > lease.expires
            return valid && sufficient && lease.attached <= Self.maxAttachedObjects ? lease.id : nil
        }
        if let reused { return reused }
        // Granted outside the lock: two writers racing here may both grant, which only costs a lease.
        let granted = try await store.leaseGrant(ttl: ttl + window, id: 0)
        current.withLock { lease in
            lease = Current(id: granted.id, expires: time.addingTimeInterval(TimeInterval(ttl + window)), attached: 1)
        }
        return granted.id
    }
}
