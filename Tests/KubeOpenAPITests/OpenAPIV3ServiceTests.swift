import Foundation
import KubeAPI
import Testing

@testable import KubeOpenAPI

@Suite("OpenAPI v3: the published 1.32 documents and custom resources'")
struct OpenAPIV3ServiceTests {
    @Test func indexListsEveryServedGroupVersionWithItsDocumentsHash() throws {
        let catalog = CustomResourceFixture.catalog(CustomResourceFixture.cronTab())
        let service = OpenAPIV3Service(catalog: catalog)
        let paths = try #require(service.index()["paths"]?.objectValue)
        #expect(Set(paths.keys) == Set(catalog.all.map(\.groupVersionPath)))
        #expect(paths.keys.contains("apis/stable.example.com/v1"))
        for (path, entry) in paths {
            let document = try #require(service.document(path: path))
            let hash = OpenAPIV3Service.hash(of: document)
            #expect(entry == ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash)")])
            #expect(hash.count == 128 && hash.allSatisfy { "0123456789ABCDEF".contains($0) }, "SHA-512, as kube-openapi's computeETag")
        }
    }

    /// Every built-in group-version the catalog serves is one kube-apiserver 1.32 publishes.
    @Test func everyBuiltInGroupVersionHasItsPublishedDocument() {
        for path in Set(BuiltinResources.all.map(\.groupVersionPath)) {
            #expect(PublishedSpec.v3Paths.contains(path), "\(path)")
        }
    }

    @Test func builtInDocumentsAreServedAsPublished() throws {
        let service = OpenAPIV3Service(catalog: ResourceCatalog())
        let apps = try JSONValue.parse(json: try #require(service.document(path: "apis/apps/v1")))
        let deployment = try #require(apps[["components", "schemas", "io.k8s.api.apps.v1.Deployment"]])
        #expect(deployment["x-kubernetes-group-version-kind"] == [["group": "apps", "kind": "Deployment", "version": "v1"]])
        let core = try JSONValue.parse(json: try #require(service.document(path: "api/v1")))
        let containers = try #require(core[["components", "schemas", "io.k8s.api.core.v1.PodSpec", "properties", "containers"]])
        #expect(containers["x-kubernetes-patch-merge-key"] == "name")
        #expect(containers["x-kubernetes-patch-strategy"] == "merge")
        let patch = try #require(apps[["paths", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch"]])
        #expect(patch["parameters"]?.arrayValue?.contains { $0["name"] == "fieldValidation" } == true)
    }

    @Test func aCustomResourcesDocumentCarriesItsSchemaWithTheStandardFields() throws {
        let catalog = CustomResourceFixture.catalog(CustomResourceFixture.cronTab(scale: true))
        let data = try #require(OpenAPIV3Service(catalog: catalog).document(path: "apis/stable.example.com/v1"))
        let document = try JSONValue.parse(json: data)
        let schema = try #require(document[["components", "schemas", "com.example.stable.v1.CronTab"]])
        #expect(schema["x-kubernetes-group-version-kind"] == [["group": "stable.example.com", "kind": "CronTab", "version": "v1"]])
        #expect(schema[["properties", "spec", "properties", "cronSpec", "description"]] == "The cron schedule.")
        #expect(schema[["properties", "metadata", "$ref"]] == "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
        let list = try #require(document[["components", "schemas", "com.example.stable.v1.CronTabList"]])
        #expect(list[["properties", "items", "items", "$ref"]] == "#/components/schemas/com.example.stable.v1.CronTab")
        // Every reference resolves inside the document, as kubectl's explain needs.
        let schemas = try #require(document[["components", "schemas"]]?.objectValue)
        for name in SchemaReferences.names(in: document, prefix: "#/components/schemas/") {
            #expect(schemas[name] != nil, "\(name)")
        }
        let paths = try #require(document["paths"]?.objectValue)
        #expect(paths["/apis/stable.example.com/v1/crontabs"]?[["get", "operationId"]] == "listStableExampleComV1CronTabForAllNamespaces")
        let item = try #require(paths["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}"])
        #expect(item[["patch", "operationId"]] == "patchStableExampleComV1NamespacedCronTab")
        #expect(item[["patch", "description"]] == "partially update the specified CronTab")
        #expect(item[["patch", "parameters"]]?.arrayValue?.contains { $0["name"] == "fieldValidation" } == true)
        let patchTypes = item[["patch", "requestBody", "content"]]?.objectValue?.keys.sorted()
        #expect(patchTypes == ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"],
            "no strategic merge patch for custom resources")
        #expect(paths["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/scale"]?[["get", "description"]]
            == "read scale of the specified CronTab")
        #expect(paths["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs"]?[["post", "description"]] == "create a CronTab")
    }

    @Test func aDeletedDefinitionsDocumentIsGone() {
        let definition = CustomResourceFixture.cronTab()
        let catalog = CustomResourceFixture.catalog(definition)
        let service = OpenAPIV3Service(catalog: catalog)
        #expect(service.document(path: "apis/stable.example.com/v1") != nil)
        catalog.unregister(definition: definition)
        #expect(service.document(path: "apis/stable.example.com/v1") == nil)
        #expect(service.index()["paths"]?["apis/stable.example.com/v1"] == nil)
    }

    @Test(arguments: ["apis/nope.io/v1", "api/v2", "apis/apps", "apis//v1", "api", "", "apis/apps/v1/extra", "apis/resource.k8s.io/v1beta1"])
    func unservedPathsHaveNoDocument(path: String) {
        #expect(OpenAPIV3Service(catalog: ResourceCatalog()).document(path: path) == nil)
    }
}
