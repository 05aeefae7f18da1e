import Foundation
import KubeAPI
import SwiftProtobuf
import Testing

@testable import KubeOpenAPI

@Suite("OpenAPI v2: the published 1.32 Swagger document, cut to what is served, as JSON and gnostic protobuf")
struct OpenAPIV2ServiceTests {
    @Test func onlyServedGroupVersionsHaveRoutesAndEveryReferenceResolves() throws {
        let catalog = CustomResourceFixture.catalog(CustomResourceFixture.cronTab())
        let document = try OpenAPIV2Service(catalog: catalog).document()
        let paths = try #require(document["paths"]?.objectValue)
        #expect(paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"] != nil)
        #expect(paths["/api/v1/namespaces/{namespace}/pods/{name}/exec"] != nil)
        #expect(!paths.keys.contains { $0.hasPrefix("/apis/resource.k8s.io/") }, "1.32 serves no resource.k8s.io by default")
        #expect(paths["/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}"] != nil)
        let definitions = try #require(document["definitions"]?.objectValue)
        #expect(definitions["io.k8s.api.resource.v1beta1.ResourceClaim"] == nil)
        #expect(definitions["com.example.stable.v1.CronTab"]?["x-kubernetes-group-version-kind"]
            == [["group": "stable.example.com", "kind": "CronTab", "version": "v1"]])
        for name in SchemaReferences.names(in: document, prefix: "#/definitions/") {
            #expect(definitions[name] != nil, "\(name)")
        }
    }

    @Test func customResourceSchemasLoseWhatSwaggerCannotSay() throws {
        let catalog = CustomResourceFixture.catalog(CustomResourceFixture.cronTab())
        let document = try OpenAPIV2Service(catalog: catalog).document()
        let replicas = try #require(document[["definitions", "com.example.stable.v1.CronTab", "properties", "spec", "properties", "replicas"]])
        #expect(replicas["nullable"] == nil)
        #expect(replicas["maximum"] == 10)
        let patch = try #require(document[["paths", "/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}", "patch"]])
        #expect(patch["parameters"]?.arrayValue?.first?["in"] == "body")
        #expect(patch[["parameters"]]?.arrayValue?.first?[["schema", "$ref"]] == "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch")
    }

    @Test func preservingUnknownFieldsPublishesABareObjectInV2() throws {
        var definition = CustomResourceFixture.cronTab()
        definition = try #require(definition.objectValue.map { fields -> JSONValue in
            var spec = fields["spec"]!
            var version = spec["versions"]!.arrayValue![0]
            version["schema"] = ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]
            spec["versions"] = [version]
            var result = fields
            result["spec"] = spec
            return .object(result)
        })
        let document = try OpenAPIV2Service(catalog: CustomResourceFixture.catalog(definition)).document()
        let schema = try #require(document[["definitions", "com.example.stable.v1.CronTab"]])
        #expect(schema["properties"] == nil)
        #expect(schema["type"] == "object")
    }

    /// client-go decodes `/openapi/v2` as gnostic's `openapi.v2.Document`; kube-openapi's `proto.NewOpenAPIData`
    /// then reads each definition's type, properties, `$ref`s and the `x-kubernetes-group-version-kind` extension.
    @Test func theProtobufDecodesToTheSameDefinitions() throws {
        let service = OpenAPIV2Service(catalog: ResourceCatalog())
        let message = try Openapi_V2_Document(serializedBytes: try service.protobuf().data)
        #expect(message.swagger == "2.0")
        let definitions = Dictionary(uniqueKeysWithValues: message.definitions.additionalProperties.map { ($0.name, $0.value) })
        let deployment = try #require(definitions["io.k8s.api.apps.v1.Deployment"])
        let gvk = try #require(deployment.vendorExtension.first { $0.name == "x-kubernetes-group-version-kind" })
        #expect(try JSONValue.parse(json: Data(gvk.value.yaml.utf8)) == [["group": "apps", "kind": "Deployment", "version": "v1"]])
        let spec = try #require(deployment.properties.additionalProperties.first { $0.name == "spec" })
        #expect(spec.value.ref == "#/definitions/io.k8s.api.apps.v1.DeploymentSpec")
        let ports = try #require(definitions["io.k8s.api.core.v1.ContainerPort"])
        #expect(ports.required == ["containerPort"])
        let containerPort = try #require(ports.properties.additionalProperties.first { $0.name == "containerPort" })
        #expect(containerPort.value.type.value == ["integer"])
        #expect(containerPort.value.format == "int32")
        let pods = try #require(message.paths.path.first { $0.name == "/api/v1/namespaces/{namespace}/pods/{name}" })
        #expect(pods.value.patch.operationID == "patchCoreV1NamespacedPod")
        #expect(pods.value.patch.parameters.contains { $0.parameter.bodyParameter.name == "body" || !$0.jsonReference.ref.isEmpty })
    }

    @Test func theDocumentIsRebuiltOnlyWhenTheServedTypesChange() throws {
        let catalog = ResourceCatalog()
        let service = OpenAPIV2Service(catalog: catalog)
        let first = try service.json()
        #expect(try service.json().etag == first.etag)
        catalog.register(definition: CustomResourceFixture.cronTab())
        #expect(try service.json().etag != first.etag)
        catalog.unregister(definition: CustomResourceFixture.cronTab())
        #expect(try service.json().etag == first.etag)
    }
}
