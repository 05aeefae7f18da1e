import Foundation
import KubeAPI
import Testing

/// Stored protobuf objects written straight to JSON (what large lists use) give the bytes their decoded objects
/// encode to.
@Suite(.serialized) struct ProtobufJSONWriterTests {
    private static func written(_ object: JSONValue, resourceVersion: String = "42") throws -> String {
        var output: [UInt8] = []
        try KubernetesProtobuf.appendStoredJSON(StorageMediaType.protobuf.encode(object), resourceVersion: resourceVersion, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func decoded(_ object: JSONValue, resourceVersion: String = "42") throws -> String {
        var decoded = KubeObject(try StorageMediaType.decode(StorageMediaType.protobuf.encode(object)))
        decoded.resourceVersion = resourceVersion
        return decoded.json.jsonString()
    }

    @Test func timesQuantitiesIntOrStringsMapsInlinedStructsAndRawJSONWriteAsDecoded() throws {
        let pod = ProtobufStorageTests.pod
        let event: JSONValue = try JSONValue.parse(json: Data("""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"default"},
             "eventTime":"2024-05-01T12:00:00.123456Z","reportingComponent":"c","reportingInstance":"i","action":"A",
             "reason":"R <&> \\u2028","involvedObject":{"kind":"Pod","name":"web"},"type":"Normal","count":0,
             "firstTimestamp":null,"lastTimestamp":null,"source":{}}
            """.utf8))
        let deployment: JSONValue = try JSONValue.parse(json: Data("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default",
              "annotations":{"b":"2","a":"1"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
              "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx",
                "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k"}}}],
                "envFrom":[{"configMapRef":{"name":"cm"}}]}],
                "volumes":[{"name":"c","configMap":{"name":"cm","defaultMode":420}},{"name":"d","emptyDir":{"sizeLimit":"1Gi"}}]}}}}
            """.utf8))
        let lease: JSONValue = [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": ["name": "l", "namespace": "kube-node-lease"],
            "spec": ["holderIdentity": "n", "leaseDurationSeconds": 40, "renewTime": "2024-05-01T12:00:00.500000Z"],
        ]
        for object in [pod, event, deployment, lease] {
            #expect(try Self.written(object) == Self.decoded(object), "\(object["kind"] ?? .null)")
        }
    }

    @Test func anObjectWithoutMetadataGetsItsResourceVersion() throws {
        let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "data": ["k": "v"]]
        #expect(try Self.written(object, resourceVersion: "7") == #"{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"resourceVersion":"7"}}"#)
    }

    /// Every sample manifest, stored in protobuf through the registry, lists as the same JSON either way, page by
    /// page, and again from the encodings the first list kept.
    @Test func listJSONOfEveryTypeIsTheDecodedListEncoded() async throws {
        let fixture = try await RegistryFixture(storageMediaType: .protobuf)
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("manifests").path) { root.deleteLastPathComponent() }
        var documents: [JSONValue] = []
        for folder in ["manifests", "fixtures/rolling-update"] {
            let directory = root.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where file.hasSuffix(".yaml") && !file.hasPrefix("expected") {
                documents += try JSONValue.parseYAMLDocuments(String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
                    .filter { $0 != .null }
            }
        }
        // Namespaces first, as kubectl's apply of a folder in name order would need.
        for document in documents.sorted(by: { ($0["kind"] == "Namespace" ? 0 : 1) < ($1["kind"] == "Namespace" ? 0 : 1) }) {
            let object = KubeObject(document)
            guard let type = fixture.registry.catalog.type(apiVersion: object.apiVersion, kind: object.kind) else { continue }
            _ = try await fixture.registry.create(type, namespace: object.namespace ?? "default", object: document)
            if object.kind == "Namespace" { try await fixture.createDefaultServiceAccount(in: object.name) }
        }
        var compared = 0
        for type in fixture.registry.catalog.all where type != BuiltinResources.componentStatuses {
            let list = try await fixture.registry.list(type, namespace: nil)
            let encoded = try await fixture.registry.listJSON(type, namespace: nil)
            #expect(encoded.items.map { String(decoding: $0, as: UTF8.self) } == list.items.map { $0.json.jsonString() }, "\(type.plural)")
            let again = try await fixture.registry.listJSON(type, namespace: nil)
            #expect(again.items == encoded.items, "\(type.plural), from the kept encodings")
            #expect(encoded.resourceVersion == list.resourceVersion)
            compared += list.items.count
            guard list.items.count > 1 else { continue }
            let page = try await fixture.registry.listJSON(type, namespace: nil, limit: 1)
            let objectPage = try await fixture.registry.list(type, namespace: nil, limit: 1)
            #expect(page.items.map { String(decoding: $0, as: UTF8.self) } == objectPage.items.map { $0.json.jsonString() })
            #expect(page.continueToken == objectPage.continueToken && page.remainingItemCount == objectPage.remainingItemCount)
        }
        #expect(compared > 20)
        await fixture.finish()
    }
}
