import Controllers
import Foundation
import KubeAPI
import Synchronization
import Testing

/// Leader election through a coordination.k8s.io Lease, as client-go elects kube-controller-manager and
/// kube-scheduler (durations shortened: lease 2 s, renew deadline 1 s, retry 0.2 s).
@Suite(.serialized)
struct LeaderElectorTests {
    private func config(_ identity: String) -> LeaderElectionConfig {
        LeaderElectionConfig(
            name: "kube-controller-manager", identity: identity, fieldManager: "kube-controller-manager",
            leaseDuration: .seconds(2), renewDeadline: .seconds(1), retryPeriod: .milliseconds(200))
    }

    private func lease(_ registry: Registry) async throws -> JSONValue {
        try #require(try await registry.get(BuiltinResources.leases, namespace: "kube-system", name: "kube-controller-manager").spec)
    }

    @Test func identityIsHostnameUnderscoreUUID() {
        let identity = LeaderElectionConfig.identity(hostname: "controlplane01")
        #expect(identity.hasPrefix("controlplane01_"))
        #expect(UUID(uuidString: String(identity.dropFirst("controlplane01_".count))) != nil)
    }

    @Test func onlyOneCandidateLeadsAndTheOtherTakesOverWithinTheLeaseDurationWhenItDies() async throws {
        let harness = try await ClusterHarness(controllers: [])
        defer { Task { await harness.finish() } }
        let first = LeaderElector(api: harness.registry, config: config("a_1"))
        let second = LeaderElector(api: harness.registry, config: config("b_2"))
        let leaders = Box<[String]>([])
        let runFirst = Task { await first.run { leaders.withLock { $0.append("a_1") }; await Self.untilCancelled() } }
        while !first.isLeader { try await Task.sleep(for: .milliseconds(20)) }
        let runSecond = Task { await second.run { leaders.withLock { $0.append("b_2") }; await Self.untilCancelled() } }
        try await Task.sleep(for: .seconds(3))
        #expect(leaders.withLock { $0 } == ["a_1"])
        var spec = try await lease(harness.registry)
        #expect(spec["holderIdentity"]?.stringValue == "a_1")
        #expect(spec["leaseDurationSeconds"]?.intValue == 2)
        #expect(spec["leaseTransitions"]?.intValue == 0)

        // The leader dies without releasing its Lease: the other takes it once it has seen no renewal for 2 s.
        runFirst.cancel()
        await runFirst.value
        let died = ContinuousClock.now
        while !second.isLeader && ContinuousClock.now - died < .seconds(10) { try await Task.sleep(for: .milliseconds(50)) }
        let takeover = ContinuousClock.now - died
        #expect(second.isLeader)
        #expect(takeover < .seconds(2) + .milliseconds(200) * 2.2 + .milliseconds(500), "took \(takeover)")
        spec = try await lease(harness.registry)
        #expect(spec["holderIdentity"]?.stringValue == "b_2")
        #expect(spec["leaseTransitions"]?.intValue == 1)
        // The new leader's work starts after it has taken the Lease.
        let elected = ContinuousClock.now
        while leaders.withLock({ $0.count }) < 2 && ContinuousClock.now - elected < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(leaders.withLock { $0 } == ["a_1", "b_2"])
        runSecond.cancel()
        await runSecond.value
    }

    @Test func aLeaderThatCannotRenewStopsItsLoopsWithinTheRenewDeadline() async throws {
        let harness = try await ClusterHarness(controllers: [])
        defer { Task { await harness.finish() } }
        let elector = LeaderElector(api: harness.registry, config: config("a_1"))
        let stoppedAt = Box<ContinuousClock.Instant?>(nil)
        let run = Task {
            await elector.run {
                await Self.untilCancelled()
                stoppedAt.withLock { $0 = $0 ?? ContinuousClock.now }
            }
        }
        while !elector.isLeader { try await Task.sleep(for: .milliseconds(20)) }
        // Someone else holds the record now (as after a partition): the leader's renewals fail.
        var object = try await harness.registry.get(BuiltinResources.leases, namespace: "kube-system", name: "kube-controller-manager").json
        object["spec"]?["holderIdentity"] = "intruder_9"
        _ = try await harness.registry.update(
            BuiltinResources.leases, namespace: "kube-system", name: "kube-controller-manager", object: object)
        let taken = ContinuousClock.now
        while stoppedAt.withLock({ $0 }) == nil && ContinuousClock.now - taken < .seconds(10) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let stopped = try #require(stoppedAt.withLock { $0 })
        #expect(stopped - taken < .seconds(1) + .milliseconds(600), "stopped after \(stopped - taken)")
        #expect(!elector.isLeader)
        run.cancel()
        await run.value
    }

    /// A value the elector's closures and the test share.
    private final class Box<Value: Sendable>: Sendable {
        private let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
    }

    private static func untilCancelled() async {
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
    }
}
