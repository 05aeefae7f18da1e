import Controllers
import Foundation
import KubeAPI
import Testing

/// A namespace's deletion as kube-apiserver and kube-controller-manager's namespace controller carry it out.
@Suite(.serialized) struct NamespaceControllerTests {
    private func harness() async throws -> ClusterHarness {
        try await ClusterHarness(controllers: [NamespaceController(catalog: ResourceCatalog()), GarbageCollector(catalog: ResourceCatalog())])
    }

    private func configMap(_ name: String, finalizers: [String] = []) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name)]
        if !finalizers.isEmpty { metadata["finalizers"] = .array(finalizers.map(JSONValue.string)) }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata]
    }

    private func createNamespace(_ name: String, in harness: ClusterHarness) async throws {
        _ = try await harness.registry.create(
            BuiltinResources.namespaces, namespace: nil,
            object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
    }

    /// type → (status, reason, message), in the order the conditions are listed.
    private func conditions(_ namespace: KubeObject) -> [String] {
        (namespace.json[["status", "conditions"]]?.arrayValue ?? []).map { condition in
            ["type", "status", "reason", "message"].map { condition[$0]?.stringValue ?? "" }.joined(separator: " | ")
        }
    }

    @Test func namespaceStaysTerminatingWhileAFinalizerHoldsItsContent() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        try await createNamespace("tmp", in: harness)
        _ = try await harness.registry.create(
            BuiltinResources.configMaps, namespace: "tmp", object: configMap("held", finalizers: ["example.com/hold"]))
        _ = try await harness.registry.create(BuiltinResources.configMaps, namespace: "tmp", object: configMap("plain"))

        let marked = try await harness.registry.delete(BuiltinResources.namespaces, namespace: nil, name: "tmp")
        #expect(marked.json[["status", "phase"]] == "Terminating")
        #expect(marked.deletionTimestamp != nil)
        #expect(marked.metadata["deletionGracePeriodSeconds"] == nil)
        #expect(marked.json[["spec", "finalizers"]] == ["kubernetes"])
        // Nothing is deleted inline.
        #expect(try await harness.registry.list(BuiltinResources.configMaps, namespace: "tmp").items.count == 2)

        #expect(try await harness.settle().settled)
        let terminating = try await harness.registry.get(BuiltinResources.namespaces, namespace: nil, name: "tmp")
        #expect(terminating.json[["status", "phase"]] == "Terminating")
        #expect(
            conditions(terminating) == [
                "NamespaceDeletionDiscoveryFailure | False | ResourcesDiscovered | All resources successfully discovered",
                "NamespaceDeletionGroupVersionParsingFailure | False | ParsedGroupVersions | All legacy kube types successfully parsed",
                "NamespaceDeletionContentFailure | False | ContentDeleted | All content successfully deleted, may be waiting on finalization",
                "NamespaceContentRemaining | True | SomeResourcesRemain | Some resources are remaining: configmaps. has 1 resource instances",
                "NamespaceFinalizersRemaining | True | SomeFinalizersRemain | Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances",
            ])
        let left = try await harness.registry.list(BuiltinResources.configMaps, namespace: "tmp").items
        #expect(left.map(\.name) == ["held"])
        #expect(left.first?.deletionTimestamp != nil)

        // Creating in it is forbidden; deleting it again is a conflict.
        await #expect(throws: StatusError.self) {
            try await harness.registry.create(BuiltinResources.configMaps, namespace: "tmp", object: configMap("late"))
        }
        do {
            try await harness.registry.delete(BuiltinResources.namespaces, namespace: nil, name: "tmp")
            Issue.record("a second delete of a terminating namespace succeeded")
        } catch let error as StatusError {
            #expect(error.code == 409)
            #expect(
                error.message
                    == "Operation cannot be fulfilled on namespaces \"tmp\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system."
            )
        }

        // The finalizer's owner lets go: the next pass (half the 15 s estimate plus one) finalizes the namespace.
        try await harness.registry.mergePatch(
            BuiltinResources.configMaps, namespace: "tmp", name: "held", ["metadata": ["finalizers": .null]],
            options: WriteOptions(fieldManager: "test"))
        try await harness.settle(advancing: 8)
        await #expect(throws: StatusError.self) {
            try await harness.registry.get(BuiltinResources.namespaces, namespace: nil, name: "tmp")
        }
    }

    @Test func emptyNamespaceIsFinalizedFiveSecondsAfterItsDeletion() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        try await createNamespace("empty", in: harness)
        _ = try await harness.registry.create(BuiltinResources.configMaps, namespace: "empty", object: configMap("one"))
        try await harness.registry.delete(BuiltinResources.namespaces, namespace: nil, name: "empty")
        let report = try await harness.settle()
        #expect(report.settled)
        #expect(report.elapsed == 5)
        await #expect(throws: StatusError.self) {
            try await harness.registry.get(BuiltinResources.namespaces, namespace: nil, name: "empty")
        }
        #expect(try await harness.registry.list(BuiltinResources.configMaps, namespace: "empty").items.isEmpty)
    }

    @Test func customResourcesInTheNamespaceAreDeletedToo() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(
            BuiltinResources.customResourceDefinitions, namespace: nil,
            object: [
                "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": ["name": "widgets.example.com"],
                "spec": [
                    "group": "example.com", "scope": "Namespaced",
                    "names": ["plural": "widgets", "singular": "widget", "kind": "Widget"],
                    "versions": [[
                        "name": "v1", "served": true, "storage": true,
                        "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                    ]],
                ],
            ])
        try await createNamespace("shop", in: harness)
        let widgets = try #require(harness.registry.catalog.type(named: "widgets"))
        _ = try await harness.registry.create(
            widgets, namespace: "shop", object: ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"]])
        try await harness.registry.delete(BuiltinResources.namespaces, namespace: nil, name: "shop")
        #expect(try await harness.settle().settled)
        #expect(try await harness.registry.list(widgets, namespace: "shop").items.isEmpty)
        await #expect(throws: StatusError.self) {
            try await harness.registry.get(BuiltinResources.namespaces, namespace: nil, name: "shop")
        }
    }

    @Test func finalizeSubresourceReplacesOnlySpecFinalizers() async throws {
        let harness = try await harness()
        defer { Task { await harness.finish() } }
        try await createNamespace("keep", in: harness)
        let finalized = try await harness.registry.finalizeNamespace(
            "keep",
            object: [
                "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "keep", "labels": ["ignored": "yes"]],
                "spec": ["finalizers": []],
            ])
        #expect(finalized.json[["spec", "finalizers"]] == nil)
        #expect(finalized.labels["ignored"] == nil)
        // Not being deleted: finalizing it keeps it.
        #expect(try await harness.registry.get(BuiltinResources.namespaces, namespace: nil, name: "keep").name == "keep")
        await #expect(throws: StatusError.self) {
            try await harness.registry.finalizeNamespace(
                "keep", object: ["apiVersion": "v1", "kind": "Namespace", "spec": ["finalizers": ["unqualified"]]])
        }
    }
}
