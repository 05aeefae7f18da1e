import EtcdCore
import Foundation
import Testing

/// Defragmentation and the space quota, as etcd's `backend.Defrag` and `quota.go` define them: compaction frees
/// pages without shrinking the file, defragmentation shrinks it; a write that would grow the backend past the
/// quota raises NOSPACE, and growing writes stay refused until the alarm is disarmed.
@Suite("Defragment and quota", .serialized)
struct DefragmentAndQuotaTests {
    static let large = String(repeating: "x", count: 20_000)

    /// Fills the store with history: `count` puts of a 20 kB value over three keys.
    static func fill(_ store: SQLiteStore, count: Int) async throws {
        for index in 0..<count { try await store.put("/big/\(index % 3)", large) }
    }

    @Test func compactionAloneKeepsTheSizeAndDefragmentShrinksIt() async throws {
        let test = try TestStore()
        try await Self.fill(test.store, count: 60)
        let before = try await test.store.status()
        _ = try await test.store.compact(before.header.revision)
        try await test.store.waitForCompactionSweep()
        let compacted = try await test.store.status()
        #expect(compacted.dbSize == before.dbSize, "compaction frees pages but keeps them in the file, as bbolt's")
        #expect(compacted.dbSizeInUse < compacted.dbSize / 2)
        try await test.store.defragment()
        let after = try await test.store.status()
        #expect(after.dbSize < before.dbSize / 4, "\(before.dbSize) -> \(after.dbSize)")
        #expect(after.dbSizeInUse == after.dbSize, "no free pages are left")
        #expect(after.header.revision == before.header.revision, "defragmenting writes no revision")
        #expect(try await test.store.get(Data("/big/2"))?.value.count == 20_000)
        await test.finish()
    }

    @Test func writesDuringADefragmentAreKept() async throws {
        let test = try TestStore()
        try await Self.fill(test.store, count: 30)
        _ = try await test.store.compact(try await test.store.status().header.revision)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await test.store.defragment() }
            for index in 0..<50 { group.addTask { try await test.store.put("/during/\(index)", "v\(index)") } }
            try await group.waitForAll()
        }
        #expect(try await test.store.range(RangeRequest(key: Data("/during/"), rangeEnd: Data("/during0"))).count == 50)
        await test.store.close()
        let reopened = try test.reopen()
        #expect(try await reopened.range(RangeRequest(key: Data("/during/"), rangeEnd: Data("/during0"))).count == 50)
        await reopened.close()
        try? FileManager.default.removeItem(at: test.directory)
    }

    @Test func outgrowingTheQuotaRaisesNoSpaceAndTheDocumentedRecoveryRestoresWrites() async throws {
        let test = try TestStore { $0.quotaBackendBytes = 400_000 }
        var refused: (any Error)?
        for index in 0..<100 {
            do { try await test.store.put("/big/\(index % 3)", Self.large) } catch {
                refused = error
                break
            }
        }
        #expect(refused as? EtcdError == .noSpace)
        #expect(EtcdError.noSpace.description == "etcdserver: mvcc: database space exceeded")
        let alarm = AlarmMember(memberID: test.store.memberID, alarm: .noSpace)
        #expect(try await test.store.alarms() == [alarm])
        #expect(alarm.text == "memberID:\(test.store.memberID) alarm:NOSPACE ")

        // Reads, deletes and compaction go on; growing writes and lease grants do not, even small ones.
        #expect(try await test.store.get(Data("/big/0")) != nil)
        #expect(try await test.store.deleteRange(DeleteRangeRequest(key: Data("/big/2"))).deleted == 1)
        await #expect(throws: EtcdError.noSpace) { try await test.store.put("small", "v") }
        await #expect(throws: EtcdError.noSpace) { try await test.store.leaseGrant(ttl: 60, id: 0) }
        let revision = try await test.store.status().header.revision
        _ = try await test.store.compact(revision)
        try await test.store.defragment()
        #expect(try await test.store.status().dbSize < 400_000)
        await #expect(throws: EtcdError.noSpace, "the alarm holds until disarmed") { try await test.store.put("small", "v") }
        #expect(try await test.store.deactivate(alarm) == alarm)
        #expect(try await test.store.deactivate(alarm) == nil)
        #expect(try await test.store.alarms().isEmpty)
        try await test.store.put("small", "v")
        await test.finish()
    }

    @Test func alarmsSurviveARestart() async throws {
        let test = try TestStore()
        let alarm = AlarmMember(memberID: test.store.memberID, alarm: .noSpace)
        #expect(try await test.store.activate(alarm) == alarm)
        #expect(try await test.store.activate(alarm) == alarm, "raising it again changes nothing")
        await test.store.close()
        let reopened = try test.reopen()
        #expect(try await reopened.alarms() == [alarm])
        await #expect(throws: EtcdError.noSpace) { try await reopened.put("k", "v") }
        _ = try await reopened.deleteRange(DeleteRangeRequest(key: Data("k")))
        await reopened.close()
        try? FileManager.default.removeItem(at: test.directory)
    }

    @Test func aNegativeQuotaDisablesItAndZeroIsEtcdsDefault() {
        #expect(SpaceQuota(quotaBackendBytes: 0).bytes == Int64(2_147_483_648))
        #expect(SpaceQuota(quotaBackendBytes: -1).bytes == nil)
        #expect(SpaceQuota(quotaBackendBytes: 4096).bytes == 4096)
    }
}
