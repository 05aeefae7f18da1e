import Controllers
import Foundation
import KubeAPI
import Testing

/// The `pods/binding` subresource the scheduler binds through (`BindingREST.Create`).
@Suite(.serialized) struct SchedulerBindingTests {
    private func binding(_ name: String, node: String, uid: String? = nil, annotations: [String: String] = [:]) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name)]
        if let uid { metadata["uid"] = .string(uid) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations.mapValues { .string($0) }) }
        return ["apiVersion": "v1", "kind": "Binding", "metadata": metadata, "target": ["kind": "Node", "name": .string(node)]]
    }

    @Test func bindSetsNodeNameAnnotationsAndPodScheduled() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        let pod = try await cluster.pod("web")
        let bound = try await cluster.registry.bind(
            namespace: "default", name: "web", binding: binding("web", node: "worker-1", uid: pod.uid, annotations: ["a": "b"]))
        let stored = try await cluster.get("web")
        #expect(stored.spec?["nodeName"] == "worker-1")
        #expect(stored.annotations["a"] == "b")
        #expect(stored.resourceVersion == bound.resourceVersion)
        let condition = stored.json[["status", "conditions"]]?.arrayValue?.first { $0["type"] == "PodScheduled" }
        #expect(condition?["status"] == "True")
        #expect(condition?["lastTransitionTime"] == .string(RFC3339Timestamp.string(from: cluster.harness.clock.now())))
        #expect(condition?["reason"] == nil)
    }

    @Test func bindingABoundPodIsAConflict() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.pod("web")
        try await cluster.registry.bind(namespace: "default", name: "web", binding: binding("web", node: "worker-1"))
        let error = await #expect(throws: StatusError.self) {
            try await cluster.registry.bind(namespace: "default", name: "web", binding: binding("web", node: "worker-2"))
        }
        #expect(error?.code == 409)
        #expect(error?.reason == "Conflict")
        #expect(error?.message == "Operation cannot be fulfilled on pods/binding \"web\": pod web is already assigned to node \"worker-1\"")
    }

    @Test func bindingNamesMustAgreeAndNameANode() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.pod("web")
        let mismatch = await #expect(throws: StatusError.self) {
            try await cluster.registry.bind(namespace: "default", name: "web", binding: binding("other", node: "worker-1"))
        }
        #expect(mismatch?.code == 400)
        #expect(mismatch?.message == "name in URL does not match name in Binding object")
        let missing = await #expect(throws: StatusError.self) {
            try await cluster.registry.bind(namespace: "default", name: "gone", binding: binding("gone", node: "worker-1"))
        }
        #expect(missing?.code == 404)
        let noTarget = await #expect(throws: StatusError.self) {
            try await cluster.registry.bind(namespace: "default", name: "web", binding: binding("web", node: ""))
        }
        #expect(noTarget?.message == "target.name: Required value")
        let wrongUID = await #expect(throws: StatusError.self) {
            try await cluster.registry.bind(namespace: "default", name: "web", binding: binding("web", node: "n", uid: "nope"))
        }
        #expect(wrongUID?.code == 409)
        #expect(try await cluster.nodeName("web") == nil)
    }
}
