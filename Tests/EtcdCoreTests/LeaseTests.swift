import EtcdCore
import Foundation
import Testing

/// Lease semantics, as etcd's `lease/lessor.go` defines them; time moves by a manual clock.
@Suite("Lease", .serialized)
struct LeaseTests {
    @Test func grantRaisesShortTTLsToTheMinimum() async throws {
        let test = try TestStore()
        #expect(try await test.store.leaseGrant(ttl: 1, id: 0).ttl == 2)
        #expect(try await test.store.leaseGrant(ttl: 60, id: 0).ttl == 60)
        await #expect(throws: EtcdError.leaseTTLTooLarge) {
            try await test.store.leaseGrant(ttl: LeaseLimits.maximumTTL + 1, id: 0)
        }
        await test.finish()
    }

    @Test func grantWithAnExistingIDFails() async throws {
        let test = try TestStore()
        _ = try await test.store.leaseGrant(ttl: 10, id: 42)
        await #expect(throws: EtcdError.leaseExists) { try await test.store.leaseGrant(ttl: 10, id: 42) }
        #expect(try await test.store.leases() == [42])
        await test.finish()
    }

    @Test func expiryDeletesAttachedKeysAtOneRevision() async throws {
        let test = try TestStore()
        let lease = try await test.store.leaseGrant(ttl: 10, id: 0).id
        try await test.store.put("/events/a", "1", lease: lease)
        try await test.store.put("/events/b", "2", lease: lease)
        try await test.store.put("/kept", "3")
        let watch = try await test.store.watch(WatchRequest(key: Data("/events/"), rangeEnd: KeyRange.prefixEnd(Data("/events/"))))

        test.clock.advance(by: .seconds(9))
        #expect(try await test.store.revokeExpiredLeases().isEmpty)
        test.clock.advance(by: .seconds(2))
        #expect(try await test.store.revokeExpiredLeases() == [lease])

        let events = try await WatchTests.events(watch, count: 2)
        #expect(events.map(\.type) == [.delete, .delete] && Set(events.map(\.kv.modRevision)) == [5])
        #expect(try await test.store.get(Data("/events/a")) == nil)
        #expect(try await test.store.get(Data("/kept")) != nil)
        let ttl = try await test.store.leaseTimeToLive(id: lease, keys: true)
        #expect(ttl.ttl == -1 && ttl.grantedTTL == 0)
        await test.finish()
    }

    @Test func keepAliveRenewsTheFullTTL() async throws {
        let test = try TestStore()
        let lease = try await test.store.leaseGrant(ttl: 10, id: 0).id
        test.clock.advance(by: .seconds(8))
        #expect(try await test.store.leaseTimeToLive(id: lease, keys: false).ttl == 2)
        #expect(try await test.store.leaseKeepAlive(id: lease).ttl == 10)
        test.clock.advance(by: .seconds(8))
        #expect(try await test.store.revokeExpiredLeases().isEmpty)
        let ttl = try await test.store.leaseTimeToLive(id: lease, keys: false)
        #expect(ttl.ttl == 2 && ttl.grantedTTL == 10)
        await #expect(throws: EtcdError.leaseNotFound) { try await test.store.leaseKeepAlive(id: 999) }
        await test.finish()
    }

    @Test func timeToLiveListsAttachedKeys() async throws {
        let test = try TestStore()
        let lease = try await test.store.leaseGrant(ttl: 30, id: 7).id
        try await test.store.put("b", "x", lease: lease)
        try await test.store.put("a", "x", lease: lease)
        let ttl = try await test.store.leaseTimeToLive(id: lease, keys: true)
        #expect(ttl.keys.map(\.string) == ["a", "b"] && ttl.grantedTTL == 30 && ttl.ttl == 30)
        // Re-putting a key without the lease detaches it.
        try await test.store.put("a", "y")
        #expect(try await test.store.leaseTimeToLive(id: lease, keys: true).keys.map(\.string) == ["b"])
        await test.finish()
    }

    @Test func revokeDeletesKeysAndUnknownLeasesFail() async throws {
        let test = try TestStore()
        let lease = try await test.store.leaseGrant(ttl: 30, id: 0).id
        try await test.store.put("x", "1", lease: lease)
        let header = try await test.store.leaseRevoke(id: lease)
        #expect(header.revision == 3, "a grant writes no revision; the put is 2 and the revoke's delete 3")
        #expect(try await test.store.get(Data("x")) == nil)
        await #expect(throws: EtcdError.leaseNotFound) { try await test.store.leaseRevoke(id: lease) }
        await #expect(throws: EtcdError.leaseNotFound) { try await test.store.put("y", "1", lease: lease) }
        await test.finish()
    }

    /// etcd's leader gives every lease its full TTL again when it starts (lessor `Promote` with the election
    /// timeout): the real etcd 3.4 reports `remaining(20s)` for a 20 s lease 6 s old right after a restart.
    @Test func aReopenGivesEveryLeaseItsFullTTLAgain() async throws {
        let test = try TestStore()
        let lease = try await test.store.leaseGrant(ttl: 20, id: 0).id
        try await test.store.put("k", "v", lease: lease)
        test.clock.advance(by: .seconds(15))
        await test.store.close()
        test.clock.advance(by: .seconds(60))
        let reopened = try test.reopen()
        #expect(try await reopened.leases() == [lease])
        // 21 s left: the TTL and the election timeout; a read a moment later shows 20, as the real etcd's does.
        test.clock.advance(by: .milliseconds(1))
        let ttl = try await reopened.leaseTimeToLive(id: lease, keys: true)
        #expect(ttl.ttl == 20 && ttl.grantedTTL == 20)
        #expect(try await reopened.revokeExpiredLeases().isEmpty)
        test.clock.advance(by: .seconds(20))
        #expect(try await reopened.revokeExpiredLeases().isEmpty, "the promotion adds etcd's 1 s election timeout")
        test.clock.advance(by: .seconds(1))
        #expect(try await reopened.revokeExpiredLeases() == [lease])
        #expect(try await reopened.get(Data("k")) == nil)
        await reopened.close()
        try? FileManager.default.removeItem(at: test.directory)
    }

    /// A store opened without promotion (a one-shot command, a client of the member) goes on counting from the
    /// expiry the last process stored, and revokes what ran out meanwhile.
    @Test func aReopenWithoutPromotionKeepsCounting() async throws {
        let test = try TestStore()
        let lease = try await test.store.leaseGrant(ttl: 20, id: 0).id
        try await test.store.put("k", "v", lease: lease)
        test.clock.advance(by: .seconds(15))
        await test.store.close()
        let reopened = try test.reopen(promotingLeases: false)
        #expect(try await reopened.leaseTimeToLive(id: lease, keys: true).ttl == 5)
        test.clock.advance(by: .seconds(6))
        #expect(try await reopened.revokeExpiredLeases() == [lease])
        #expect(try await reopened.get(Data("k")) == nil)
        await reopened.close()
        try? FileManager.default.removeItem(at: test.directory)
    }

    @Test func keepAliveIsDurable() async throws {
        let test = try TestStore()
        let lease = try await test.store.leaseGrant(ttl: 10, id: 0).id
        test.clock.advance(by: .seconds(8))
        _ = try await test.store.leaseKeepAlive(id: lease)
        await test.store.close()
        let reopened = try test.reopen(promotingLeases: false)
        #expect(try await reopened.leaseTimeToLive(id: lease, keys: false).ttl == 10)
        await reopened.close()
        try? FileManager.default.removeItem(at: test.directory)
    }
}
