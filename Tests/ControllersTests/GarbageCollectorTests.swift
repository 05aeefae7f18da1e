import Controllers
import Foundation
import KubeAPI
import Testing

/// The garbage collector as kube-controller-manager runs it: a chain of ConfigMaps `a` ← `b` ← `c` (each owned by
/// the one before, `blockOwnerDeletion: true`) deleted with each propagation policy.
@Suite(.serialized) struct GarbageCollectorTests {
    private func harness() async throws -> ClusterHarness {
        try await ClusterHarness(controllers: [GarbageCollector(catalog: ResourceCatalog())])
    }

    /// Creates `a`, `b` owned by `a`, `c` owned by `b`; returns the revision after them.
    @discardableResult
    private func chain(_ harness: ClusterHarness, block: Bool = true) async throws -> Int64 {
        var owner: KubeObject?
        for name in ["a", "b", "c"] {
            var metadata: JSONValue = ["name": .string(name)]
            if let owner {
                metadata["ownerReferences"] = [[
                    "apiVersion": "v1", "kind": "ConfigMap", "name": .string(owner.name), "uid": .string(owner.uid ?? ""),
                    "blockOwnerDeletion": .bool(block),
                ]]
            }
            owner = try await harness.registry.create(
                BuiltinResources.configMaps, namespace: "default",
                object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata])
        }
        return try await harness.revision()
    }

    /// The ConfigMap changes after `revision` up to the store's head, as `<EVENT> <name>`.
    private func changes(_ harness: ClusterHarness, after revision: Int64) async throws -> [String] {
        let head = try await harness.revision()
        var seen: [String] = []
        for try await change in try await harness.registry.watchAll([BuiltinResources.configMaps], resourceVersion: String(revision)) {
            if let (_, event) = change.change { seen.append("\(event.type.rawValue) \(event.object.name)") }
            if change.revision >= head { break }
        }
        return seen
    }

    private func names(_ harness: ClusterHarness) async throws -> [String] {
        try await harness.registry.list(BuiltinResources.configMaps, namespace: "default").items.map(\.name)
            .filter { ["a", "b", "c"].contains($0) }
    }

    @Test func backgroundDeletionRemovesDependentsAfterTheOwner() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        let start = try await chain(harness)
        try await harness.registry.delete(BuiltinResources.configMaps, namespace: "default", name: "a")
        // The API server deletes only the owner; the dependents are the collector's.
        #expect(try await names(harness) == ["b", "c"])
        #expect(try await harness.settle().settled)
        #expect(try await names(harness) == [])
        #expect(try await changes(harness, after: start) == ["DELETED a", "DELETED b", "DELETED c"])
        let settled = try await harness.revision()
        try await harness.settle()
        #expect(try await harness.revision() == settled)
    }

    @Test func foregroundDeletionKeepsTheOwnerUntilBlockingDependentsAreGone() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        let start = try await chain(harness)
        let marked = try await harness.registry.delete(
            BuiltinResources.configMaps, namespace: "default", name: "a", options: DeleteOptions(propagationPolicy: .foreground))
        #expect(marked.deletionTimestamp != nil)
        #expect(marked.finalizers == ["foregroundDeletion"])
        #expect(try await harness.settle().settled)
        #expect(try await names(harness) == [])
        // b has a dependent of its own, so it too is deleted in the foreground: c goes first, then b, then a.
        #expect(
            try await changes(harness, after: start) == [
                "MODIFIED a", "MODIFIED b", "DELETED c", "DELETED b", "DELETED a",
            ])
    }

    @Test func foregroundDeletionDoesNotWaitForNonBlockingDependents() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        let start = try await chain(harness, block: false)
        try await harness.registry.delete(
            BuiltinResources.configMaps, namespace: "default", name: "a", options: DeleteOptions(propagationPolicy: .foreground))
        #expect(try await harness.settle().settled)
        #expect(try await names(harness) == [])
        #expect(try await changes(harness, after: start) == ["MODIFIED a", "DELETED a", "DELETED b", "DELETED c"])
    }

    @Test func orphanDeletionRemovesTheOwnerReferenceThenTheOwner() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        let start = try await chain(harness)
        let marked = try await harness.registry.delete(
            BuiltinResources.configMaps, namespace: "default", name: "a", options: DeleteOptions(propagationPolicy: .orphan))
        #expect(marked.finalizers == ["orphan"])
        #expect(try await harness.settle().settled)
        #expect(try await names(harness) == ["b", "c"])
        let b = try await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "b")
        let c = try await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "c")
        #expect(b.ownerReferences.isEmpty)
        #expect(c.ownerReferences.map { $0["name"] } == ["b"])
        #expect(try await changes(harness, after: start) == ["MODIFIED a", "MODIFIED b", "DELETED a"])
    }

    @Test func objectCreatedWithAMissingOwnerIsCollected() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(
            BuiltinResources.configMaps, namespace: "default",
            object: [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": [
                    "name": "stray",
                    "ownerReferences": [["apiVersion": "v1", "kind": "ConfigMap", "name": "gone", "uid": "0000-gone"]],
                ],
            ])
        try await harness.settle()
        await #expect(throws: StatusError.self) {
            try await harness.registry.get(BuiltinResources.configMaps, namespace: "default", name: "stray")
        }
    }
}
