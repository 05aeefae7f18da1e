import EtcdCore
import Foundation
import ProcessLaunch
import Testing

@Suite("Durability and concurrency")
struct DurabilityTests {
    @Test func writesSurviveAReopen() async throws {
        let test = try TestStore()
        try await test.store.put("k", "v1")
        try await test.store.put("k", "v2")
        _ = try await test.store.compact(2)
        await test.store.close()
        let reopened = try test.reopen()
        let k = try #require(try await reopened.get(Data("k")))
        #expect(k.value.string == "v2" && k.version == 2 && k.modRevision == 3)
        await #expect(throws: EtcdError.compacted) { try await reopened.range(RangeRequest(key: Data("k"), revision: 1)) }
        #expect(try await reopened.put("k", "v3") == 4)
        await reopened.close()
        try? FileManager.default.removeItem(at: test.directory)
    }

    /// The writer gathers a commit's WAL frames in memory and writes them at the commit's sync, in chunks the
    /// unix VFS accepts and straight to the file past its buffer's limit: a 10 MB transaction and small ones
    /// around it must all read back after a reopen.
    @Test func commitsLargerThanTheWALWriteBufferSurviveAReopen() async throws {
        let test = try TestStore()
        try await test.store.put("/before", "small")
        let puts = (0..<100).map { index in
            RequestOp.put(PutRequest(key: Data("/big/\(index)".utf8), value: Data(repeating: UInt8(index), count: 100 * 1024)))
        }
        let big = try await test.store.txn(TxnRequest(success: puts))
        try await test.store.put("/after", "small")
        await test.store.close()

        let reopened = try test.reopen()
        let stored = try await reopened.range(RangeRequest(key: Data("/big/".utf8), rangeEnd: KeyRange.prefixEnd(Data("/big/".utf8))))
        #expect(stored.kvs.count == 100)
        #expect(stored.kvs.allSatisfy { kv in
            let index = UInt8(String(decoding: kv.key.dropFirst(5), as: UTF8.self))!
            return kv.modRevision == big.header.revision && kv.value == Data(repeating: index, count: 100 * 1024)
        })
        #expect(try await reopened.get(Data("/before".utf8))?.value.string == "small")
        #expect(try await reopened.get(Data("/after".utf8))?.modRevision == big.header.revision + 1)
        await reopened.close()
        try? FileManager.default.removeItem(at: test.directory)
    }

    /// A child writes with 8 concurrent writers and is killed with SIGKILL at a random moment, 25 times on one
    /// data directory. After each kill the store must open as it is, hold every write the child printed as
    /// acknowledged, and have one revision per write with no gap.
    @Test func acknowledgedWritesSurviveSIGKILL() async throws {
        try await Self.killRepeatedly(powerLoss: false)
    }

    /// The same with the power-loss VFS under the store (and under its WAL write buffer): every write not yet
    /// synced is in the child's memory only, so the kill drops it as a power cut would. Every acknowledged write
    /// must still be there: the store answers only after `synchronous=FULL` has synced the WAL. (With
    /// `PRAGMA synchronous = OFF` in `SQLiteStore.configureWriter`, this test fails: acknowledged writes go.)
    @Test func acknowledgedWritesSurviveAPowerLoss() async throws {
        try await Self.killRepeatedly(powerLoss: true)
    }

    /// Runs the crash writer 25 times on one data directory, killing it once it has acknowledged a random
    /// number of writes (so a loaded machine that starts it late still kills it mid-work) plus up to 20 ms, and
    /// checks the store after each kill.
    private static func killRepeatedly(powerLoss: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let writer = BuiltProduct.url("etcd-crash-writer")
        try #require(FileManager.default.isExecutableFile(atPath: writer.path), "build etcd-crash-writer first")
        var acknowledged: [String: Revision] = [:]
        let data = directory.appendingPathComponent("data")

        for run in 0..<25 {
            let process = Process()
            process.executableURL = writer
            process.arguments = [data.path, "\(run)"] + (powerLoss ? ["power-loss"] : [])
            let outputFile = directory.appendingPathComponent("run-\(run).out")
            _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
            let output = try FileHandle(forWritingTo: outputFile)
            process.standardOutput = output
            try ProcessLaunch.run(process)
            let target = Int.random(in: 5...40)
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline, process.isRunning,
                (try? Data(contentsOf: outputFile))?.count(where: { $0 == UInt8(ascii: "\n") }) ?? 0 < target
            {
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...20)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? output.close()
            #expect(process.terminationReason == .uncaughtSignal)
            let printed = String(decoding: try Data(contentsOf: outputFile), as: UTF8.self)
            for line in printed.split(separator: "\n") {
                let fields = line.split(separator: " ")
                // A line cut by the kill is not an acknowledgement the child finished reporting.
                guard fields.count == 2, let revision = Revision(fields[1]) else { continue }
                acknowledged[String(fields[0])] = revision
            }

            let store = try SQLiteStore.open(dataDirectory: data.path)
            let all = try await store.range(RangeRequest(key: Data("/crash/"), rangeEnd: KeyRange.prefixEnd(Data("/crash/"))))
            let stored = Dictionary(uniqueKeysWithValues: all.kvs.map { ($0.key.string, $0.modRevision) })
            let missing = acknowledged.filter { stored[$0.key] != $0.value }
            #expect(missing.isEmpty, "after kill \(run): \(missing.count) of \(acknowledged.count) acknowledged writes lost, e.g. \(missing.first.map { "\($0.key) at \($0.value)" } ?? "")")
            // Every key is written once, so the revisions in use must be exactly 2...head.
            #expect(all.kvs.map(\.modRevision).sorted() == (all.header.revision >= 2 ? Array(2...all.header.revision) : []))
            await store.close()
            if !missing.isEmpty { break }
        }
        #expect(acknowledged.count >= 25 * 5, "each run is killed after at least 5 acknowledgements")
    }

    /// Compare-and-swap increments from racing writers, retried on conflict, as kube-apiserver's updates are.
    @Test func racingCompareAndSwapLosesNoUpdate() async throws {
        let test = try TestStore()
        let key = Data("/counter")
        _ = try await test.store.put(PutRequest(key: key, value: Data("0")))
        let writers = 8
        let increments = 40
        let revisions = try await withThrowingTaskGroup(of: [Revision].self) { group in
            for _ in 0..<writers {
                group.addTask {
                    var mine: [Revision] = []
                    while mine.count < increments {
                        let current = try #require(try await test.store.get(key))
                        let next = Data("\(Int(current.value.string)! + 1)")
                        let response = try await test.store.txn(
                            TxnRequest(
                                compare: [Compare(key: key, target: .modRevision(current.modRevision), result: .equal)],
                                success: [.put(PutRequest(key: key, value: next))]))
                        if response.succeeded { mine.append(response.header.revision) }
                    }
                    return mine
                }
            }
            var all: [[Revision]] = []
            for try await mine in group { all.append(mine) }
            return all
        }
        let counter = try #require(try await test.store.get(key))
        #expect(counter.value.string == "\(writers * increments)")
        #expect(counter.version == Int64(writers * increments + 1))
        for mine in revisions { #expect(mine == mine.sorted() && Set(mine).count == mine.count) }
        #expect(revisions.flatMap { $0 }.sorted() == Array(3...Int64(2 + writers * increments)))
        await test.finish()
    }

    @Test func theWALStaysBoundedUnderSustainedWrites() async throws {
        let test = try TestStore {
            $0.walPassiveCheckpointPages = 64
            $0.walTruncateCheckpointPages = 256
        }
        let value = Data(repeating: 0x61, count: 4096)
        var largestWAL: UInt64 = 0
        for round in 0..<20 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<25 {
                            _ = try await test.store.put(PutRequest(key: Data("/w/\(round)/\(writer)/\(index)"), value: value))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: test.path + "-wal")
            largestWAL = max(largestWAL, (attributes?[.size] as? UInt64) ?? 0)
        }
        // 8 MiB of values were written; with checkpoints the WAL never holds much more than the threshold.
        #expect(largestWAL < 3 * 1024 * 1024, "WAL grew to \(largestWAL) bytes")
        await test.finish()
    }
}
