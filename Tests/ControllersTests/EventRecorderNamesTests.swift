import Controllers
import Foundation
import KubeAPI
import Testing

/// Event names (`<object>.<hex UnixNano>`) across the recorders of one cluster.
@Suite(.serialized) struct EventRecorderNamesTests {
    @Test func twoComponentsRecordingAboutOnePodAtOneInstantKeepBothEvents() async throws {
        let harness = try await ClusterHarness(controllers: [])
        defer { Task { await harness.finish() } }
        let names = IssuedEventNames()
        let kubelet = EventRecorder(
            api: harness.registry, clock: harness.clock, component: "kubelet", fieldManager: "kubelet", issuedNames: names)
        let evictor = EventRecorder(
            api: harness.registry, clock: harness.clock, component: "taint-eviction-controller",
            fieldManager: "kube-controller-manager", issuedNames: names)
        let pod = KubeObject(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "default"]])
        await kubelet.record(pod, reason: "Started", message: "Started container nginx", host: "node01")
        await evictor.record(pod, reason: "TaintManagerEviction", message: "Marking for deletion Pod default/web")
        let events = try await harness.registry.list(BuiltinResources.events, namespace: "default").items
        #expect(Set(events.compactMap { $0.json["reason"]?.stringValue }) == ["Started", "TaintManagerEviction"])
        #expect(Set(events.map(\.name)).count == 2)
    }
}
