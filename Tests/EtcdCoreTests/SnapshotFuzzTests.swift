import EtcdCore
import Foundation
import RobustnessKit
import Testing

/// A seeded mutation-fuzzing pass over snapshot files: a real snapshot with bytes flipped, cut and repeated is
/// checked, restored without its hash check and opened as a store, whose every read must then return or throw.
@Suite(.serialized) struct SnapshotFuzzTests {
    @Test func corruptSnapshotsAreRefusedOrReadableNeverFatal() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-snapfuzz-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var configuration = SQLiteStore.Configuration()
        configuration.maxIdleReaders = 1
        configuration.leaseCheckInterval = nil
        configuration.externalCommitCheckInterval = nil
        let source = try SQLiteStore.open(dataDirectory: scratch.appendingPathComponent("source").path, configuration: configuration)
        let lease = try await source.leaseGrant(ttl: 600, id: 7)
        for index in 0..<40 {
            _ = try await source.put(
                PutRequest(key: Data("/registry/k\(index % 9)".utf8), value: Data("value \(index)".utf8), lease: index % 5 == 0 ? lease.id : 0))
        }
        _ = try await source.deleteRange(DeleteRangeRequest(key: Data("/registry/k3".utf8)))
        let snapshot = scratch.appendingPathComponent("good.db").path
        _ = try await source.snapshot(to: snapshot)
        await source.close()

        var fuzzer = MutationFuzzer(seed: robustnessSeed(), corpus: [[UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshot)))])
        fuzzer.maxLength = 1 << 20
        var opened = 0
        let started = ContinuousClock.now
        for round in 0..<120 {
            let input = fuzzer.next(round)
            let file = scratch.appendingPathComponent("in-\(round).db").path
            try Data(input).write(to: URL(fileURLWithPath: file))
            _ = try? SQLiteStore.snapshotStatus(path: file)
            let target = scratch.appendingPathComponent("restored-\(round)").path
            if (try? SQLiteStore.restore(snapshot: file, toDataDirectory: target, skipHashCheck: true)) != nil,
                let store = try? SQLiteStore.open(dataDirectory: target, configuration: configuration)
            {
                opened += 1
                _ = try? await store.range(RangeRequest(key: Data([0]), rangeEnd: Data([0])))
                _ = try? await store.range(RangeRequest(key: Data([0]), rangeEnd: Data([0]), revision: 5))
                _ = try? await store.leaseTimeToLive(id: 7, keys: true)
                _ = try? await store.put(PutRequest(key: Data("/registry/after".utf8), value: Data("x".utf8)))
                _ = try? await store.status()
                await store.close()
            }
            try? FileManager.default.removeItem(atPath: file)
            try? FileManager.default.removeItem(atPath: target)
        }
        print("fuzz snapshots: 120 inputs, \(opened) restored and opened, \(ContinuousClock.now - started)")
        #expect(opened > 0)
    }
}
