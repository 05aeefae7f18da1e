import Foundation
import GRPCCore

/// One robustness run: clients send a random workload to an etcd endpoint while faults are injected, a watcher
/// follows the keys, and afterwards the history is checked for linearizability and the watch for etcd's
/// guarantees. The seed is printed, so a failing run replays with `KUBESIM_ROBUSTNESS_SEED`.
public struct RobustnessRun: Sendable {
    public var seed: UInt64
    public var clients = 3
    public var operationsPerClient = 150
    /// Per operation, the chance the client drops its connection mid-call (the call's result is then unknown).
    public var dropProbability = 0.03
    public var workload = EtcdWorkload()
    /// The linearizability search's budget (a bound for CI: beyond it the run is undecided, and fails).
    public var maxSearchSteps = 3_000_000

    public init(seed: UInt64) { self.seed = seed }

    /// What a run found.
    public struct Report: Sendable, CustomStringConvertible {
        public var seed: UInt64
        public var operations = 0
        public var unknown = 0
        public var patched = 0
        public var finalRevision: Int64 = 0
        public var watchEvents = 0
        public var watchResumes = 0
        public var elapsed: Duration = .zero
        public var violations: [String] = []

        public init(seed: UInt64) { self.seed = seed }

        var seconds: Double {
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }

        public var description: String {
            "seed \(seed) (KUBESIM_ROBUSTNESS_SEED=\(seed)): \(operations) operations (\(unknown) unknown, \(patched) "
                + "settled by the watch: committed or never), final revision \(finalRevision), \(watchEvents) watch events over "
                + "\(watchResumes) watch streams, \(String(format: "%.1f", seconds)) s"
                + (violations.isEmpty ? ", no violation" : ", VIOLATIONS:\n  " + violations.joined(separator: "\n  "))
        }
    }

    /// Runs the workload against the server `port` reaches (nil while it is down), with `faults` running beside
    /// the clients until they finish.
    public func run(
        port: @escaping @Sendable () async -> Int?, faults: @escaping @Sendable () async -> Void = {}
    ) async throws -> Report {
        let started = ContinuousClock.now
        print("robustness: seed \(seed) (replay with KUBESIM_ROBUSTNESS_SEED=\(seed))")
        let initial = try await currentRevision(port)
        let history = OperationHistory()
        let watcher = WatchFollower(prefix: workload.prefix, startRevision: initial + 1, port: port)
        await withTaskGroup(of: Void.self) { group in
            let faultTask = Task { await faults() }
            for id in 0..<clients {
                group.addTask { await self.client(id, history: history, port: port) }
            }
            await group.waitForAll()
            faultTask.cancel()
            await faultTask.value
        }
        // Calls cancelled mid-flight may still be finishing on the server; then the final state, read as the
        // history's last operation, which pins how many writes there were.
        try await Task.sleep(for: .milliseconds(300))
        let final = try await currentRevision(port, recordingIn: history)
        var report = Report(seed: seed)
        if !(await watcher.waitFor(revision: final)) {
            report.violations.append("the watch never reached revision \(final) (last \(watcher.lastRevision))")
        }
        await watcher.stop()
        report.violations += check(
            history.operations, events: watcher.events, resumes: watcher.resumes, initial: initial, final: final,
            report: &report)
        report.elapsed = ContinuousClock.now - started
        print("robustness: \(report)")
        if !report.violations.isEmpty { dump(history.operations, events: watcher.events) }
        return report
    }

