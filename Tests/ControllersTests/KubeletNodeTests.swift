import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct KubeletNodeTests {
    private typealias F = KubeletFixtures

    @Test func nodeCreatedThroughTheAPIIsRegisteredByItsKubelet() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        try await harness.settle()
        let node = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node01")
        #expect(node.spec?["podCIDR"] == "10.244.0.0/24")
        #expect(node.spec?["podCIDRs"] == ["10.244.0.0/24"])
        let managers = node.metadata["managedFields"]?.arrayValue ?? []
        #expect(managers.contains { $0["manager"] == "kube-controller-manager" && $0[["fieldsV1", "f:spec", "f:podCIDR"]] != nil })
        #expect(node.labels["kubernetes.io/hostname"] == "node01")
        #expect(node.labels["kubernetes.io/os"] == "linux")
        let status = try #require(node.json["status"])
        #expect(status["capacity"]?["cpu"] == "2")
        #expect(status["capacity"]?["pods"] == "110")
        #expect(status["allocatable"]?["memory"] == "3913372Ki")
        #expect(status["addresses"] == [["type": "InternalIP", "address": "192.168.56.10"], ["type": "Hostname", "address": "node01"]])
        #expect(status[["nodeInfo", "kubeletVersion"]] == "v1.32.3")
        #expect(status[["nodeInfo", "containerRuntimeVersion"]] == "containerd://1.7.24")
        #expect(status[["nodeInfo", "machineID"]]?.stringValue?.count == 32)
        #expect(status[["daemonEndpoints", "kubeletEndpoint", "Port"]] == 10250)
        let conditions = status["conditions"]?.arrayValue ?? []
        #expect(conditions.map { $0["type"] } == ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"])
        let ready = try #require(conditions.last)
        #expect(ready["status"] == "True" && ready["reason"] == "KubeletReady" && ready["message"] == "kubelet is posting ready status")

        let lease = try await harness.registry.get(BuiltinResources.leases, namespace: "kube-node-lease", name: "node01")
        #expect(lease.spec?["holderIdentity"] == "node01")
        #expect(lease.spec?["leaseDurationSeconds"] == 40)
        #expect(lease.spec?["renewTime"] == "2025-06-15T15:06:40.000000Z")
        #expect(lease.ownerReferences.first?["kind"] == "Node" && lease.ownerReferences.first?["uid"] == .string(node.uid ?? ""))

        // A second node gets the next range and address.
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node02"))
        try await harness.settle()
        let second = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node02")
        #expect(second.spec?["podCIDR"] == "10.244.1.0/24")
        #expect(NodeAddresses.internalIP(second) == "192.168.56.11")
    }

    @Test func nodeWithoutKubeletIsLeftAlone() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(
            BuiltinResources.nodes, namespace: nil, object: F.node("ghost", annotations: ["kubesim.io/kubelet": "none"]))
        try await harness.settle()
        let node = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "ghost")
        #expect(node.json["status"] == nil || node.json["status"] == .emptyObject)
        #expect(node.labels.isEmpty)
        #expect(node.spec?["podCIDR"] == "10.244.0.0/24")  // the node-ipam controller does not care about kubelets
        await #expect(throws: StatusError.self) {
            try await harness.registry.get(BuiltinResources.leases, namespace: "kube-node-lease", name: "ghost")
        }
    }

    @Test func leaseIsRenewedEveryTenSecondsOfSimulatedTime() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        let report = try await harness.settle()
        #expect(report.elapsed == 0)  // renewals do not keep the simulation running
        let registered = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node01")
        let job = F.pod(
            "sleep", containers: [F.container("sleep", image: "busybox:1.36", command: ["sleep", "30"])],
            restartPolicy: "Never", annotations: ["kubesim.io/pull-duration": "1s", "kubesim.io/run-duration": "30s"])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: job)
        try await harness.settle()
        #expect(harness.clock.now() == Date(timeIntervalSince1970: 1_750_000_032))
        let lease = try await harness.registry.get(BuiltinResources.leases, namespace: "kube-node-lease", name: "node01")
        // The renewal due at 10 s ran when the simulation's clock passed it, jumping from the pod's start (2 s)
        // to its end (32 s).
        #expect(lease.spec?["renewTime"] == "2025-06-15T15:07:12.000000Z")
        let node = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node01")
        // Nothing changed on the node but its images: its heartbeat is written on change or every 5 minutes.
        let readyBefore = registered.json[["status", "conditions"]]?.arrayValue?.last
        let readyAfter = node.json[["status", "conditions"]]?.arrayValue?.last
        #expect(readyAfter?["lastTransitionTime"] == readyBefore?["lastTransitionTime"])
    }

    @Test func nodeStatusIsWrittenOnlyEveryFiveMinutesWhenNothingChanges() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        try await harness.settle()
        let start = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node01")
        harness.clock.advance(to: Date(timeIntervalSince1970: 1_750_000_000 + 60))
        try await harness.settle()
        let minuteLater = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node01")
        #expect(minuteLater.resourceVersion == start.resourceVersion)
        let lease = try await harness.registry.get(BuiltinResources.leases, namespace: "kube-node-lease", name: "node01")
        #expect(lease.spec?["renewTime"] == "2025-06-15T15:07:40.000000Z")

        harness.clock.advance(to: Date(timeIntervalSince1970: 1_750_000_000 + 300))
        try await harness.settle()
        let later = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node01")
        let ready = later.json[["status", "conditions"]]?.arrayValue?.last
        #expect(ready?["lastHeartbeatTime"] == .string(F.time(harness, plus: 300)))
        #expect(ready?["lastTransitionTime"] == .string(F.time(harness, plus: 0)))
    }

    @Test func nodeThatReportsItsStatusKeepsIt() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        var node = F.node("worker")
        let time = JSONValue.string(F.time(harness, plus: 0))
        node["spec"] = ["podCIDR": "10.244.7.0/24", "podCIDRs": ["10.244.7.0/24"]]
        node["status"] = [
            "addresses": [["type": "InternalIP", "address": "10.0.0.5"], ["type": "Hostname", "address": "worker"]],
            "capacity": ["cpu": "8", "memory": "32Gi", "pods": "250"], "allocatable": ["cpu": "8", "memory": "31Gi", "pods": "250"],
            "conditions": .array(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"].enumerated().map { index, type in
                [
                    "type": .string(type), "status": index == 3 ? "True" : "False", "lastHeartbeatTime": time,
                    "lastTransitionTime": time, "reason": ["KubeletHasSufficientMemory", "KubeletHasNoDiskPressure", "KubeletHasSufficientPID", "KubeletReady"][index],
                    "message": ["kubelet has sufficient memory available", "kubelet has no disk pressure", "kubelet has sufficient PID available", "kubelet is posting ready status"][index],
                ]
            }),
            "daemonEndpoints": ["kubeletEndpoint": ["Port": 10250]],
            "nodeInfo": ["kubeletVersion": "v1.32.3", "machineID": "m", "systemUUID": "s", "bootID": "b"],
        ]
        node[["metadata", "labels"]] = [
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": "worker", "kubernetes.io/os": "linux",
        ]
        node[["metadata", "annotations"]] = ["volumes.kubernetes.io/controller-managed-attach-detach": "true"]
        let created = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: node)
        try await harness.settle()
        let kept = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "worker")
        #expect(kept.resourceVersion == created.resourceVersion)
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: F.pod("web", node: "worker"))
        try await harness.settle()
        let pod = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        #expect(pod.json[["status", "podIP"]] == "10.244.7.2")
        #expect(pod.json[["status", "hostIP"]] == "10.0.0.5")
    }
}

private enum NodeAddresses {
    static func internalIP(_ node: KubeObject) -> String? {
        node.json[["status", "addresses"]]?.arrayValue?.first { $0["type"] == "InternalIP" }?["address"]?.stringValue
    }
}
