import EtcdCore
import Foundation
import KubeAPI
import Testing

/// Every verb through a served version that is not the storage version: autoscaling/v1 HorizontalPodAutoscalers
/// over the stored autoscaling/v2 ones, events.k8s.io/v1 Events over the stored core/v1 ones. The store holds the
/// storage version only, and both versions share the objects and their resourceVersions.
@Suite("Registry: multi-version serving", .serialized)
struct RegistryVersionsTests {
    let v1 = BuiltinResources.horizontalPodAutoscalersV1
    let v2 = BuiltinResources.horizontalPodAutoscalers

    /// What `kubectl autoscale deploy web --min=2 --max=5 --cpu-percent=80` sends (autoscaling/v1).
    static let autoscale: JSONValue = [
        "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web"],
        "spec": [
            "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"], "minReplicas": 2,
            "maxReplicas": 5, "targetCPUUtilizationPercentage": 80,
        ],
    ]

    @Test func createThroughV1StoresV2AndReadsAsEither() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.registry.create(v1, namespace: "default", object: Self.autoscale)
        #expect(created.apiVersion == "autoscaling/v1")
        #expect(created.json["status"] == ["currentReplicas": 0, "desiredReplicas": 0])
        #expect(created.generation == nil)
        let stored = try #require(try await fixture.stored("/registry/horizontalpodautoscalers/default/web"))
        #expect(stored["apiVersion"] == "autoscaling/v2")
        #expect(stored[["spec", "metrics"]] == [
            ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]]]
        ])
        #expect(stored["status"] == ["desiredReplicas": 0])
        #expect(stored[["metadata", "managedFields"]]?.arrayValue?.first?["apiVersion"] == "autoscaling/v1")

        let asV2 = try await fixture.registry.get(v2, namespace: "default", name: "web")
        let asV1 = try await fixture.registry.get(v1, namespace: "default", name: "web")
        #expect(asV2.apiVersion == "autoscaling/v2" && asV1.apiVersion == "autoscaling/v1")
        #expect(asV1.resourceVersion == created.resourceVersion && asV2.resourceVersion == created.resourceVersion)
        #expect(asV1.json["spec"] == Self.autoscale["spec"])
        let listed = try await fixture.registry.list(v1, namespace: "default")
        #expect(listed.items.map(\.apiVersion) == ["autoscaling/v1"])
        await fixture.finish()
    }

    @Test func v2DefaultsAndValidatesWhateverTheVersion() async throws {
        let fixture = try await RegistryFixture()
        var hpa = Self.autoscale
        hpa["apiVersion"] = "autoscaling/v2"
        hpa["spec"] = [
            "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"], "maxReplicas": 5,
            "behavior": ["scaleDown": ["stabilizationWindowSeconds": 60]],
        ]
        let created = try await fixture.registry.create(v2, namespace: "default", object: hpa)
        #expect(created.json[["spec", "minReplicas"]] == 1)
        #expect(created.json[["spec", "metrics"]]?.arrayValue?.count == 1)
        #expect(created.json[["spec", "behavior"]] == [
            "scaleUp": [
                "stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                "policies": [["type": "Pods", "value": 4, "periodSeconds": 15], ["type": "Percent", "value": 100, "periodSeconds": 15]],
            ],
            "scaleDown": ["stabilizationWindowSeconds": 60, "selectPolicy": "Max", "policies": [["type": "Percent", "value": 100, "periodSeconds": 15]]],
        ])
        var invalid = Self.autoscale
        invalid[["metadata", "name"]] = "bad"
        invalid[["spec", "minReplicas"]] = 6
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.create(self.v1, namespace: "default", object: invalid)
        }
        #expect(error?.message == #"HorizontalPodAutoscaler.autoscaling "bad" is invalid: spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`"#)
        await fixture.finish()
    }

    @Test func updatePatchApplyAndStatusThroughV1() async throws {
        let fixture = try await RegistryFixture()
        _ = try await fixture.registry.create(v1, namespace: "default", object: Self.autoscale)

        var current = try await fixture.registry.get(v1, namespace: "default", name: "web")
        current.json[["spec", "maxReplicas"]] = 7
        let updated = try await fixture.registry.update(v1, namespace: "default", name: "web", object: current.json)
        #expect(updated.json[["spec", "maxReplicas"]] == 7)

        let patched = try await fixture.registry.patch(
            v1, namespace: "default", name: "web", patchType: .merge, body: Data(#"{"spec":{"targetCPUUtilizationPercentage":50}}"#.utf8))
        #expect(patched.object.json[["spec", "targetCPUUtilizationPercentage"]] == 50)
        let strategic = try await fixture.registry.patch(
            v1, namespace: "default", name: "web", patchType: .strategicMerge, body: Data(#"{"spec":{"minReplicas":3}}"#.utf8))
        #expect(strategic.object.json[["spec", "minReplicas"]] == 3)
        let asV2 = try await fixture.registry.get(v2, namespace: "default", name: "web")
        #expect(asV2.json[["spec", "metrics"]]?.arrayValue?.first?[["resource", "target", "averageUtilization"]] == 50)
        #expect(asV2.json[["spec", "maxReplicas"]] == 7 && asV2.json[["spec", "minReplicas"]] == 3)

        let applied = try await fixture.registry.patch(
            v1, namespace: "default", name: "web", patchType: .apply,
            body: Data("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 9\n".utf8),
            options: WriteOptions(fieldManager: "ops", force: true))
        #expect(applied.object.json[["spec", "maxReplicas"]] == 9)
        let managers = applied.object.json[["metadata", "managedFields"]]?.arrayValue ?? []
        #expect(managers.contains { $0["manager"] == "ops" && $0["operation"] == "Apply" && $0["apiVersion"] == "autoscaling/v1" })

        // The controller writes v2's status; a v1 reader sees it, conditions in their annotation.
        let status: JSONValue = [
            "currentReplicas": 2, "desiredReplicas": 2,
            "conditions": [["type": "AbleToScale", "status": "True", "lastTransitionTime": "2026-12-07T08:00:00Z", "reason": "SucceededGetScale", "message": "ok"]],
        ]
        let written = try await fixture.registry.updateStatus(v2, namespace: "default", name: "web", status: status)
        let seen = try await fixture.registry.get(v1, namespace: "default", name: "web")
        #expect(seen.resourceVersion == written.resourceVersion)
        #expect(seen.json[["status", "currentReplicas"]] == 2)
        #expect(seen.annotations["autoscaling.alpha.kubernetes.io/conditions"]?.contains("SucceededGetScale") == true)
        // An update through v1 that carries the annotation back keeps the conditions where v2 has them.
        var edit = seen
        edit.json[["spec", "maxReplicas"]] = 8
        _ = try await fixture.registry.update(v1, namespace: "default", name: "web", object: edit.json)
        let stored = try #require(try await fixture.stored("/registry/horizontalpodautoscalers/default/web"))
        #expect(stored[["metadata", "annotations"]] == nil)
        #expect(stored[["status", "conditions"]]?.arrayValue?.count == 1)

        _ = try await fixture.registry.delete(v1, namespace: "default", name: "web")
        #expect(try await fixture.stored("/registry/horizontalpodautoscalers/default/web") == nil)
        await fixture.finish()
    }

    @Test func aWatchThroughV1SeesV1Objects() async throws {
        let fixture = try await RegistryFixture()
        let revision = try await fixture.revision()
        let stream = try await fixture.registry.watch(v1, namespace: "default", resourceVersion: String(revision))
        _ = try await fixture.registry.create(v2, namespace: "default", object: [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web"],
            "spec": ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"], "maxReplicas": 4],
        ])
        _ = try await fixture.registry.delete(v2, namespace: "default", name: "web")
        var events: [ObjectEvent] = []
        for try await event in stream {
            events.append(event)
            if events.count == 2 { break }
        }
        #expect(events.map(\.type) == [.added, .deleted])
        #expect(events.map(\.object.apiVersion) == ["autoscaling/v1", "autoscaling/v1"])
        #expect(events.first?.object.json[["spec", "targetCPUUtilizationPercentage"]] == 80)
        await fixture.finish()
    }

    @Test func eventsK8sIOEventsAreTheCoreEvents() async throws {
        let fixture = try await RegistryFixture()
        let event: JSONValue = [
            "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": ["name": "web.1"],
            "eventTime": "2026-12-07T08:00:00.000000Z", "reportingController": "example.com/ctl", "reportingInstance": "ctl-1",
            "action": "Scale", "reason": "Scaled", "type": "Normal", "note": "scaled up",
            "regarding": ["kind": "Deployment", "name": "web", "namespace": "default", "apiVersion": "apps/v1"],
        ]
        let created = try await fixture.registry.create(BuiltinResources.eventsV1, namespace: "default", object: event)
        #expect(created.apiVersion == "events.k8s.io/v1" && created.json["note"] == "scaled up")
        let stored = try #require(try await fixture.stored("/registry/events/default/web.1"))
        #expect(stored["apiVersion"] == "v1" && stored["message"] == "scaled up" && stored["reportingComponent"] == "example.com/ctl")
        let core = try await fixture.registry.get(BuiltinResources.events, namespace: "default", name: "web.1")
        #expect(core.json[["involvedObject", "name"]] == "web" && core.resourceVersion == created.resourceVersion)
        // Events expire with their lease whichever version wrote them.
        let kv = try #require(try await fixture.store.get(Data("/registry/events/default/web.1".utf8)))
        #expect(kv.lease != 0)

        var strict = event
        strict[["metadata", "name"]] = "web.2"
        strict["reportingController"] = nil
        strict["deprecatedCount"] = 3
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.create(BuiltinResources.eventsV1, namespace: "default", object: strict)
        }
        #expect(error?.message.contains("reportingComponent: Required value") == true, "\(String(describing: error))")
        #expect(error?.message.contains("deprecatedCount: Invalid value: \"\": needs to be unset") == true)
        await fixture.finish()
    }

    @Test func tablesOfAViewPrintAsTheStorageVersion() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.registry.create(v1, namespace: "default", object: Self.autoscale)
        let table = TableConverter.table(for: [created], type: v1, resourceVersion: "", now: Date())
        let names = table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"])
        let cells = table["rows"]?.arrayValue?.first?["cells"]?.arrayValue ?? []
        #expect(Array(cells.prefix(6)) == ["web", "Deployment/web", "cpu: <unknown>/80%", "2", 5, 0])
        await fixture.finish()
    }
}
