import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct DeploymentControllerTests {
    private let deployments = BuiltinResources.deployments
    private let replicaSets = BuiltinResources.replicaSets
    private let pods = BuiltinResources.pods

    @Test func createsReplicaSetNamedForTheTemplateHashWithItsPods() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.settle()
        let deployment = try await harness.get(deployments, "web")
        let sets = try await harness.replicaSets()
        #expect(sets.count == 1)
        let rs = try #require(sets.first)
        let hash = try #require(rs.labels["pod-template-hash"])
        #expect(rs.name == "web-\(hash)")
        #expect(rs.json[["spec", "selector", "matchLabels"]] == ["app": "web", "pod-template-hash": .string(hash)])
        #expect(rs.json[["spec", "template", "metadata", "labels", "pod-template-hash"]] == .string(hash))
        #expect(rs.json[["spec", "replicas"]] == 3)
        let owner = try #require(rs.ownerReferences.first)
        #expect(owner["apiVersion"] == "apps/v1" && owner["kind"] == "Deployment" && owner["name"] == "web")
        #expect(owner["uid"]?.stringValue == deployment.uid && owner["controller"] == true && owner["blockOwnerDeletion"] == true)
        #expect(rs.annotations["deployment.kubernetes.io/revision"] == "1")
        #expect(rs.annotations["deployment.kubernetes.io/desired-replicas"] == "3")
        #expect(rs.annotations["deployment.kubernetes.io/max-replicas"] == "4")
        #expect(deployment.annotations["deployment.kubernetes.io/revision"] == "1")
        #expect(deployment.generation == 1)
        let podList = try await harness.pods(of: rs)
        #expect(podList.count == 3)
        for pod in podList {
            #expect(pod.generateName == "web-\(hash)-")
            #expect(pod.name.hasPrefix("web-\(hash)-") && pod.name.count == "web-\(hash)-".count + 5)
            #expect(pod.labels == ["app": "web", "pod-template-hash": hash])
            let ref = try #require(pod.ownerReferences.first)
            #expect(ref["apiVersion"] == "apps/v1" && ref["kind"] == "ReplicaSet" && ref["name"]?.stringValue == rs.name)
            #expect(ref["controller"] == true && ref["blockOwnerDeletion"] == true)
        }
    }

    @Test func reportsStatusAndConditionsOnceThePodsAreReady() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.settle()
        var status = try await harness.get(deployments, "web").json["status"]
        #expect(status?["replicas"] == 3 && status?["updatedReplicas"] == 3 && status?["unavailableReplicas"] == 3)
        #expect(status?["availableReplicas"] == nil)
        // Created pods count as progress: ReplicaSetUpdated replaces NewReplicaSetCreated, after Available.
        #expect(status?[["conditions"]]?.arrayValue?.map { $0["reason"] } == ["MinimumReplicasUnavailable", "ReplicaSetUpdated"])
        #expect(status?[["conditions"]]?.arrayValue?.last?["message"]?.stringValue?.hasSuffix("\" is progressing.") == true)
        try await harness.makeAllReadyAndSettle()
        let deployment = try await harness.get(deployments, "web")
        status = deployment.json["status"]
        #expect(status?["replicas"] == 3 && status?["updatedReplicas"] == 3 && status?["readyReplicas"] == 3)
        #expect(status?["availableReplicas"] == 3 && status?["unavailableReplicas"] == nil)
        #expect(status?["observedGeneration"] == 1)
        let rs = try #require(try await harness.replicaSets().first)
        let conditions = status?["conditions"]?.arrayValue ?? []
        #expect(conditions.map { $0["type"] } == ["Available", "Progressing"])
        #expect(conditions[0]["status"] == "True" && conditions[0]["reason"] == "MinimumReplicasAvailable")
        #expect(conditions[0]["message"] == "Deployment has minimum availability.")
        #expect(conditions[1]["status"] == "True" && conditions[1]["reason"] == "NewReplicaSetAvailable")
        #expect(conditions[1]["message"]?.stringValue == "ReplicaSet \"\(rs.name)\" has successfully progressed.")
        #expect(rs.json["status"] == ["replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3, "observedGeneration": 1])
    }

    @Test func settledDeploymentWritesNothingOnASecondSettle() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.settle()
        try await harness.makeAllReadyAndSettle()
        let settled = try await harness.revision()
        let again = try await harness.settle()
        #expect(again.settled)
        #expect(try await harness.revision() == settled)
    }

    @Test func scalesUpAndDownWithScalingEvents() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.makeAllReadyAndSettle()
        try await harness.mergePatch(deployments, "web", ["spec": ["replicas": 5]])
        try await harness.makeAllReadyAndSettle()
        var rs = try #require(try await harness.replicaSets().first)
        #expect(try await harness.pods(of: rs).count == 5)
        #expect(rs.annotations["deployment.kubernetes.io/desired-replicas"] == "5")
        #expect(rs.annotations["deployment.kubernetes.io/max-replicas"] == "7")
        try await harness.mergePatch(deployments, "web", ["spec": ["replicas": 2]])
        try await harness.settle()
        rs = try #require(try await harness.replicaSets().first)
        #expect(try await harness.pods(of: rs).count == 2)
        #expect(try await harness.list(replicaSets).count == 1)
        #expect(try await harness.get(deployments, "web").json[["status", "replicas"]] == 2)
        #expect(
            try await harness.eventMessages(reason: "ScalingReplicaSet") == [
                "Scaled up replica set \(rs.name) from 0 to 3", "Scaled up replica set \(rs.name) from 3 to 5",
                "Scaled down replica set \(rs.name) from 5 to 2",
            ])
        let deletes = try await harness.eventMessages(reason: "SuccessfulDelete")
        #expect(deletes.count == 3 && deletes.allSatisfy { $0.hasPrefix("Deleted pod: \(rs.name)-") })
        #expect(try await harness.eventMessages(reason: "SuccessfulCreate").count == 5)
    }

    @Test func rollingUpdateStaysWithinSurgeAndUnavailability() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        let strategy: JSONValue = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1, "maxUnavailable": 1]]
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 4, strategy: strategy))
        try await harness.makeAllReadyAndSettle()
        try await harness.mergePatch(
            deployments, "web",
            ["spec": ["template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.28"]]]]]])
        var steps = 0
        while true {
            try await harness.settle()
            let all = try await harness.list(pods)
            #expect(all.count <= 5, "more than replicas + maxSurge pods")
            let ready = all.filter { $0.json[["status", "phase"]] == "Running" }
            #expect(ready.count >= 3, "fewer than replicas - maxUnavailable available pods")
            let sets = try await harness.replicaSets()
            if sets.count == 2, sets[0].json[["spec", "replicas"]] == 0, ready.count == 4, all.count == 4 { break }
            // The kubelet's part: the new pods become ready, one settle at a time.
            for pod in all where pod.json[["status", "phase"]] != "Running" { try await harness.makeReady(pod) }
            steps += 1
            try #require(steps < 20)
        }
        let sets = try await harness.replicaSets()
        #expect(sets.map { $0.annotations["deployment.kubernetes.io/revision"] } == ["1", "2"])
        #expect(try await harness.get(deployments, "web").annotations["deployment.kubernetes.io/revision"] == "2")
        #expect(sets[1].json[["spec", "replicas"]] == 4)
        #expect(try await harness.pods(of: sets[1]).count == 4)
        let progressing = try await harness.get(deployments, "web").json[["status", "conditions"]]?.arrayValue?.last
        #expect(progressing?["reason"] == "NewReplicaSetAvailable")
        let settled = try await harness.revision()
        try await harness.settle()
        #expect(try await harness.revision() == settled)
        let scaling = try await harness.eventMessages(reason: "ScalingReplicaSet")
        #expect(scaling[1] == "Scaled up replica set \(sets[1].name) from 0 to 1")
        #expect(scaling[2] == "Scaled down replica set \(sets[0].name) from 4 to 3")
    }

    @Test func recreateScalesTheOldReplicaSetToZeroFirst() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 3, strategy: ["type": "Recreate"]))
        try await harness.makeAllReadyAndSettle()
        try await harness.mergePatch(
            deployments, "web",
            ["spec": ["template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.28"]]]]]])
        try await harness.settle()
        let sets = try await harness.replicaSets()
        #expect(sets.count == 2)
        #expect(sets[0].json[["spec", "replicas"]] == 0)
        #expect(sets[1].json[["spec", "replicas"]] == 3)
        #expect(
            try await harness.eventMessages(reason: "ScalingReplicaSet") == [
                "Scaled up replica set \(sets[0].name) from 0 to 3", "Scaled down replica set \(sets[0].name) from 3 to 0",
                "Scaled up replica set \(sets[1].name) from 0 to 3",
            ])
        #expect(sets[1].annotations["deployment.kubernetes.io/max-replicas"] == "3")
    }

    @Test func keepsRevisionHistoryLimitOldReplicaSets() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 2, extraSpec: ["revisionHistoryLimit": 1]))
        try await harness.makeAllReadyAndSettle()
        for image in ["nginx:1.28", "nginx:1.29", "nginx:1.30"] {
            try await harness.mergePatch(
                deployments, "web", ["spec": ["template": ["spec": ["containers": [["name": "nginx", "image": .string(image)]]]]]])
            for _ in 0..<6 { try await harness.makeAllReadyAndSettle() }
        }
        let sets = try await harness.replicaSets()
        #expect(sets.map { $0.annotations["deployment.kubernetes.io/revision"] } == ["3", "4"])
        #expect(sets[0].json[["spec", "replicas"]] == 0 && sets[1].json[["spec", "replicas"]] == 2)
    }

    @Test func rollbackByRestoringTheOldTemplateReusesTheOldReplicaSet() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 2))
        try await harness.makeAllReadyAndSettle()
        let first = try #require(try await harness.replicaSets().first)
        try await harness.mergePatch(
            deployments, "web", ["spec": ["template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.28"]]]]]])
        for _ in 0..<4 { try await harness.makeAllReadyAndSettle() }
        // kubectl rollout undo (client side in 1.32): a JSON patch of the template, without the hash label, and
        // of the annotations: the Deployment's own deployment.kubernetes.io ones plus the ReplicaSet's others.
        var template = first.json[["spec", "template"]] ?? .emptyObject
        template[["metadata", "labels", "pod-template-hash"]] = nil
        let annotations = try await harness.get(deployments, "web").annotations
        let undo: JSONValue = [
            ["op": "replace", "path": "/spec/template", "value": template],
            ["op": "replace", "path": "/metadata/annotations", "value": .object(annotations.mapValues(JSONValue.string))],
        ]
        _ = try await harness.registry.patch(deployments, namespace: "default", name: "web", patchType: .json, body: undo.jsonData())
        for _ in 0..<4 { try await harness.makeAllReadyAndSettle() }
        let sets = try await harness.list(replicaSets)
        #expect(sets.count == 2)
        let reused = try await harness.get(replicaSets, first.name)
        #expect(reused.annotations["deployment.kubernetes.io/revision"] == "3")
        #expect(reused.annotations["deployment.kubernetes.io/revision-history"] == "1")
        #expect(reused.json[["spec", "replicas"]] == 2)
        #expect(try await harness.get(deployments, "web").annotations["deployment.kubernetes.io/revision"] == "3")
    }

    @Test func rolloutRestartAnnotationStartsANewReplicaSet() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 2))
        try await harness.makeAllReadyAndSettle()
        let restart: JSONValue = [
            "spec": ["template": ["metadata": ["annotations": ["kubectl.kubernetes.io/restartedAt": "2025-06-15T12:00:00Z"]]]]
        ]
        _ = try await harness.registry.patch(
            deployments, namespace: "default", name: "web", patchType: .strategicMerge, body: restart.jsonData())
        for _ in 0..<4 { try await harness.makeAllReadyAndSettle() }
        let sets = try await harness.replicaSets()
        #expect(sets.count == 2)
        #expect(sets[1].json[["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"]] != nil)
        #expect(try await harness.pods(of: sets[1]).first?.annotations["kubectl.kubernetes.io/restartedAt"] == "2025-06-15T12:00:00Z")
        #expect(sets[0].json[["spec", "replicas"]] == 0)
    }

    @Test func scalingMidRolloutIsProportional() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        let strategy: JSONValue = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 3, "maxUnavailable": 2]]
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 10, strategy: strategy))
        try await harness.makeAllReadyAndSettle()
        try await harness.mergePatch(
            deployments, "web", ["spec": ["template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.28"]]]]]])
        try await harness.settle()
        var sets = try await harness.replicaSets()
        // New: 3 surge pods; old: 10 - 2 unavailable = 8.
        #expect(sets.map { $0.json[["spec", "replicas"]] } == [8, 5])
        try await harness.mergePatch(deployments, "web", ["spec": ["replicas": 15]])
        try await harness.settle()
        sets = try await harness.replicaSets()
        // 13 -> 18 (15 + surge 3): old gets round(8*18/13)-8 = 3, new the rest: 2.
        #expect(sets.map { $0.json[["spec", "replicas"]] } == [11, 7])
        #expect(sets.allSatisfy { $0.annotations["deployment.kubernetes.io/desired-replicas"] == "15" })
    }

    @Test func pausedDeploymentDoesNotRollOut() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 2))
        try await harness.makeAllReadyAndSettle()
        try await harness.mergePatch(deployments, "web", ["spec": ["paused": true]])
        try await harness.mergePatch(
            deployments, "web", ["spec": ["template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.28"]]]]]])
        try await harness.settle()
        #expect(try await harness.list(replicaSets).count == 1)
        var progressing = try await harness.get(deployments, "web").json[["status", "conditions"]]?.arrayValue?.last
        #expect(progressing?["status"] == "Unknown" && progressing?["reason"] == "DeploymentPaused")
        #expect(progressing?["message"] == "Deployment is paused")
        try await harness.mergePatch(deployments, "web", ["spec": ["paused": false]])
        try await harness.settle()
        #expect(try await harness.list(replicaSets).count == 2)
        let conditions = try await harness.get(deployments, "web").json[["status", "conditions"]]?.arrayValue ?? []
        progressing = conditions.first { $0["type"] == "Progressing" }
        #expect(progressing?["status"] == "True" && progressing?["reason"] == "ReplicaSetUpdated")
    }

    @Test func rolloutThatNeverBecomesReadyExceedsItsProgressDeadline() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 2, extraSpec: ["progressDeadlineSeconds": 30]))
        let start = harness.clock.now()
        let report = try await harness.settle()
        // The deadline timer alone does not move a simulation's clock.
        #expect(report.settled && harness.clock.now() == start)
        harness.clock.advance(to: start.addingTimeInterval(40))
        try await harness.settle()
        let deployment = try await harness.get(deployments, "web")
        let rs = try #require(try await harness.replicaSets().first)
        let progressing = deployment.json[["status", "conditions"]]?.arrayValue?.first { $0["type"] == "Progressing" }
        #expect(progressing?["status"] == "False" && progressing?["reason"] == "ProgressDeadlineExceeded")
        #expect(progressing?["message"]?.stringValue == "ReplicaSet \"\(rs.name)\" has timed out progressing.")
    }

    @Test func completedRolloutLeavesNoTimer() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 1, extraSpec: ["progressDeadlineSeconds": 30]))
        try await harness.makeAllReadyAndSettle()
        let settled = try await harness.revision()
        harness.clock.advance(to: harness.clock.now().addingTimeInterval(3600))
        try await harness.settle()
        #expect(try await harness.revision() == settled)
    }

    @Test func nameTakenByAnotherReplicaSetRaisesCollisionCount() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(deployments, ClusterHarness.deployment(replicas: 1, extraSpec: ["paused": true]))
        try await harness.settle()
        #expect(try await harness.list(replicaSets).isEmpty)
        let template = try #require(try await harness.get(deployments, "web").spec?["template"])
        let hash = PodTemplateHash.compute(template, collisionCount: nil)
        var squatter = ClusterHarness.deployment("other", replicas: 0)
        squatter["kind"] = "ReplicaSet"
        squatter[["metadata", "name"]] = .string("web-\(hash)")
        squatter[["spec", "strategy"]] = nil
        try await harness.create(replicaSets, squatter)
        try await harness.mergePatch(deployments, "web", ["spec": ["paused": false]])
        try await harness.settle()
        let deployment = try await harness.get(deployments, "web")
        #expect(deployment.json[["status", "collisionCount"]] == 1)
        let owned = try await harness.list(replicaSets).filter { $0.ownerReferences.first?["uid"]?.stringValue == deployment.uid }
        #expect(owned.map(\.name) == ["web-\(PodTemplateHash.compute(template, collisionCount: 1))"])
    }
}