    public func check(
        _ recorded: [Operation], events: [KVEvent], resumes: [(requested: Int64, first: Int64?)], initial: Int64,
        final: Int64, report: inout Report
    ) -> [String] {
        // A read whose answer never came constrains nothing.
        let operations = recorded.filter { !($0.response == .unknown && $0.request.isRead) }
        let patched = WatchValidation.patch(operations, with: events)
        report.operations = recorded.count
        report.unknown = recorded.filter { $0.response == .unknown }.count
        report.patched = operations.filter { $0.response == .unknown }.count - patched.filter { $0.response == .unknown }.count
        report.finalRevision = final
        report.watchEvents = events.count
        report.watchResumes = resumes.count
        var violations = WatchValidation.orderingViolations(events, resumes: resumes)
        let start = KVState(revision: initial)
        switch LinearizabilityChecker(initial: start, maxSteps: maxSearchSteps).check(patched) {
        case .linearizable(let order):
            let replayed = WatchValidation.replay(patched, order: order, initial: start)
            violations += WatchValidation.reliabilityViolations(
                patched, replayed: replayed, observed: events, from: initial + 1, through: final)
        case .notLinearizable(let prefix):
            violations.append("the history is not linearizable; the longest explainable prefix has \(prefix.count) of \(patched.count) operations")
            let explained = Set(prefix)
            let unexplained = patched.indices.filter { !explained.contains($0) }.sorted { patched[$0].call < patched[$1].call }
            violations += unexplained.prefix(8).map { "  unexplained: \(patched[$0])" }
        case .undecided:
            violations.append("the linearizability search passed its step budget")
            violations += patched.filter { $0.response == .unknown }.prefix(20).map { "  still unknown: \($0)" }
        }
        return violations
    }

    /// Writes the history and the watch's events beside the other temporary files, for a failure's post-mortem.
    public func dump(_ operations: [Operation], events: [KVEvent]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-robustness-\(seed).txt").path
        let text =
            operations.sorted { $0.call < $1.call }.map(\.description).joined(separator: "\n") + "\n--- watch\n"
            + events.map(\.description).joined(separator: "\n") + "\n"
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        print("robustness: history and watch written to \(path)")
    }

    private func client(_ id: Int, history: OperationHistory, port: @escaping @Sendable () async -> Int?) async {
        var generator = EtcdWorkload.Client(workload, id: id, seed: seed)
        var random = SeededRandom(seed: seed ^ UInt64(id + 1) &* 0xD6E8_FEB8_6659_FD93)
        var remaining = operationsPerClient
        while remaining > 0 {
            guard let port = await port() else {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            // One connection until an operation's fate is unknown (the server went away, or we dropped it).
            _ = try? await withEtcdClient(port: port) { grpc in
                let client = EtcdKVClient(grpc)
                while remaining > 0 {
                    let request = generator.next()
                    remaining -= 1
                    let call = history.begin(client: id, request)
                    let response: KVResponse
                    if random.chance(dropProbability) {
                        let delay = Duration.microseconds(Int.random(in: 0...3000, using: &random))
                        let attempt = Task { await client.perform(request) }
                        try? await Task.sleep(for: delay)
                        attempt.cancel()
                        response = await attempt.value
                    } else {
                        response = await client.perform(request)
                    }
                    history.end(call, response)
                    generator.observe(request, response)
                    if response == .unknown { throw CancellationError() }
                }
            }
        }
    }

    /// The store's revision, asking until the server answers; with `history`, each attempt is recorded there.
    private func currentRevision(
        _ port: @Sendable () async -> Int?, recordingIn history: OperationHistory? = nil
    ) async throws -> Int64 {
        let deadline = ContinuousClock.now + .seconds(60)
        let request = KVRequest.get(key: workload.prefix + "k0")
        while ContinuousClock.now < deadline {
            if let port = await port() {
                let call = history?.begin(client: -1, request)
                let response =
                    (try? await withEtcdClient(port: port, { grpc in await EtcdKVClient(grpc).perform(request) }))
                    ?? .unknown
                if let call { history?.end(call, response) }
                if case .get(_, _, let revision?) = response { return revision }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw RPCError(code: .unavailable, message: "the server never answered")
    }
}

extension KVRequest {
    var isRead: Bool { if case .get = self { true } else { false } }
}
