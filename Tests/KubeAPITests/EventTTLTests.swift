import EtcdCore
import Foundation
import KubeAPI
import Synchronization
import Testing

/// Events are written with an etcd lease, as kube-apiserver's `--event-ttl` does.
@Suite("Registry: event TTL", .serialized)
struct EventTTLTests {
    /// A clock the test moves.
    final class TestClock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_750_000_000))
        func now() -> Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func event(_ name: String, count: Int64 = 1) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Event", "metadata": ["name": .string(name)],
            "involvedObject": ["kind": "Pod", "name": "web", "namespace": "default"], "reason": "Scheduled",
            "message": "Successfully assigned default/web to node1", "type": "Normal", "count": .int(count),
            "source": ["component": "default-scheduler"],
        ]
    }

    static func lease(_ fixture: RegistryFixture, _ name: String) async throws -> Int64 {
        try #require(try await fixture.store.get(Data("/registry/events/default/\(name)".utf8))).lease
    }

    static func registry(_ fixture: RegistryFixture, clock: TestClock, ttl: Int64 = 3600) -> Registry {
        Registry(store: fixture.store, now: { clock.now() }, eventTTL: ttl)
    }

    @Test func anEventIsWrittenWithALeaseOfTheTTLAndAMinute() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.create(Self.event("web.1"))
        let lease = try await Self.lease(fixture, "web.1")
        #expect(lease != 0)
        let live = try await fixture.store.leaseTimeToLive(id: lease, keys: true)
        #expect(live.grantedTTL == 3660)
        #expect(live.keys == [Data("/registry/events/default/web.1".utf8)])
        #expect(created.json["count"] == 1)
        await fixture.finish()
    }

    @Test func writesWithinAMinuteShareALease() async throws {
        let fixture = try await RegistryFixture()
        let clock = TestClock()
        let registry = Self.registry(fixture, clock: clock)
        let events = fixture.type("events")
        _ = try await registry.create(events, namespace: nil, object: Self.event("web.1"))
        clock.advance(59)
        _ = try await registry.create(events, namespace: nil, object: Self.event("web.2"))
        #expect(try await Self.lease(fixture, "web.1") == Self.lease(fixture, "web.2"))
        clock.advance(2)
        _ = try await registry.create(events, namespace: nil, object: Self.event("web.3"))
        #expect(try await Self.lease(fixture, "web.3") != Self.lease(fixture, "web.2"), "a lease is reused for 60 s only")
        #expect(try await fixture.store.leases().count == 2)
        await fixture.finish()
    }

    @Test func anUpdatedEventMovesToTheCurrentLease() async throws {
        let fixture = try await RegistryFixture()
        let clock = TestClock()
        let registry = Self.registry(fixture, clock: clock)
        let events = fixture.type("events")
        _ = try await registry.create(events, namespace: nil, object: Self.event("web.1"))
        let first = try await Self.lease(fixture, "web.1")
        clock.advance(600)
        _ = try await registry.patch(
            events, namespace: nil, name: "web.1", patchType: .merge, body: (["count": 2] as JSONValue).jsonData(), options: WriteOptions())
        let second = try await Self.lease(fixture, "web.1")
        #expect(second != first, "the event lives an hour after its last write")
        #expect(try await fixture.store.leaseTimeToLive(id: second, keys: false).grantedTTL == 3660)
        let unchanged = try await fixture.revision()
        _ = try await registry.patch(
            events, namespace: nil, name: "web.1", patchType: .merge, body: (["count": 2] as JSONValue).jsonData(), options: WriteOptions())
        #expect(try await fixture.revision() == unchanged, "a write that changes nothing takes no lease")
        await fixture.finish()
    }

    @Test func theReuseWindowIsFivePercentOfAShortTTL() async throws {
        let fixture = try await RegistryFixture()
        let clock = TestClock()
        let registry = Self.registry(fixture, clock: clock, ttl: 600)
        let events = fixture.type("events")
        _ = try await registry.create(events, namespace: nil, object: Self.event("web.1"))
        let lease = try await Self.lease(fixture, "web.1")
        #expect(try await fixture.store.leaseTimeToLive(id: lease, keys: false).grantedTTL == 630)
        clock.advance(29)
        _ = try await registry.create(events, namespace: nil, object: Self.event("web.2"))
        #expect(try await Self.lease(fixture, "web.2") == lease)
        clock.advance(2)
        _ = try await registry.create(events, namespace: nil, object: Self.event("web.3"))
        #expect(try await Self.lease(fixture, "web.3") != lease)
        await fixture.finish()
    }

    @Test func otherObjectsHaveNoLease() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(RegistryFixture.pod("web"))
        #expect(try #require(try await fixture.store.get(Data("/registry/pods/default/web".utf8))).lease == 0)
        await fixture.finish()
    }
}
