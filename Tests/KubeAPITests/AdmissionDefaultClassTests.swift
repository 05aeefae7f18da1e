import Testing

@testable import KubeAPI

/// The DefaultStorageClass and DefaultIngressClass admission plugins: a claim or an ingress that names no class
/// gets the default one, the newest when several are marked; one that names any class (even "") keeps it.
@Suite struct AdmissionDefaultClassTests {
    static func storageClass(_ name: String, default isDefault: Bool, created: String) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name), "creationTimestamp": .string(created)]
        if isDefault { metadata["annotations"] = ["storageclass.kubernetes.io/is-default-class": "true"] }
        return ["apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": metadata, "provisioner": "rancher.io/local-path"]
    }

    static func claim(_ name: String, storageClassName: JSONValue? = nil) -> JSONValue {
        var spec: JSONValue = ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]
        if let storageClassName { spec["storageClassName"] = storageClassName }
        return ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": .string(name), "namespace": "default"], "spec": spec]
    }

    @Test func claimsWithoutAClassGetTheNewestDefault() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        let none = try await fixture.create(Self.claim("before"))
        #expect(none.json[["spec", "storageClassName"]] == nil, "no default class yet")
        for (name, isDefault) in [("standard", true), ("plain", false)] {
            _ = try await fixture.registry.create(
                BuiltinResources.storageClasses, namespace: nil,
                object: Self.storageClass(name, default: isDefault, created: "2024-01-01T00:00:00Z"))
        }
        #expect(try await fixture.create(Self.claim("data")).json[["spec", "storageClassName"]] == "standard")
        #expect(try await fixture.create(Self.claim("static", storageClassName: "")).json[["spec", "storageClassName"]] == "")
        #expect(try await fixture.create(Self.claim("fast", storageClassName: "plain")).json[["spec", "storageClassName"]] == "plain")
        await fixture.finish()
    }

    @Test func theNewestOfSeveralDefaultsWinsThenTheFirstName() {
        let classes = [
            KubeObject(Self.storageClass("b-old", default: true, created: "2024-01-01T00:00:00Z")),
            KubeObject(Self.storageClass("z-new", default: true, created: "2024-06-01T00:00:00Z")),
            KubeObject(Self.storageClass("a-new", default: true, created: "2024-06-01T00:00:00Z")),
        ]
        #expect(DefaultStorageClass.newestDefault(classes)?.name == "a-new")
    }

    @Test func ingressesWithoutAClassGetTheDefaultIngressClass() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        _ = try await fixture.registry.create(BuiltinResources.ingressClasses, namespace: nil, object: [
            "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
            "metadata": ["name": "nginx", "annotations": ["ingressclass.kubernetes.io/is-default-class": "true"]],
            "spec": ["controller": "k8s.io/ingress-nginx"],
        ])
        let ingress: JSONValue = [
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": ["name": "web", "namespace": "default"],
            "spec": ["defaultBackend": ["service": ["name": "web", "port": ["number": 80]]]],
        ]
        #expect(try await fixture.create(ingress).json[["spec", "ingressClassName"]] == "nginx")
        await fixture.finish()
    }
}
