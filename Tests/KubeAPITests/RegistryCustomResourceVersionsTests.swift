import EtcdCore
import Foundation
import KubeAPI
import Testing

/// A custom resource served in two versions with `None` conversion: each version is served and listed in
/// discovery (preferred first), the store holds the storage version, and only `apiVersion` differs.
@Suite("Registry: custom resources in several versions", .serialized)
struct RegistryCustomResourceVersionsTests {
    static let definition: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.example.com"],
        "spec": [
            "group": "example.com", "scope": "Namespaced",
            "names": ["plural": "widgets", "singular": "widget", "kind": "Widget"],
            "versions": [
                ["name": "v1beta1", "served": true, "storage": false,
                 "schema": ["openAPIV3Schema": ["type": "object", "properties": ["spec": ["type": "object", "properties": ["size": ["type": "integer"]]]]]]],
                ["name": "v1", "served": true, "storage": true,
                 "schema": ["openAPIV3Schema": ["type": "object", "properties": ["spec": ["type": "object", "properties": ["size": ["type": "integer"]]]]]]],
                ["name": "v1alpha1", "served": false, "storage": false, "schema": ["openAPIV3Schema": ["type": "object"]]],
            ],
        ],
    ]

    @Test func everyServedVersionReadsAndWritesTheStoredObjects() async throws {
        let fixture = try await RegistryFixture()
        _ = try await fixture.registry.create(BuiltinResources.customResourceDefinitions, namespace: nil, object: Self.definition)
        let catalog = fixture.registry.catalog
        let versions = catalog.all.filter { $0.group == "example.com" }.map(\.version)
        #expect(versions == ["v1", "v1beta1"], "served versions, preferred first")
        let beta = try #require(catalog.type(group: "example.com", version: "v1beta1", plural: "widgets"))
        let v1 = try #require(catalog.type(group: "example.com", version: "v1", plural: "widgets"))
        #expect(!beta.isStorageVersion && v1.isStorageVersion)
        #expect(catalog.type(named: "widgets") == v1)

        let created = try await fixture.registry.create(
            beta, namespace: "default",
            object: ["apiVersion": "example.com/v1beta1", "kind": "Widget", "metadata": ["name": "w"], "spec": ["size": 3]])
        #expect(created.apiVersion == "example.com/v1beta1")
        let stored = try #require(try await fixture.stored("/registry/example.com/widgets/default/w"))
        #expect(stored["apiVersion"] == "example.com/v1")
        let read = try await fixture.registry.get(v1, namespace: "default", name: "w")
        #expect(read.apiVersion == "example.com/v1" && read.json[["spec", "size"]] == 3)
        #expect(read.resourceVersion == created.resourceVersion)
        let listed = try await fixture.registry.list(beta, namespace: "default")
        #expect(listed.items.map(\.apiVersion) == ["example.com/v1beta1"])
    }
}
