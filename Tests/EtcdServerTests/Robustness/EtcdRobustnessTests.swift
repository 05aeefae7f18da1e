import EtcdCore
import EtcdServer
import Foundation
import ProcessLaunch
import RobustnessKit
import Synchronization
import Testing

/// etcd's robustness testing in small: a random workload of puts, deletes, transactions, leases and a watch
/// through the etcd endpoint, with faults injected, then the history checked for linearizability against a
/// model of etcd's KV and the watch for etcd's guarantees. Each run prints its seed; replay a failure with
/// `KUBESIM_ROBUSTNESS_SEED=<seed> swift test --skip-build --filter EtcdRobustnessTests`.
@Suite(.serialized) struct EtcdRobustnessTests {
    /// An etcd server in this process on a store (in `directory`, else a new temporary one) whose failpoints the
    /// test sets while the workload runs.
    private func withFaultyServer(in directory: String? = nil, _ body: (Failpoints, Int) async throws -> Void) async throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-robust-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failpoints = try Failpoints("", seed: robustnessSeed())
        var configuration = SQLiteStore.Configuration()
        configuration.maxIdleReaders = 1
        configuration.failpoints = failpoints
        let store = try SQLiteStore.open(dataDirectory: directory, configuration: configuration)
        let server = try await EtcdGRPCServer(
            store: store, snapshots: store, configuration: .init(host: "127.0.0.1", port: 0))
        let serving = Task { try await server.run() }
        do {
            try await body(failpoints, try await server.listeningPort)
        } catch {
            server.beginGracefulShutdown()
            _ = await serving.result
            await store.close()
            throw error
        }
        server.beginGracefulShutdown()
        _ = await serving.result
        await store.close()
    }

    @Test func historyIsLinearizableUnderFsyncErrorsFullDiskAndDroppedConnections() async throws {
        try await withFaultyServer { failpoints, port in
            var run = RobustnessRun(seed: robustnessSeed())
            run.operationsPerClient = 120
            run.dropProbability = 0.04
            let seed = run.seed
            let report = try await run.run(port: { port }) {
                var random = SeededRandom(seed: seed)
                let faults = ["walBeforeSync=20%return", "walBeforeWrite=20%return", "beforeCommit=20%return"]
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 30...120, using: &random)))
                    try? failpoints.set(faults.randomElement(using: &random)!)
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 20...80, using: &random)))
                    try? failpoints.set("walBeforeSync=off;walBeforeWrite=off;beforeCommit=off")
                }
            }
            #expect(report.violations.isEmpty, "\(report)")
            #expect(report.unknown > 0, "no fault changed an outcome: \(report)")
            let fired = [Failpoints.Name.walBeforeSync, .walBeforeWrite, .beforeCommit].map(failpoints.firedCount)
            print("robustness: failpoints fired (walBeforeSync, walBeforeWrite, beforeCommit): \(fired)")
            #expect(fired.reduce(0, +) > 0)
        }
    }
}

extension EtcdRobustnessTests {
    /// A real full disk: the store on a small tmpfs that a filler file fills and frees during the workload
    /// (root only, for the mount).
    @Test(.enabled(if: geteuid() == 0, "needs root to mount a tmpfs"))
    func historyIsLinearizableWhenTheDiskFillsAndFrees() async throws {
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-robust-mnt-\(UUID())").path
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount]) else { return }
        defer {
            _ = Self.run("/bin/umount", [mount])
            try? FileManager.default.removeItem(atPath: mount)
        }
        try await withFaultyServer(in: mount + "/data") { _, port in
            var run = RobustnessRun(seed: robustnessSeed())
            run.operationsPerClient = 100
            run.dropProbability = 0
            let seed = run.seed
            let filler = mount + "/filler"
            let report = try await run.run(port: { port }) {
                var random = SeededRandom(seed: seed)
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 40...120, using: &random)))
                    Self.fill(filler)
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 20...80, using: &random)))
                    try? FileManager.default.removeItem(atPath: filler)
                }
                try? FileManager.default.removeItem(atPath: filler)
            }
            #expect(report.violations.isEmpty, "\(report)")
            #expect(report.unknown > 0, "the full disk failed no write: \(report)")
        }
    }

    /// Writes `path` until the filesystem is full.
    private static func fill(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x5a, count: 64 * 1024)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        guard (try? ProcessLaunch.run(process)) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// The same workload against `kubesim serve` in a child process, SIGKILLed and restarted on its data directory
/// during the workload (and, in the second test, dying by a failpoint's panic right after commits).
@Suite(
    .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: builtProductsDirectory + "/kubesim"), "needs the kubesim product"))
struct ServeRobustnessTests {
    private func run(environment: [String: String], kills: Int) async throws -> (RobustnessRun.Report, Int) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-robust-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = ServeProcess(
            executable: builtProductsDirectory + "/kubesim", dataDirectory: directory, environment: environment)
        try await server.start()
        defer { server.kill() }
        var run = RobustnessRun(seed: robustnessSeed())
        run.operationsPerClient = 120
        let seed = run.seed
        let report = try await run.run(port: { server.port }) {
            var random = SeededRandom(seed: seed)
            var killed = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int.random(in: 150...500, using: &random)))
                if server.crashed || (!Task.isCancelled && killed < kills) {
                    killed += 1
                    try? await server.restart()
                }
            }
            if server.port == nil { try? await server.restart() }
        }
        return (report, server.restarts.load(ordering: .relaxed))
    }

    @Test func historyIsLinearizableAcrossSIGKILLAndRestart() async throws {
        let (report, restarts) = try await run(environment: [:], kills: 3)
        #expect(report.violations.isEmpty, "\(report)")
        #expect(restarts >= 1)
    }

    @Test func historyIsLinearizableWhenTheServerDiesRightAfterCommits() async throws {
        let (report, _) = try await run(
            environment: ["KUBESIM_FAILPOINTS": "afterCommit=2%panic", "KUBESIM_FAILPOINTS_SEED": "7"], kills: 0)
        #expect(report.violations.isEmpty, "\(report)")
    }
}
