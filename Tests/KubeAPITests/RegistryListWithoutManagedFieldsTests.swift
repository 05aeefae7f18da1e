import KubeAPI
import Testing

/// A list for printers that do not show managedFields holds the same objects as a full list, without them, in
/// either storage encoding (a protobuf value's are skipped, not decoded).
@Suite struct RegistryListWithoutManagedFieldsTests {
    @Test(arguments: StorageMediaType.allCases)
    func theObjectsAreTheFullListsWithoutManagedFields(mediaType: StorageMediaType) async throws {
        let fixture = try await RegistryFixture(storageMediaType: mediaType)
        let pods = fixture.type("pods")
        for name in ["web", "api"] {
            _ = try await fixture.registry.create(
                pods, namespace: "default", object: RegistryFixture.pod(name), options: WriteOptions(fieldManager: "kubectl"))
        }
        let full = try await fixture.registry.list(pods, namespace: "default")
        let omitted = try await fixture.registry.listOmittingManagedFields(pods, namespace: "default")

        #expect(full.items.allSatisfy { $0.json[["metadata", "managedFields"]] != nil })
        #expect(omitted.resourceVersion == full.resourceVersion)
        let stripped = full.items.map { item in
            var item = item
            item.json[["metadata", "managedFields"]] = nil
            return item
        }
        #expect(omitted.items == stripped)
        await fixture.finish()
    }
}
