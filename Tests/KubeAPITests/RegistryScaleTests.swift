import Foundation
import KubeAPI
import Testing

/// The autoscaling/v1 Scale subresource of deployments, replica sets, stateful sets and replication controllers.
@Suite("Registry: scale subresource", .serialized)
struct RegistryScaleTests {
    static let template: JSONValue = [
        "metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "app", "image": "nginx:1.27"]]],
    ]

    /// A scalable object named "web" selecting `app: web`, with 2 replicas.
    static func scalable(_ kind: String) -> JSONValue {
        var spec: JSONValue = ["replicas": 2, "selector": ["matchLabels": ["app": "web"]], "template": template]
        switch kind {
        case "ReplicationController": spec["selector"] = ["app": "web"]
        case "StatefulSet": spec["serviceName"] = "web"
        default: break
        }
        let apiVersion: JSONValue = kind == "ReplicationController" ? "v1" : "apps/v1"
        return ["apiVersion": apiVersion, "kind": .string(kind), "metadata": ["name": "web"], "spec": spec]
    }

    static let kinds = ["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]

    @Test(arguments: kinds)
    func scaleOfAnObjectIsItsReplicasAndSelector(kind: String) async throws {
        let fixture = try await RegistryFixture()
        let object = try await fixture.create(Self.scalable(kind))
        let type = fixture.type(kind)
        let scale = try await fixture.registry.getScale(type, namespace: "default", name: "web")
        #expect(scale.json == [
            "apiVersion": "autoscaling/v1", "kind": "Scale",
            "metadata": [
                "name": "web", "namespace": "default", "uid": .string(object.uid ?? ""),
                "resourceVersion": .string(object.resourceVersion ?? ""),
                "creationTimestamp": .string(object.creationTimestamp ?? ""),
            ],
            "spec": ["replicas": 2], "status": ["replicas": 0, "selector": "app=web"],
        ])
        await fixture.finish()
    }

    @Test func kubectlScalesWithAMergePatchOfTheScale() async throws {
        let fixture = try await RegistryFixture()
        let deployment = try await fixture.create(RegistryFixture.deployment("web", replicas: 1))
        let type = fixture.type("deploy")
        let scale = try await fixture.registry.patchScale(
            type, namespace: "default", name: "web", patchType: .merge, body: Data(#"{"spec":{"replicas":3}}"#.utf8))
        #expect(scale.json["spec"] == ["replicas": 3])
        let written = try await fixture.registry.get(type, namespace: "default", name: "web")
        #expect(written.spec?["replicas"] == 3)
        #expect(written.generation == 2, "the spec changed")
        #expect(scale.resourceVersion == written.resourceVersion)
        #expect(scale.resourceVersion != deployment.resourceVersion)
        await fixture.finish()
    }

    @Test(arguments: [
        (PatchType.json, #"[{"op":"replace","path":"/spec/replicas","value":4}]"#),
        (PatchType.strategicMerge, #"{"spec":{"replicas":4}}"#),
        (PatchType.apply, "apiVersion: autoscaling/v1\nkind: Scale\nmetadata:\n  name: web\nspec:\n  replicas: 4\n"),
    ])
    func everyPatchTypeAppliesToTheScale(patchType: PatchType, body: String) async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.scalable("StatefulSet"))
        let type = fixture.type("sts")
        let scale = try await fixture.registry.patchScale(type, namespace: "default", name: "web", patchType: patchType, body: Data(body.utf8))
        #expect(scale.json[["spec", "replicas"]] == 4)
        #expect(try await fixture.registry.get(type, namespace: "default", name: "web").spec?["replicas"] == 4)
        await fixture.finish()
    }

    @Test func updateWritesTheScalesReplicasIntoTheObject() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.scalable("ReplicaSet"))
        let type = fixture.type("rs")
        var scale = try await fixture.registry.getScale(type, namespace: "default", name: "web")
        scale.json[["spec", "replicas"]] = 5
        let updated = try await fixture.registry.updateScale(type, namespace: "default", name: "web", scale: scale.json)
        #expect(updated.json[["spec", "replicas"]] == 5)
        let written = try await fixture.registry.get(type, namespace: "default", name: "web")
        #expect(written.spec?["replicas"] == 5)
        #expect(written.generation == 2)
        #expect(updated.resourceVersion == written.resourceVersion)
        await fixture.finish()
    }

    @Test func scalingToZeroLeavesSpecReplicasOutOfTheScale() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(RegistryFixture.deployment("web", replicas: 2))
        let type = fixture.type("deploy")
        let scale = try await fixture.registry.updateScale(
            type, namespace: "default", name: "web", scale: ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": ["name": "web"], "spec": [:]])
        #expect(scale.json["spec"] == .emptyObject, "replicas 0 is omitted, as its omitempty tag does")
        #expect(try await fixture.registry.get(type, namespace: "default", name: "web").spec?["replicas"] == 0)
        await fixture.finish()
    }

    @Test func staleResourceVersionIsAConflict() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(RegistryFixture.deployment("web"))
        let type = fixture.type("deploy")
        var scale = try await fixture.registry.getScale(type, namespace: "default", name: "web")
        _ = try await fixture.registry.patchScale(type, namespace: "default", name: "web", patchType: .merge, body: Data(#"{"spec":{"replicas":2}}"#.utf8))
        scale.json[["spec", "replicas"]] = 3
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.updateScale(type, namespace: "default", name: "web", scale: scale.json)
        }
        #expect(error?.code == 409)
        #expect(error?.message == #"Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again"#)
        #expect(try await fixture.registry.get(type, namespace: "default", name: "web").spec?["replicas"] == 2)
        await fixture.finish()
    }

    @Test func anotherUIDIsAPreconditionConflict() async throws {
        let fixture = try await RegistryFixture()
        let deployment = try await fixture.create(RegistryFixture.deployment("web"))
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.updateScale(
                fixture.type("deploy"), namespace: "default", name: "web",
                scale: ["metadata": ["name": "web", "uid": "other"], "spec": ["replicas": 3]])
        }
        #expect(error?.code == 409)
        #expect(error?.message == #"Operation cannot be fulfilled on deployments/scale.apps "web": Precondition failed: UID in precondition: other, UID in object meta: \#(deployment.uid ?? "")"#)
        await fixture.finish()
    }

    @Test func negativeReplicasAreInvalid() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(RegistryFixture.deployment("web"))
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.patchScale(
                fixture.type("deploy"), namespace: "default", name: "web", patchType: .merge, body: Data(#"{"spec":{"replicas":-1}}"#.utf8))
        }
        #expect(error?.code == 422)
        #expect(error?.message == #"Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"#)
        await fixture.finish()
    }

    @Test(arguments: [#"{"spec":{"replicas":"3"}}"#, #"{"spec":{"replicas":1.5}}"#, #"{"spec":{"replicas":4294967296}}"#])
    func replicasThatAreNoInt32AreABadRequest(body: String) async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(RegistryFixture.deployment("web"))
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.patchScale(fixture.type("deploy"), namespace: "default", name: "web", patchType: .merge, body: Data(body.utf8))
        }
        #expect(error?.code == 400)
        #expect(error?.message.hasSuffix("into Go struct field ScaleSpec.spec.replicas of type int32") == true)
        await fixture.finish()
    }

    @Test func nameOtherThanTheURLsIsABadRequest() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(RegistryFixture.deployment("web"))
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.updateScale(
                fixture.type("deploy"), namespace: "default", name: "web", scale: ["metadata": ["name": "db"], "spec": ["replicas": 3]])
        }
        #expect(error?.message == "the name of the object (db) does not match the name on the URL (web)")
        await fixture.finish()
    }

    @Test(arguments: ["cm", "po", "ds", "job"])
    func typesWithoutAScaleSubresourceAreNotFound(type: String) async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "web"]])
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.getScale(fixture.type(type), namespace: "default", name: "web")
        }
        #expect(error == StatusError.unknownPath)
        #expect(error?.status == [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": "the server could not find the requested resource", "reason": "NotFound", "details": .emptyObject,
            "code": 404,
        ])
        await #expect(throws: StatusError.unknownPath) {
            try await fixture.registry.patchScale(
                fixture.type(type), namespace: "default", name: "web", patchType: .merge, body: Data(#"{"spec":{"replicas":3}}"#.utf8))
        }
        await fixture.finish()
    }

    @Test func scaleOfAMissingObjectIsNotFound() async throws {
        let fixture = try await RegistryFixture()
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.getScale(fixture.type("deploy"), namespace: "default", name: "nope")
        }
        #expect(error?.message == #"deployments.apps "nope" not found"#)
        await fixture.finish()
    }

    @Test func dryRunWritesNothing() async throws {
        let fixture = try await RegistryFixture()
        let deployment = try await fixture.create(RegistryFixture.deployment("web"))
        let type = fixture.type("deploy")
        let scale = try await fixture.registry.patchScale(
            type, namespace: "default", name: "web", patchType: .merge, body: Data(#"{"spec":{"replicas":3}}"#.utf8),
            options: WriteOptions(dryRun: true))
        #expect(scale.json[["spec", "replicas"]] == 3)
        #expect(try await fixture.registry.get(type, namespace: "default", name: "web") == deployment)
        await fixture.finish()
    }

    @Test func scalingToTheCurrentReplicasWritesNothing() async throws {
        let fixture = try await RegistryFixture()
        let deployment = try await fixture.create(RegistryFixture.deployment("web", replicas: 2))
        let revision = try await fixture.revision()
        let scale = try await fixture.registry.patchScale(
            fixture.type("deploy"), namespace: "default", name: "web", patchType: .merge, body: Data(#"{"spec":{"replicas":2}}"#.utf8))
        #expect(try await fixture.revision() == revision)
        #expect(scale.resourceVersion == deployment.resourceVersion)
        await fixture.finish()
    }
}
