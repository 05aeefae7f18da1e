import ComponentLogs
import Controllers
import Foundation
import KubeAPI
import Testing

/// What the loops write to the components' and containers' logs as they act (`kubectl logs` on `kubesim serve`).
@Suite(.serialized) struct ComponentLogWritingTests {
    private typealias F = KubeletFixtures

    private static func harness(_ logs: ClusterLogs, scheduler: Bool = false) async throws -> ClusterHarness {
        let configuration = ControlPlaneConfiguration()
        var controllers: [any Controller] = [NodeIPAMController(configuration.nodeIPAM), Kubelet(configuration.kubelet)]
        if scheduler { controllers.append(Scheduler()) }
        return try await ClusterHarness(controllers: controllers, logs: logs)
    }

    private static func containerID(_ pod: KubeObject, _ name: String) -> String {
        let status = (pod.json[["status", "containerStatuses"]]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }
        return String((status?["containerID"]?.stringValue ?? "").split(separator: "/").last ?? "")
    }

    @Test func containerLogHoldsWhatTheKubeletDidAtTheTimesItDidItAndEndsAtTheExit() async throws {
        let logs = ClusterLogs()
        let harness = try await Self.harness(logs)
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        let pod = F.pod(
            "task", containers: [["name": "task", "image": "busybox", "command": ["false"]]], restartPolicy: "Never",
            annotations: ["kubesim.io/pull-duration": "1.5s", "kubesim.io/run-duration": "3s", "kubesim.io/exit-code": "2"])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        try await harness.settle()
        let finished = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "task")
        let log = try #require(logs.container(Self.containerID(finished, "task")))
        let texts = log.lines.map(\.text)
        #expect(texts.count == 6, "\(texts)")
        #expect(texts.first == #"kubelet (simulated): Pulling image "busybox""#)
        #expect(texts.dropFirst().first?.hasPrefix(
            #"kubelet (simulated): Successfully pulled image "busybox" in 1.5s (1.5s including waiting). Image size: "#) == true)
        #expect(Array(texts.dropFirst(2)) == [
            "kubelet (simulated): Created container task",
            "kubelet (simulated): Started container task",
            "kubelet (simulated): container task is simulated: no process runs in it, so its log shows what the kubelet did for it",
            "kubelet (simulated): Container task exited with code 2 (Error)",
        ])
        let first = log.lines.first?.time ?? Date()
        #expect(log.lines.map { $0.time.timeIntervalSince(first) } == [0, 1.5, 2, 2, 2, 5])
        #expect(log.isClosed)
    }

    @Test func schedulerLogsEachBindingWithTheNodesItWeighed() async throws {
        let logs = ClusterLogs()
        let harness = try await Self.harness(logs, scheduler: true)
        defer { Task { await harness.finish() } }
        for node in ["node01", "node02"] {
            _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node(node))
        }
        try await harness.settle()
        var pod = F.pod("web")
        pod[["spec", "nodeName"]] = nil
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        try await harness.settle()
        let bound = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        let node = bound.spec?["nodeName"]?.stringValue ?? "?"
        let lines = logs.log(of: .kubeScheduler).lines.map(\.text)
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix(
            #"] "Successfully bound pod to node" pod="default/web" node="\#(node)" evaluatedNodes=2 feasibleNodes=2"#) == true,
            "\(lines)")
        #expect(lines.first?.prefixMatch(of: #/I0615 \d\d:\d\d:\d\d\.\d{6}       1 schedule_one\.go:314\] /#) != nil, "\(lines)")
    }
}
