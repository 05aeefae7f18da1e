import Foundation
import KubeAPI
import Synchronization

/// Elects one leader among candidates through a Lease, as client-go's `leaderelection` package does for
/// kube-controller-manager and kube-scheduler; only the leader runs its loops.
///
/// Each try reads the Lease through the API. A candidate takes it when it is absent (create), or when its
/// holder has not changed the record for `leaseDuration` as this candidate saw it (its own monotonic clock, not
/// the record's `renewTime`, so clocks need not agree): it writes itself as `holderIdentity` with a new
/// `acquireTime` and `leaseTransitions` one higher, with the read's resourceVersion as precondition, so of two
/// candidates only one succeeds. The leader renews (`renewTime`) every `retryPeriod`; when it could not renew
/// for `renewDeadline` it stops leading: its loops are cancelled before anything else happens, then it is a
/// candidate again (the real components exit there, and their static pod restarts them).
public final class LeaderElector: Sendable {
    private struct Observed {
        var spec: JSONValue?
        var time: ContinuousClock.Instant
    }

    public let config: LeaderElectionConfig
    private let api: any ClusterAPI
    private let clock: any ClusterClock
    private let log: @Sendable (String) -> Void
    private let observed = Mutex<Observed?>(nil)
    private let leading = Mutex(false)

    public init(
        api: any ClusterAPI, config: LeaderElectionConfig, clock: any ClusterClock = WallClock(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.api = api
        self.config = config
        self.clock = clock
        self.log = log
    }

    /// Whether this candidate leads now.
    public var isLeader: Bool { leading.withLock { $0 } }

    private var lockName: String { "\(config.namespace)/\(config.name)" }

    /// Until cancelled: waits to be elected, runs `lead` while leading (cancelling it when leadership is lost),
    /// and stands again.
    public func run(lead: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            log("attempting to acquire leader lease \(lockName) as \(config.identity)...")
            guard await acquire() else { return }
            leading.withLock { $0 = true }
            log("successfully acquired lease \(lockName)")
            let loops = Task { await lead() }
            await renewUntilLost()
            leading.withLock { $0 = false }
            loops.cancel()
            await loops.value
            if Task.isCancelled { return }
            log("leaderelection lost: failed to renew lease \(lockName) within \(config.renewDeadline)")
        }
    }

    /// Tries every `retryPeriod` (with client-go's jitter of up to 1.2×) until elected; false when cancelled.
    private func acquire() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() { return true }
            try? await Task.sleep(for: config.retryPeriod * Double.random(in: 1...2.2))
        }
        return false
    }

    /// Renews every `retryPeriod` while it can; returns once renewals failed for `renewDeadline`, or on
    /// cancellation.
    private func renewUntilLost() async {
        var lastRenewal = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: config.retryPeriod)
            let remaining = config.renewDeadline - (ContinuousClock.now - lastRenewal)
            if remaining > .zero, await within(remaining, { await self.tryAcquireOrRenew() }) {
                lastRenewal = ContinuousClock.now
            } else if ContinuousClock.now - lastRenewal >= config.renewDeadline {
                return
            }
        }
    }

    /// One try: creates the Lease, takes it over, or renews it; true when this candidate holds it afterwards.
    func tryAcquireOrRenew() async -> Bool {
        let now = clock.now()
        let options = WriteOptions(fieldManager: config.fieldManager)
        let lease: KubeObject
        do {
            lease = try await api.get(BuiltinResources.leases, namespace: config.namespace, name: config.name)
        } catch let error as StatusError where error.code == 404 {
            let object: JSONValue = [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": ["name": .string(config.name), "namespace": .string(config.namespace)],
                "spec": record(now: now, acquiredAt: now, transitions: 0),
            ]
            do {
                let created = try await api.create(BuiltinResources.leases, namespace: config.namespace, object: object, options: options)
                observe(created.spec)
                return true
            } catch {
                log("error initially creating leader election record: \(error)")
                return false
            }
        } catch {
            log("error retrieving resource lock \(lockName): \(error)")
            return false
        }
        let spec = lease.spec ?? .emptyObject
        let observedAt = observe(spec)
        let holder = spec["holderIdentity"]?.stringValue ?? ""
        let isMine = holder == config.identity
        if !holder.isEmpty && !isMine && ContinuousClock.now - observedAt < leaseDuration(of: spec) {
            return false
        }
        let transitions = spec["leaseTransitions"]?.intValue ?? 0
        var updated = lease.json
        updated["spec"] = record(
            now: now,
            acquiredAt: isMine ? nil : now,
            transitions: isMine ? transitions : transitions + 1,
            keeping: isMine ? spec["acquireTime"] : nil)
        do {
            let written = try await api.update(
                BuiltinResources.leases, namespace: config.namespace, name: config.name, object: updated, options: options)
            observe(written.spec)
            return true
        } catch {
            log("Failed to update lock: \(error)")
            return false
        }
    }

    /// The record this candidate writes as holder.
    private func record(now: Date, acquiredAt: Date?, transitions: Int64, keeping acquireTime: JSONValue? = nil) -> JSONValue {
        var spec: JSONValue = [
            "holderIdentity": .string(config.identity),
            "leaseDurationSeconds": .int(Int64(config.leaseDuration.components.seconds)),
            "renewTime": .string(NodeLease.microTime(now)), "leaseTransitions": .int(transitions),
        ]
        if let acquiredAt {
            spec["acquireTime"] = .string(NodeLease.microTime(acquiredAt))
        } else if let acquireTime {
            spec["acquireTime"] = acquireTime
        }
        return spec
    }

    /// Notes the record as seen now when it differs from the last one seen; returns when it was first seen.
    @discardableResult
    private func observe(_ spec: JSONValue?) -> ContinuousClock.Instant {
        observed.withLock { observed in
            if let seen = observed, seen.spec == spec { return seen.time }
            observed = Observed(spec: spec, time: ContinuousClock.now)
            return observed!.time
        }
    }

    /// The holder's lease duration (its record's, else this candidate's).
    private func leaseDuration(of spec: JSONValue) -> Duration {
        spec["leaseDurationSeconds"]?.intValue.map { .seconds($0) } ?? config.leaseDuration
    }

    /// `body`'s answer, or false when it did not answer within `limit` (it is then cancelled).
    private func within(_ limit: Duration, _ body: @escaping @Sendable () async -> Bool) async -> Bool {
        await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? false
        }
    }
}
