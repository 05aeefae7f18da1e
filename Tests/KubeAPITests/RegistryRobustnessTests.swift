import EtcdCore
import Foundation
import KubeAPI
import RobustnessKit
import Synchronization
import Testing

/// The robustness suite's Kubernetes API part: clients create, update with resourceVersion preconditions, read
/// and delete a few ConfigMaps through the registry while fsync errors and full-disk writes are injected in the
/// store; the history must be linearizable against the etcd model (create is `If(mod==0) Put`, an update
/// compares its resourceVersion with the key's mod revision) and a watch must see exactly the committed writes.
/// Replay a run with `KUBESIM_ROBUSTNESS_SEED=<seed>`.
@Suite(.serialized) struct RegistryRobustnessTests {
    static let names = ["cm0", "cm1", "cm2"]

    private static func key(_ name: String) -> String { "/registry/configmaps/default/\(name)" }

    private static func configMap(_ name: String, _ value: String, resourceVersion: Int64? = nil) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": ["v": .string(value)],
        ]
        if let resourceVersion { object[["metadata", "resourceVersion"]] = .string(String(resourceVersion)) }
        return object
    }

    private static func revision(_ object: KubeObject) -> Int64 { Int64(object.resourceVersion ?? "") ?? -1 }

    /// One client's operation through the registry, as the model's request and response.
    private static func perform(
        _ registry: Registry, client: Int, counter: Int, random: inout SeededRandom, known: inout [String: Int64]
    ) async -> (KVRequest, KVResponse) {
        let type = BuiltinResources.configMaps
        let name = names.randomElement(using: &random)!
        let value = "c\(client)-\(counter)"
        let expected = known[name, default: 0]
        let request: KVRequest =
            switch Int.random(in: 0..<4, using: &random) {
            case 0: .get(key: key(name))
            case 1, 2: .compareAndSwap(key: key(name), expectedModRevision: expected, value: value)
            default: .delete(key: key(name))
            }
        do {
            switch request {
            case .get:
                let object = try await registry.get(type, namespace: "default", name: name)
                known[name] = revision(object)
                return (request, .get(value: object.json[["data", "v"]]?.stringValue, modRevision: revision(object), revision: nil))
            case .compareAndSwap:
                let object =
                    expected == 0
                    ? try await registry.create(type, namespace: "default", object: configMap(name, value))
                    : try await registry.update(
                        type, namespace: "default", name: name, object: configMap(name, value, resourceVersion: expected))
                known[name] = revision(object)
                return (request, .compareAndSwap(succeeded: true, revision: revision(object), current: nil, currentModRevision: nil))
            default:
                _ = try await registry.delete(type, namespace: "default", name: name)
                known[name] = 0
                return (request, .delete(deleted: 1, revision: nil))
            }
        } catch let error as StatusError where error.code == 404 || (error.code == 409 && !request.isDelete) {
            known[name] = nil
            switch request {
            case .get: return (request, .get(value: nil, modRevision: 0, revision: nil))
            case .delete: return (request, .delete(deleted: 0, revision: nil))
            default: return (request, .compareAndSwap(succeeded: false, revision: nil, current: nil, currentModRevision: nil))
            }
        } catch {
            // A storage failure (500): a write may or may not have committed.
            known[name] = nil
            return (request, .unknown)
        }
    }

    @Test func configMapHistoryIsLinearizableUnderStorageFaults() async throws {
        let seed = robustnessSeed()
        let started = ContinuousClock.now
        print("robustness: seed \(seed) (replay with KUBESIM_ROBUSTNESS_SEED=\(seed))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubeapi-robust-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let failpoints = try Failpoints("", seed: seed)
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        configuration.maxIdleReaders = 1
        configuration.failpoints = failpoints
        let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
        let registry = Registry(store: store)
        try await registry.bootstrap()
        let initial = try await store.range(RangeRequest(key: Data("/".utf8))).header.revision

        let events = EventLog()
        let stream = try await registry.watch(BuiltinResources.configMaps, namespace: "default", resourceVersion: String(initial))
        let watching = Task {
            for try await event in stream where event.type != .bookmark {
                let value = event.type == .deleted ? nil : event.object.json[["data", "v"]]?.stringValue
                events.append(KVEvent(revision: Self.revision(event.object), key: Self.key(event.object.name), value: value))
            }
        }
        let history = OperationHistory()
        let faults = Task {
            var random = SeededRandom(seed: seed)
            while !Task.isCancelled {
                try? failpoints.set(["walBeforeSync=25%return", "walBeforeWrite=25%return"].randomElement(using: &random)!)
                try? await Task.sleep(for: .milliseconds(Int.random(in: 5...20, using: &random)))
                try? failpoints.set("walBeforeSync=off;walBeforeWrite=off")
                try? await Task.sleep(for: .milliseconds(Int.random(in: 5...30, using: &random)))
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<3 {
                group.addTask {
                    var random = SeededRandom(seed: seed &+ UInt64(client))
                    var known: [String: Int64] = [:]
                    for counter in 1...80 {
                        // The request is known only once chosen; note the call first with a placeholder.
                        let call = history.begin(client: client, .get(key: ""))
                        let (request, response) = await Self.perform(
                            registry, client: client, counter: counter, random: &random, known: &known)
                        history.replace(call, request: request, response: response)
                    }
                }
            }
        }
        faults.cancel()
        _ = await faults.value
        try? failpoints.set("walBeforeSync=off;walBeforeWrite=off")
        let final = try await store.range(RangeRequest(key: Data("/".utf8))).header.revision
        let deadline = ContinuousClock.now + .seconds(20)
        while (events.all.last?.revision ?? initial) < final && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        watching.cancel()
        var report = RobustnessRun.Report(seed: seed)
        report.elapsed = ContinuousClock.now - started
        let violations = RobustnessRun(seed: seed).check(
            history.operations, events: events.all, resumes: [], initial: initial, final: final,
            report: &report)
        report.violations = violations
        print("robustness (registry): \(report)")
        if !violations.isEmpty { RobustnessRun(seed: seed).dump(history.operations, events: events.all) }
        #expect(violations.isEmpty, "\(report)")
        #expect(failpoints.firedCount(.walBeforeSync) + failpoints.firedCount(.walBeforeWrite) > 0)
        await store.close()
    }
}

/// What the watch saw, appended from its task.
final class EventLog: Sendable {
    private let list = Mutex<[KVEvent]>([])
    func append(_ event: KVEvent) { list.withLock { $0.append(event) } }
    var all: [KVEvent] { list.withLock { $0 } }
}

extension KVRequest {
    fileprivate var isDelete: Bool { if case .delete = self { true } else { false } }
}
