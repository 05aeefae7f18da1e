import Foundation
import KubeAPI
import Testing

/// Strict decoding finds exactly the fields a built-in kind does not have, with kube-apiserver's paths.
@Suite struct StrictFieldsTests {
    private let catalog = ResourceCatalog()

    private func type(_ apiVersion: String, _ kind: String) throws -> ResourceType {
        try #require(catalog.type(apiVersion: apiVersion, kind: kind))
    }

    @Test func namesUnknownFieldsWithTheirPaths() throws {
        let deployment = try JSONValue.parseYAMLDocuments(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replica: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: nginx
                    image: nginx
                    imagee: nginx
            """)[0]
        #expect(
            StrictFields.unknownFields(in: deployment, type: try type("apps/v1", "Deployment"))
                == ["spec.replica", "spec.template.spec.containers[0].imagee"])
        #expect(
            StrictFields.decodingError(["spec.replica"], type: try type("apps/v1", "Deployment"), patch: false).message
                == #"Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica""#)
    }

    @Test func inlinedStructsQuantitiesAndIntOrStringsAreKnown() throws {
        let pod = try JSONValue.parseYAMLDocuments(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, creationTimestamp: null}
            spec:
              volumes:
              - name: config
                configMap: {name: settings, defaultMode: 420}
              containers:
              - name: c
                image: nginx
                envFrom: [{configMapRef: {name: settings}}]
                env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}]
                resources: {limits: {cpu: 500m, memory: 128Mi}}
                livenessProbe: {httpGet: {path: /, port: http}, periodSeconds: 5}
            """)[0]
        #expect(StrictFields.unknownFields(in: pod, type: try type("v1", "Pod")) == [])
    }

    @Test func patchDirectivesAreNotFields() throws {
        let patch = try JSONValue.parse(
            json: Data(#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c"}],"containers":[{"name":"c","$patch":"delete"}]}}}}"#.utf8))
        #expect(StrictFields.unknownFields(in: patch, type: try type("apps/v1", "Deployment")) == [])
    }

    @Test func customResourcesAreNotChecked() {
        let widget = ResourceType(group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true)
        #expect(StrictFields.unknownFields(in: ["spec": ["anything": "goes"]], type: widget) == [])
    }

    /// Every sample manifest is accepted under `fieldValidation=Strict`, as a real cluster accepts them.
    @Test func sampleManifestsHaveNoUnknownFields() throws {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("manifests").path) {
            root.deleteLastPathComponent()
        }
        let folders = ["manifests", "fixtures/etcd-lesson", "fixtures/rolling-update", "fixtures/custom-resources"]
        var checked = 0
        for folder in folders {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix(".yaml"), !file.hasPrefix("expected") else { continue }
                let text = try String(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
                for document in try JSONValue.parseYAMLDocuments(text) where document != .null {
                    let object = KubeObject(document)
                    guard let type = catalog.type(apiVersion: object.apiVersion, kind: object.kind) else { continue }
                    #expect(StrictFields.unknownFields(in: document, type: type) == [], "\(folder)/\(file) \(object.kind)/\(object.name)")
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
    }
}
