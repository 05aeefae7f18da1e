import EtcdCore
import EtcdSnapshot
import Foundation
import RobustnessKit
import Testing

/// Damaged snapshot files: refused with an error naming the file, never a crash, never a data directory.
@Suite(.serialized) struct SnapshotFuzzTests {
    /// A good snapshot of a store with history, leases, a deletion and a compaction.
    static func goodSnapshot(in scratch: URL) async throws -> [UInt8] {
        let store = try await SnapshotRoundTripTests.populatedStore(at: scratch.appendingPathComponent("source"))
        defer { Task { await store.close() } }
        let member = SnapshotMember(id: 1, name: "default", peerURLs: [], clientURLs: [])
        return SnapshotExporter(fallbackMember: member).file(from: try store.image())
    }

    @Test func truncatedAndTamperedFilesAreRefusedAndNoDirectoryIsMade() async throws {
        let scratch = SnapshotRoundTripTests.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let good = try await Self.goodSnapshot(in: scratch)
        let file = scratch.appendingPathComponent("bad.db").path
        let target = scratch.appendingPathComponent("restored").path

        var flipped = good
        flipped[5000] ^= 0x01
        let cases: [(name: String, bytes: [UInt8], skip: Bool, reason: String)] = [
            ("empty", [], true, "file too small"),
            ("hash only", Array(good.suffix(32)), false, "integrity check failed"),
            ("cut at a page", Array(good.prefix(8192)), true, "database claims"),
            ("cut mid-page", Array(good.prefix(good.count - 4000)), false, "missing hash"),
            ("one bit flipped", flipped, false, "integrity check failed"),
            ("metas zeroed", [UInt8](repeating: 0, count: 8192) + good.dropFirst(8192), true, "invalid database"),
        ]
        for test in cases {
            try Data(test.bytes).write(to: URL(fileURLWithPath: file))
            let error = #expect(throws: SnapshotError.self, "\(test.name)") {
                try SnapshotImporter.restore(path: file, toDataDirectory: target, skipHashCheck: test.skip)
            }
            #expect(error?.path == file, "\(test.name)")
            #expect(error?.description.contains(test.reason) == true, "\(test.name): \(String(describing: error))")
            #expect(!FileManager.default.fileExists(atPath: target), "\(test.name)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.contains("restore") }
        #expect(leftovers.isEmpty, "no scratch directory is left behind")
    }

    @Test func mutatedSnapshotsAreRefusedOrRestoredNeverFatal() async throws {
        let scratch = SnapshotRoundTripTests.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let good = try await Self.goodSnapshot(in: scratch)
        var fuzzer = MutationFuzzer(seed: robustnessSeed(), corpus: [good])
        fuzzer.maxLength = 1 << 20
        var restored = 0
        var refused = 0
        for round in 0..<150 {
            let input = fuzzer.next(round)
            let file = scratch.appendingPathComponent("in-\(round).db").path
            try Data(input).write(to: URL(fileURLWithPath: file))
            _ = try? SnapshotImporter.status(path: file)
            let target = scratch.appendingPathComponent("restored-\(round)").path
            do {
                try SnapshotImporter.restore(path: file, toDataDirectory: target, skipHashCheck: true)
                let store = try SQLiteStore.open(dataDirectory: target, configuration: SnapshotRoundTripTests.configuration())
                _ = try? await store.range(RangeRequest(key: Data([0]), rangeEnd: Data([0])))
                _ = try? await store.put(PutRequest(key: Data("/registry/after".utf8), value: Data("x".utf8)))
                await store.close()
                restored += 1
            } catch let error as SnapshotError {
                #expect(error.path == file)
                #expect(!FileManager.default.fileExists(atPath: target))
                refused += 1
            }
            try? FileManager.default.removeItem(atPath: file)
            try? FileManager.default.removeItem(atPath: target)
        }
        print("fuzzed snapshots: 150 inputs, \(restored) restored, \(refused) refused")
        #expect(restored > 0 && refused > 0)
    }
}
