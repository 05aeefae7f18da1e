import Controllers
import Foundation
import KubeAPI
import Testing

/// A loop that stamps every ConfigMap labelled `stamp: later` with `stamped: "<seconds>"` two simulated
/// seconds after it first sees it: enough to pin the manager's queue, timers, clock and write tracking.
private struct StampController: Controller {
    var name: String { "stamp-controller" }
    var fieldManager: String { "stamp-controller" }
    var watchedTypes: [ResourceType] { [BuiltinResources.configMaps] }

    func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        change.object.labels["stamp"] == "later" ? [ObjectKey(change.object)] : []
    }

    func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let map = context.cache.get(BuiltinResources.configMaps, key), map.annotations["stamped"] == nil else { return }
        let due = Date(timeIntervalSince1970: Double(map.annotations["due"] ?? "") ?? 0)
        if map.annotations["due"] == nil {
            let deadline = context.clock.now().addingTimeInterval(2)
            try await context.api.mergePatch(
                BuiltinResources.configMaps, namespace: key.namespace, name: key.name,
                ["metadata": ["annotations": ["due": .string(String(Int(deadline.timeIntervalSince1970)))]]],
                options: context.writeOptions)
            context.requeue(key, at: deadline)
            return
        }
        guard context.clock.now() >= due else { return context.requeue(key, at: due) }
        try await context.api.mergePatch(
            BuiltinResources.configMaps, namespace: key.namespace, name: key.name,
            ["metadata": ["annotations": ["stamped": .string(String(Int(context.clock.now().timeIntervalSince1970)))]]],
            options: context.writeOptions)
        await context.events.record(map, reason: "Stamped", message: "Stamped config map \(key.name)")
    }
}

@Suite(.serialized) struct ControllerManagerTests {
    private func configMap(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "labels": ["stamp": "later"]]]
    }

    @Test func settleRunsTimersOnSimulatedTime() async throws {
        let harness = try await ClusterHarness(controllers: [StampController()])
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.configMaps, namespace: "default", object: configMap("a"))
        let start = harness.clock.now()
        let report = try await harness.settle()
        #expect(report.settled)
        #expect(report.elapsed == 2)
        let stamped = try await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "a")
        #expect(stamped.annotations["stamped"] == String(Int(start.timeIntervalSince1970) + 2))
        #expect(stamped.metadata["managedFields"]?.arrayValue?.contains { $0["manager"] == "stamp-controller" } == true)
        let events = try await harness.registry.list(BuiltinResources.events, namespace: "default")
        #expect(events.items.map { $0.json["reason"] } == ["Stamped"])
        #expect(events.items.first?.json[["source", "component"]] == "stamp-controller")
    }

    @Test func settledClusterStaysAtItsRevision() async throws {
        let harness = try await ClusterHarness(controllers: [StampController()])
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.configMaps, namespace: "default", object: configMap("a"))
        try await harness.settle()
        let settled = try await harness.revision()
        let again = try await harness.settle()
        #expect(again.settled)
        #expect(try await harness.revision() == settled)
    }

    @Test func resumesFromItsListAfterChangesMadeWhileStopped() async throws {
        let harness = try await ClusterHarness(controllers: [StampController()])
        defer { Task { await harness.finish() } }
        try await harness.settle()
        _ = try await harness.registry.create(BuiltinResources.configMaps, namespace: "default", object: configMap("b"))
        try await harness.settle()
        let stamped = try await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "b")
        #expect(stamped.annotations["stamped"] != nil)
    }

    @Test func settleKeepingInformersGoesOnFromItsCacheWithoutReconcilingEverythingAgain() async throws {
        let harness = try await ClusterHarness(controllers: [StampController()])
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.configMaps, namespace: "default", object: configMap("a"))
        #expect(try await harness.manager.settle(on: harness.clock, keepingInformers: true).settled)

        // Nothing changed: no list, no object offered again, nothing reconciled.
        #expect(try await harness.manager.settle(on: harness.clock, keepingInformers: true).steps == 0)

        // What is written between two settles reaches the loops through the watch they kept.
        _ = try await harness.registry.create(BuiltinResources.configMaps, namespace: "default", object: configMap("b"))
        let report = try await harness.manager.settle(on: harness.clock, keepingInformers: true)
        #expect(report.settled)
        #expect(report.elapsed == 2)
        let stamped = try await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "b")
        #expect(stamped.annotations["stamped"] != nil)

        // A settle that stops its informers lists again at its next start and offers every object anew.
        _ = try await harness.settle()
        #expect(try await harness.settle().steps == 2)
    }
}

@Suite(.serialized) struct ControllerManagerRealTimeTests {
    @Test func runActsOnChangesAndTimersInRealTime() async throws {
        let harness = try await ClusterHarness(controllers: [StampController()])
        defer { Task { await harness.finish() } }
        let manager = ControllerManager(
            api: harness.registry, controllers: [StampController()], clock: WallClock(), names: .seeded(1))
        let loops = Task { try await manager.run() }
        defer { loops.cancel() }
        _ = try await harness.registry.create(
            BuiltinResources.configMaps, namespace: "default",
            object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a", "labels": ["stamp": "later"]]])
        let deadline = ContinuousClock.now + .seconds(10)
        var stamped: String?
        while stamped == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            stamped = try await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "a").annotations["stamped"]
        }
        #expect(stamped != nil)
    }
}

/// Stamps every ConfigMap labelled `stamp: now` at once.
private struct ImmediateStampController: Controller {
    var name: String { "stamp-controller" }
    var fieldManager: String { "stamp-controller" }
    var watchedTypes: [ResourceType] { [BuiltinResources.configMaps] }

    func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        change.object.labels["stamp"] == "now" && change.object.annotations["stamped"] == nil ? [ObjectKey(change.object)] : []
    }

    func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard context.cache.get(BuiltinResources.configMaps, key) != nil else { return }
        try await context.api.mergePatch(
            BuiltinResources.configMaps, namespace: key.namespace, name: key.name,
            ["metadata": ["annotations": ["stamped": "yes"]]], options: context.writeOptions)
    }
}

@Suite(.serialized) struct ControllerManagerRelistTests {
    @Test func watchExpiredWith410ListsAgainAndActsOnWhatItMissed() async throws {
        let harness = try await ClusterHarness(controllers: [])
        defer { Task { await harness.finish() } }
        let api = ExpiringFirstWatchAPI(registry: harness.registry)
        let manager = ControllerManager(
            api: api, controllers: [ImmediateStampController()], clock: WallClock(), names: .seeded(1))
        let running = Task { try await manager.run() }
        defer { running.cancel() }
        let deadline = ContinuousClock.now + .seconds(20)
        var stamped: String?
        while stamped == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            stamped = try? await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "missed")
                .annotations["stamped"]
        }
        #expect(stamped == "yes")
        #expect(api.watchCount == 2)
    }
}
