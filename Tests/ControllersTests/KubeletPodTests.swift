import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct KubeletPodTests {
    private typealias F = KubeletFixtures

    @Test func podGoesThroughPullCreateStartToRunning() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        var pod = F.pod(
            "web", containers: [["name": "nginx", "image": "nginx", "volumeMounts": [["name": "config", "mountPath": "/etc/nginx/conf.d", "readOnly": true]]]],
            annotations: ["kubesim.io/pull-duration": "1.5s"], volumes: [["name": "config", "emptyDir": .emptyObject]])
        pod[["metadata", "labels"]] = ["app": "web"]
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        let report = try await harness.settle()
        #expect(report.settled)
        #expect(report.elapsed == 2.5)  // sandbox 0.5 s, pull 1.5 s, start 0.5 s

        let running = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        let status = try #require(running.json["status"])
        #expect(status["phase"] == "Running")
        #expect(status["conditions"]?.arrayValue?.map { $0["type"] } == [
            "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled",
        ])
        #expect(status["conditions"]?.arrayValue?.allSatisfy { $0["status"] == "True" && $0["lastProbeTime"] == .null } == true)
        #expect(F.conditions(running)["Ready"]?["lastTransitionTime"] == .string(F.time(harness, plus: 2)))
        #expect(status["hostIP"] == "192.168.56.10")
        #expect(status["hostIPs"] == [["ip": "192.168.56.10"]])
        #expect(status["podIP"] == "10.244.0.2")
        #expect(status["podIPs"] == [["ip": "10.244.0.2"]])
        #expect(status["startTime"] == .string(F.time(harness, plus: 0)))
        #expect(status["qosClass"] == "BestEffort")
        let container = try #require(status["containerStatuses"]?.arrayValue?.first)
        #expect(container["name"] == "nginx")
        #expect(container["image"] == "docker.io/library/nginx:latest")
        let imageID = container["imageID"]?.stringValue ?? ""
        #expect(imageID.hasPrefix("docker.io/library/nginx@sha256:") && imageID.count == "docker.io/library/nginx@sha256:".count + 64)
        let containerID = container["containerID"]?.stringValue ?? ""
        #expect(containerID.hasPrefix("containerd://") && containerID.count == "containerd://".count + 64)
        #expect(container["ready"] == true && container["started"] == true && container["restartCount"] == 0)
        #expect(container["lastState"] == .emptyObject)
        #expect(container["state"] == ["running": ["startedAt": .string(F.time(harness, plus: 2))]])
        // The service account's projected volume, which admission added, is reported like any read-only mount.
        let accessVolume = running.spec?["volumes"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix("kube-api-access-") }
        #expect(container["volumeMounts"] == [
            ["name": "config", "mountPath": "/etc/nginx/conf.d", "readOnly": true, "recursiveReadOnly": "Disabled"],
            [
                "name": .string(accessVolume ?? "?"), "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                "readOnly": true, "recursiveReadOnly": "Disabled",
            ],
        ])
        #expect(running.metadata["managedFields"]?.arrayValue?.contains { $0["manager"] == "kubelet" && $0["subresource"] == "status" } == true)

        let events = try await F.events(harness, about: "web")
        #expect(events.map { $0.json["reason"] } == ["Pulling", "Pulled", "Created", "Started"])
        #expect(events.map { $0.json["message"] } == [
            #"Pulling image "nginx""#,
            #"Successfully pulled image "nginx" in 1.5s (1.5s including waiting). Image size: "#
                + "\(try #require(Self.imageSize(events[1]))) bytes.",
            "Created container nginx", "Started container nginx",
        ].map(JSONValue.string))
        #expect(events.allSatisfy { $0.json["source"] == ["component": "kubelet", "host": "node01"] })
        #expect(events.allSatisfy { $0.json[["involvedObject", "fieldPath"]] == "spec.containers{nginx}" })
        #expect(events.map { $0.json["firstTimestamp"] } == [0, 2, 2, 2].map { .string(F.time(harness, plus: Double($0))) })
    }

    @Test func pullTimeComesFromTheImageAndPrintsLikeGo() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: F.pod("web"))
        let report = try await harness.settle()
        #expect(report.elapsed >= 2 && report.elapsed < 3)
        let pulled = try #require(try await F.events(harness, about: "web").first { $0.json["reason"] == "Pulled" })
        let message = pulled.json["message"]?.stringValue ?? ""
        let took = String(format: "%.3f", report.elapsed - 1).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
        #expect(message.hasPrefix(#"Successfully pulled image "nginx" in \#(took)s (\#(took)s including waiting). Image size: "#))
    }

    @Test func imageAlreadyOnTheNodeIsNotPulledAgainUnderIfNotPresent() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        let first = F.pod("first", containers: [F.container("nginx", image: "nginx:1.27")])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: first)
        try await harness.settle()
        let node = try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: "node01")
        let names = node.json[["status", "images"]]?.arrayValue?.first?["names"]?.arrayValue ?? []
        #expect(names.last == "docker.io/library/nginx:1.27")

        let second = F.pod("second", containers: [F.container("nginx", image: "nginx:1.27")])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: second)
        let report = try await harness.settle()
        #expect(report.elapsed == 1)  // sandbox, start
        let events = try await F.events(harness, about: "second")
        #expect(events.map { $0.json["message"] } == [
            #"Container image "nginx:1.27" already present on machine"#, "Created container nginx", "Started container nginx",
        ])
        let pod = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "second")
        #expect(pod.json[["status", "podIP"]] == "10.244.0.3")
    }

    @Test func settledPodsAndNodesWriteNothingOnTheNextSettle() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: F.pod("web"))
        try await harness.settle()
        let settled = try await harness.revision()
        let again = try await harness.settle()
        #expect(again.settled)
        #expect(try await harness.revision() == settled)
    }

    @Test func initContainersRunToCompletionFirst() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        let pod = F.pod(
            "web", initContainers: [F.container("setup", image: "busybox:1.36", command: ["sh", "-c", "true"])],
            annotations: ["kubesim.io/pull-duration": "1s"])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        let report = try await harness.settle()
        #expect(report.elapsed == 4.5)  // sandbox 0.5, setup: pull 1 + start 0.5 + run 1, nginx: pull 1 + start 0.5
        let events = try await F.events(harness, about: "web")
        #expect(events.map { "\($0.json["reason"]?.stringValue ?? "") \($0.json[["involvedObject", "fieldPath"]]?.stringValue ?? "")" } == [
            "Pulling spec.initContainers{setup}", "Pulled spec.initContainers{setup}", "Created spec.initContainers{setup}",
            "Started spec.initContainers{setup}", "Pulling spec.containers{nginx}", "Pulled spec.containers{nginx}",
            "Created spec.containers{nginx}", "Started spec.containers{nginx}",
        ])
        let status = try #require(try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web").json["status"])
        #expect(status["phase"] == "Running")
        let setup = try #require(status["initContainerStatuses"]?.arrayValue?.first)
        #expect(setup[["state", "terminated", "reason"]] == "Completed")
        #expect(setup[["state", "terminated", "exitCode"]] == 0)
        #expect(setup["ready"] == true && setup["started"] == false)
        #expect(status["conditions"]?.arrayValue?.first { $0["type"] == "Initialized" }?["status"] == "True")
    }

    @Test func podWaitingForInitContainersReportsThem() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        let pod = F.pod(
            "web", initContainers: [F.container("setup", image: "busybox:1.36", command: ["true"])],
            annotations: ["kubesim.io/run-duration": "1h"])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        _ = try await harness.manager.settle(on: harness.clock, maxElapsed: 60)
        let waiting = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        let conditions = F.conditions(waiting)
        #expect(waiting.json[["status", "phase"]] == "Pending")
        #expect(conditions["Initialized"]?["reason"] == "ContainersNotInitialized")
        #expect(conditions["Initialized"]?["message"] == "containers with incomplete status: [setup]")
        #expect(conditions["Ready"]?["message"] == "containers with unready status: [nginx]")
        #expect(waiting.json[["status", "containerStatuses"]]?.arrayValue?.first?[["state", "waiting", "reason"]] == "PodInitializing")
    }

    @Test func jobPodRunsItsCommandAndSucceeds() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        let pod = F.pod(
            "pi", containers: [F.container("pi", image: "perl:5.34.0", command: ["perl", "-e", "print 1"])],
            restartPolicy: "Never", annotations: ["kubesim.io/pull-duration": "2s"])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        let report = try await harness.settle()
        #expect(report.elapsed == 8)  // sandbox 0.5, pull 2, start 0.5, run 5
        let done = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "pi")
        #expect(done.json[["status", "phase"]] == "Succeeded")
        let conditions = F.conditions(done)
        #expect(conditions["PodReadyToStartContainers"]?["status"] == "False")
        #expect(conditions["Initialized"]?["status"] == "True" && conditions["Initialized"]?["reason"] == "PodCompleted")
        #expect(conditions["Ready"]?["status"] == "False" && conditions["Ready"]?["reason"] == "PodCompleted")
        #expect(conditions["ContainersReady"]?["reason"] == "PodCompleted")
        let container = try #require(done.json[["status", "containerStatuses"]]?.arrayValue?.first)
        #expect(container[["state", "terminated", "exitCode"]] == 0)
        #expect(container[["state", "terminated", "reason"]] == "Completed")
        #expect(container[["state", "terminated", "startedAt"]] == .string(F.time(harness, plus: 3)))
        #expect(container[["state", "terminated", "finishedAt"]] == .string(F.time(harness, plus: 8)))
        #expect(container["ready"] == false && container["started"] == false)
        #expect(done.json[["status", "podIP"]] == "10.244.0.2")
    }

    @Test func exitCodeAnnotationFailsThePod() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        let pod = F.pod(
            "fail", containers: [F.container("main", image: "busybox:1.36", command: ["false"])],
            restartPolicy: "Never", annotations: ["kubesim.io/exit-code": "2", "kubesim.io/run-duration": "1s"])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        try await harness.settle()
        let failed = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "fail")
        #expect(failed.json[["status", "phase"]] == "Failed")
        #expect(F.conditions(failed)["Ready"]?["reason"] == "PodFailed")
        let container = try #require(failed.json[["status", "containerStatuses"]]?.arrayValue?.first)
        #expect(container[["state", "terminated", "exitCode"]] == 2)
        #expect(container[["state", "terminated", "reason"]] == "Error")
    }

    @Test func readinessProbeDelaysReadiness() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        var container = F.container("nginx", image: "nginx")
        container["readinessProbe"] = ["httpGet": ["path": "/", "port": 80], "initialDelaySeconds": 5, "periodSeconds": 5]
        let pod = F.pod("web", containers: [container], annotations: ["kubesim.io/pull-duration": "1s"])
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        _ = try await harness.manager.settle(on: harness.clock, maxElapsed: 3)
        let started = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        #expect(started.json[["status", "phase"]] == "Running")
        #expect(F.conditions(started)["ContainersReady"]?["message"] == "containers with unready status: [nginx]")
        #expect(started.json[["status", "containerStatuses"]]?.arrayValue?.first?["ready"] == false)

        let report = try await harness.settle()
        #expect(harness.clock.now() == Date(timeIntervalSince1970: 1_750_000_000 + 7))  // started at 2 s, ready at 2 + 5 s
        #expect(report.settled)
        let ready = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        #expect(F.conditions(ready)["Ready"]?["status"] == "True")
        #expect(F.conditions(ready)["Ready"]?["lastTransitionTime"] == .string(F.time(harness, plus: 7)))
    }

    @Test func hostNetworkPodGetsTheNodeAddress() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        var pod = F.pod("agent")
        pod[["spec", "hostNetwork"]] = true
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: pod)
        try await harness.settle()
        let running = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "agent")
        #expect(running.json[["status", "podIP"]] == "192.168.56.10")
    }

    @Test func mirrorPodsAndPodsOfNodesWithoutKubeletAreLeftAlone() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        _ = try await harness.registry.create(
            BuiltinResources.nodes, namespace: nil, object: F.node("ghost", annotations: ["kubesim.io/kubelet": "none"]))
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: F.pod("stuck", node: "ghost"))
        _ = try await harness.registry.create(
            BuiltinResources.pods, namespace: "default", object: F.pod("mirror", annotations: ["kubernetes.io/config.mirror": "abc"]))
        try await harness.settle()
        for name in ["stuck", "mirror"] {
            let pod = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: name)
            #expect(pod.json["status"] == ["phase": "Pending", "qosClass": "BestEffort"])
            #expect(try await F.events(harness, about: name).isEmpty)
        }
    }

    private static func imageSize(_ event: KubeObject) -> String? {
        let message = event.json["message"]?.stringValue ?? ""
        guard let range = message.range(of: "Image size: ") else { return nil }
        return String(message[range.upperBound...].prefix { $0.isNumber })
    }
}
