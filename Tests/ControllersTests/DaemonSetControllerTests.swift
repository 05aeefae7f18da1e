import Controllers
import Foundation
import KubeAPI
import Testing

/// The DaemonSet controller (`pkg/controller/daemon`) with the scheduler and simulated kubelets: one pod per
/// node that fits, pinned by node affinity, with the daemon tolerations, revisions and rolling updates.
@Suite(.serialized) struct DaemonSetControllerTests {
    static func harness() async throws -> ClusterHarness {
        let configuration = ControlPlaneConfiguration()
        return try await ClusterHarness(controllers: [
            NodeIPAMController(configuration.nodeIPAM), DaemonSetController(), Scheduler(), Kubelet(configuration.kubelet),
            GarbageCollector(catalog: ResourceCatalog()),
        ])
    }

    static let controlPlaneTaint: JSONValue = ["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"]

    /// A control plane tainted as kubeadm taints it, and two workers.
    static func nodes(_ harness: ClusterHarness, extra: [(String, [JSONValue])] = []) async throws {
        for (name, taints) in [("controlplane", [controlPlaneTaint]), ("node01", []), ("node02", [])] + extra {
            var node = KubeletFixtures.node(name)
            node[["metadata", "labels"]] = ["kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux"]
            if !taints.isEmpty { node[["spec", "taints"]] = .array(taints) }
            _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: node)
        }
    }

    static func daemonSet(_ name: String = "agent", image: String = "busybox:1.36", extraSpec: JSONValue = .emptyObject) -> JSONValue {
        var podSpec: JSONValue = ["containers": [["name": "agent", "image": .string(image)]]]
        for (key, value) in extraSpec.objectValue ?? [:] { podSpec[key] = value }
        return [
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": .string(name)],
            "spec": [
                "selector": ["matchLabels": ["app": .string(name)]],
                "template": ["metadata": ["labels": ["app": .string(name)]], "spec": podSpec],
            ],
        ]
    }

    static func pods(_ harness: ClusterHarness) async throws -> [KubeObject] {
        try await harness.registry.list(BuiltinResources.pods, namespace: "default").items
    }

    static func podNodes(_ harness: ClusterHarness) async throws -> [String] {
        try await pods(harness).compactMap { $0.spec?["nodeName"]?.stringValue }.sorted()
    }

    /// The DaemonSet's events in the order they were written: (reason, message).
    static func events(_ harness: ClusterHarness, about name: String) async throws -> [(String, String)] {
        try await KubeletFixtures.events(harness, about: name)
            .sorted { (Int($0.resourceVersion ?? "") ?? 0) < (Int($1.resourceVersion ?? "") ?? 0) }
            .map { ($0.json["reason"]?.stringValue ?? "", $0.json["message"]?.stringValue ?? "") }
    }

    @Test func onePodPerSchedulableNodeAndNoneOnTheTaintedControlPlane() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await Self.nodes(harness)
        try await harness.create(BuiltinResources.daemonSets, Self.daemonSet())
        try await harness.settle()

        let pods = try await Self.pods(harness)
        #expect(try await Self.podNodes(harness) == ["node01", "node02"])
        let daemonSet = try await harness.get(BuiltinResources.daemonSets, "agent")
        #expect(daemonSet.annotations["deprecated.daemonset.template.generation"] == "1")
        let revisions = try await harness.list(BuiltinResources.controllerRevisions)
        #expect(revisions.count == 1)
        let hash = try #require(revisions.first?.labels["controller-revision-hash"])
        #expect(revisions.first?.name == "agent-\(hash)")
        #expect(revisions.first?.json["revision"] == 1)
        #expect(revisions.first?.json[["data", "spec", "template", "$patch"]] == "replace")
        for pod in pods {
            #expect(pod.generateName == "agent-")
            #expect(pod.labels == ["app": "agent", "controller-revision-hash": hash, "pod-template-generation": "1"])
            #expect(pod.json[["status", "phase"]] == "Running")
            let term = pod.spec?[["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]
            #expect(term == [["matchFields": [["key": "metadata.name", "operator": "In", "values": [pod.spec?["nodeName"] ?? .null]]]]])
            #expect(ControllerRefOf(pod) == ["DaemonSet", "agent"])
        }
        let status = daemonSet.json["status"]
        #expect(status == [
            "currentNumberScheduled": 2, "desiredNumberScheduled": 2, "numberAvailable": 2, "numberMisscheduled": 0,
            "numberReady": 2, "observedGeneration": 1, "updatedNumberScheduled": 2,
        ])
        let created = try await Self.events(harness, about: "agent").filter { $0.0 == "SuccessfulCreate" }.map(\.1).sorted()
        #expect(created == pods.map { "Created pod: \($0.name)" }.sorted())

        // A settled DaemonSet writes nothing more.
        let revision = try await harness.revision()
        try await harness.settle()
        #expect(try await harness.revision() == revision)
    }

    @Test func toleratingTheControlPlaneTaintAddsItsPod() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await Self.nodes(harness)
        try await harness.create(
            BuiltinResources.daemonSets,
            Self.daemonSet(extraSpec: ["tolerations": [["key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"]]]))
        try await harness.settle()
        #expect(try await Self.podNodes(harness) == ["controlplane", "node01", "node02"])
    }

    @Test func podsGetTheDaemonTolerations() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        // Node conditions' taints the daemon tolerations cover, and one they do not.
        try await Self.nodes(harness, extra: [
            ("node03", [["key": "node.kubernetes.io/disk-pressure", "effect": "NoSchedule"]]),
            ("node04", [["key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"]]),
            ("node05", [["key": "dedicated", "value": "db", "effect": "NoExecute"]]),
        ])
        try await harness.create(
            BuiltinResources.daemonSets,
            Self.daemonSet(extraSpec: [
                "hostNetwork": true,
                "tolerations": [["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60]],
            ]))
        try await harness.settle()
        #expect(try await Self.podNodes(harness) == ["node01", "node02", "node03", "node04"])
        let pod = try #require(try await Self.pods(harness).first)
        let expected: [JSONValue] = [
            ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"],
            ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"],
            ["key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"],
        ]
        // The template's own not-ready toleration is replaced in place, losing its tolerationSeconds.
        #expect(pod.spec?["tolerations"]?.arrayValue == expected)
    }

    @Test func nodeSelectorAndAffinityChooseTheNodes() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await Self.nodes(harness)
        try await Self.label(harness, "node02", disk: "ssd")
        try await harness.create(BuiltinResources.daemonSets, Self.daemonSet(extraSpec: ["nodeSelector": ["disk": "ssd"]]))
        try await harness.settle()
        #expect(try await Self.podNodes(harness) == ["node02"])
        // Relabelling the node moves nothing by itself; the pod of a node that no longer fits is deleted.
        try await Self.label(harness, "node02", disk: .null)
        try await Self.label(harness, "node01", disk: "ssd")
        try await harness.settle()
        #expect(try await Self.podNodes(harness) == ["node01"])
        #expect(try await Self.events(harness, about: "agent").map(\.0) == ["SuccessfulCreate", "SuccessfulCreate", "SuccessfulDelete"])
    }

    static func label(_ harness: ClusterHarness, _ node: String, disk: JSONValue) async throws {
        let patch: JSONValue = ["metadata": ["labels": ["disk": disk]]]
        _ = try await harness.registry.patch(BuiltinResources.nodes, namespace: nil, name: node, patchType: .merge, body: patch.jsonData())
    }

    @Test func rollingUpdateReplacesOneNodeAtATime() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await Self.nodes(harness, extra: [("node03", [])])
        try await harness.create(BuiltinResources.daemonSets, Self.daemonSet())
        try await harness.settle()
        let before = try await Self.events(harness, about: "agent").count
        try await harness.mergePatch(
            BuiltinResources.daemonSets, "agent", ["spec": ["template": ["spec": ["containers": [["name": "agent", "image": "busybox:1.37"]]]]]])
        try await harness.settle()

        let daemonSet = try await harness.get(BuiltinResources.daemonSets, "agent")
        #expect(daemonSet.annotations["deprecated.daemonset.template.generation"] == "2")
        let revisions = try await harness.list(BuiltinResources.controllerRevisions).sorted { ($0.json["revision"]?.intValue ?? 0) < ($1.json["revision"]?.intValue ?? 0) }
        #expect(revisions.map { $0.json["revision"] } == [1, 2])
        let hash = try #require(revisions.last?.labels["controller-revision-hash"])
        let pods = try await Self.pods(harness)
        #expect(pods.count == 3)
        for pod in pods {
            #expect(pod.labels["controller-revision-hash"] == hash)
            #expect(pod.labels["pod-template-generation"] == "2")
            #expect(pod.spec?[["containers"]]?.arrayValue?.first?["image"] == "busybox:1.37")
        }
        // maxUnavailable 1: each old pod is deleted only once the previous replacement is available.
        let rollout = try await Self.events(harness, about: "agent").dropFirst(before).map(\.0)
        #expect(rollout == Array(repeating: ["SuccessfulDelete", "SuccessfulCreate"], count: 3).flatMap { $0 })
        #expect(daemonSet.json[["status", "updatedNumberScheduled"]] == 3)
        #expect(daemonSet.json[["status", "observedGeneration"]] == 2)
    }

    @Test func onDeleteWaitsForThePodsToBeDeleted() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await Self.nodes(harness)
        var manifest = Self.daemonSet()
        manifest[["spec", "updateStrategy"]] = ["type": "OnDelete"]
        try await harness.create(BuiltinResources.daemonSets, manifest)
        try await harness.settle()
        try await harness.mergePatch(
            BuiltinResources.daemonSets, "agent", ["spec": ["template": ["spec": ["containers": [["name": "agent", "image": "busybox:1.37"]]]]]])
        try await harness.settle()
        var pods = try await Self.pods(harness)
        #expect(pods.allSatisfy { $0.labels["pod-template-generation"] == "1" })
        #expect(try await harness.get(BuiltinResources.daemonSets, "agent").json[["status", "updatedNumberScheduled"]] == nil)

        let victim = try #require(pods.first { $0.spec?["nodeName"] == "node01" })
        _ = try await harness.registry.delete(BuiltinResources.pods, namespace: "default", name: victim.name, options: DeleteOptions())
        try await harness.settle()
        pods = try await Self.pods(harness)
        #expect(pods.first { $0.spec?["nodeName"] == "node01" }?.labels["pod-template-generation"] == "2")
        #expect(pods.first { $0.spec?["nodeName"] == "node02" }?.labels["pod-template-generation"] == "1")
        #expect(try await harness.get(BuiltinResources.daemonSets, "agent").json[["status", "updatedNumberScheduled"]] == 1)
    }
}

/// The kind and name of an object's controller.
private func ControllerRefOf(_ object: KubeObject) -> [String] {
    guard let reference = object.ownerReferences.first(where: { $0["controller"] == true }) else { return [] }
    return [reference["kind"]?.stringValue ?? "", reference["name"]?.stringValue ?? ""]
}
