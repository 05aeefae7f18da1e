import Controllers
import Foundation
import KubeAPI
import Testing

/// The StatefulSet controller (`pkg/controller/statefulset`) with the scheduler and simulated kubelets: ordinal
/// pods created in order (OrderedReady) or at once (Parallel), claims from the claim templates, scale-down from
/// the highest ordinal, partitioned rolling updates, ControllerRevisions and the upstream event texts.
@Suite(.serialized) struct StatefulSetControllerTests {
    static func harness() async throws -> ClusterHarness {
        let configuration = ControlPlaneConfiguration()
        let harness = try await ClusterHarness(controllers: [
            NodeIPAMController(configuration.nodeIPAM), StatefulSetController(), Scheduler(), Kubelet(configuration.kubelet),
            GarbageCollector(catalog: ResourceCatalog()), PersistentVolumeBinder(),
        ])
        for name in ["node01", "node02"] {
            _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: KubeletFixtures.node(name))
        }
        // A kubeadm cluster provisions no volumes: as in the course's labs, an administrator made some first.
        for index in 1...6 {
            _ = try await harness.registry.create(
                BuiltinResources.persistentVolumes, namespace: nil,
                object: PersistentVolumeBinderTests.volume("pv\(index)", size: "1Gi"))
        }
        return harness
    }

    static func statefulSet(
        _ name: String = "db", replicas: Int64 = 3, image: String = "nginx:1.27", claims: Bool = true,
        extraSpec: [String: JSONValue] = [:]
    ) -> JSONValue {
        var spec: JSONValue = [
            "replicas": .int(replicas), "serviceName": .string(name),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": [
                    "containers": [
                        [
                            "name": "db", "image": .string(image),
                            "volumeMounts": claims ? [["name": "data", "mountPath": "/data"]] : [],
                        ]
                    ]
                ],
            ],
        ]
        if claims {
            spec["volumeClaimTemplates"] = [
                [
                    "metadata": ["name": "data"],
                    "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]],
                ]
            ]
        }
        for (key, value) in extraSpec { spec[key] = value }
        return ["apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": .string(name)], "spec": spec]
    }

    /// The set's events in the order they were written: (reason, message).
    static func events(_ harness: ClusterHarness, about name: String = "db") async throws -> [(String, String)] {
        try await KubeletFixtures.events(harness, about: name)
            .sorted { (Int($0.resourceVersion ?? "") ?? 0) < (Int($1.resourceVersion ?? "") ?? 0) }
            .map { ($0.json["reason"]?.stringValue ?? "", $0.json["message"]?.stringValue ?? "") }
    }

    static func pods(_ harness: ClusterHarness) async throws -> [KubeObject] {
        try await harness.list(BuiltinResources.pods).sorted { $0.name < $1.name }
    }

    static func readySince(_ pod: KubeObject) -> String? {
        KubeletFixtures.conditions(pod)["Ready"]?["lastTransitionTime"]?.stringValue
    }

    @Test func orderedReadyCreatesEachMemberAfterThePreviousIsReadyWithItsClaim() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.statefulSets, Self.statefulSet())
        try await harness.settle()

        let pods = try await Self.pods(harness)
        #expect(pods.map(\.name) == ["db-0", "db-1", "db-2"])
        let revisions = try await harness.list(BuiltinResources.controllerRevisions)
        #expect(revisions.count == 1)
        let revision = try #require(revisions.first)
        let hash = try #require(revision.labels["controller.kubernetes.io/hash"])
        #expect(revision.name == "db-\(hash)")
        #expect(revision.labels == ["app": "db", "controller.kubernetes.io/hash": .init(hash)])
        #expect(revision.json["revision"] == 1)
        for (ordinal, pod) in pods.enumerated() {
            #expect(pod.generateName == "db-")
            #expect(
                pod.labels == [
                    "app": "db", "controller-revision-hash": revision.name, "statefulset.kubernetes.io/pod-name": pod.name,
                    "apps.kubernetes.io/pod-index": String(ordinal),
                ])
            #expect(pod.spec?["hostname"] == .string(pod.name))
            #expect(pod.spec?["subdomain"] == "db")
            #expect(pod.spec?["volumes"]?.arrayValue?.first == ["name": "data", "persistentVolumeClaim": ["claimName": .string("data-\(pod.name)")]])
            #expect(pod.json[["status", "phase"]] == "Running")
        }
        // Each member is created only once its predecessor is Running and Ready.
        for (previous, next) in zip(pods, pods.dropFirst()) {
            let ready = try #require(Self.readySince(previous))
            #expect((next.creationTimestamp ?? "") >= ready)
            #expect((next.creationTimestamp ?? "") > (previous.creationTimestamp ?? ""))
        }
        let claims = try await harness.list(BuiltinResources.persistentVolumeClaims).sorted { $0.name < $1.name }
        #expect(claims.map(\.name) == ["data-db-0", "data-db-1", "data-db-2"])
        for claim in claims {
            #expect(claim.labels == ["app": "db"])
            // Retain/Retain: no owner references; each is bound to one of the volumes made beforehand.
            #expect(claim.ownerReferences.isEmpty)
            #expect(claim.json[["status", "phase"]] == "Bound")
        }
        #expect(
            try await Self.events(harness).map(\.1) == [
                "create Claim data-db-0 Pod db-0 in StatefulSet db success", "create Pod db-0 in StatefulSet db successful",
                "create Claim data-db-1 Pod db-1 in StatefulSet db success", "create Pod db-1 in StatefulSet db successful",
                "create Claim data-db-2 Pod db-2 in StatefulSet db success", "create Pod db-2 in StatefulSet db successful",
            ])
        let status = try await harness.get(BuiltinResources.statefulSets, "db").json["status"]
        #expect(
            status == [
                "observedGeneration": 1, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 3,
                "availableReplicas": 3, "currentRevision": .string(revision.name), "updateRevision": .string(revision.name),
                "collisionCount": 0,
            ])
    }

    @Test func parallelCreatesAllMembersAtOnce() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(
            BuiltinResources.statefulSets, Self.statefulSet(claims: false, extraSpec: ["podManagementPolicy": "Parallel"]))
        try await harness.settle()
        let pods = try await Self.pods(harness)
        #expect(pods.map(\.name) == ["db-0", "db-1", "db-2"])
        #expect(Set(pods.map { $0.creationTimestamp ?? "" }).count == 1)
        #expect(
            try await Self.events(harness).map(\.1) == [
                "create Pod db-0 in StatefulSet db successful", "create Pod db-1 in StatefulSet db successful",
                "create Pod db-2 in StatefulSet db successful",
            ])
    }

    @Test func scaleDownDeletesFromTheHighestOrdinalAndKeepsTheClaims() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.statefulSets, Self.statefulSet(replicas: 4))
        try await harness.settle()
        try await harness.mergePatch(BuiltinResources.statefulSets, "db", ["spec": ["replicas": 1]])
        try await harness.settle()

        #expect(try await Self.pods(harness).map(\.name) == ["db-0"])
        let deletions = try await Self.events(harness).filter { $0.0 == "SuccessfulDelete" }.map(\.1)
        #expect(
            deletions == [
                "delete Pod db-3 in StatefulSet db successful", "delete Pod db-2 in StatefulSet db successful",
                "delete Pod db-1 in StatefulSet db successful",
            ])
        #expect(try await harness.list(BuiltinResources.persistentVolumeClaims).count == 4)
        let status = try await harness.get(BuiltinResources.statefulSets, "db").json["status"]
        #expect(status?["replicas"] == 1)
        #expect(status?["readyReplicas"] == 1)
    }

    @Test func partitionedRollingUpdateReplacesOnlyOrdinalsAtOrAboveThePartitionHighestFirst() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(
            BuiltinResources.statefulSets,
            Self.statefulSet(
                claims: false, extraSpec: ["updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["partition": 1]]]))
        try await harness.settle()
        let first = try await harness.get(BuiltinResources.statefulSets, "db").json[["status", "currentRevision"]]
        try await harness.mergePatch(
            BuiltinResources.statefulSets, "db",
            ["spec": ["template": ["spec": ["containers": [["name": "db", "image": "nginx:1.28"]]]]]])
        try await harness.settle()

        let revisions = try await harness.list(BuiltinResources.controllerRevisions)
        #expect(revisions.count == 2)
        let set = try await harness.get(BuiltinResources.statefulSets, "db")
        let update = try #require(set.json[["status", "updateRevision"]]?.stringValue)
        #expect(set.json[["status", "currentRevision"]] == first)
        #expect(.string(update) != first)
        let pods = try await Self.pods(harness)
        #expect(pods.map { $0.labels["controller-revision-hash"] ?? "" } == [first?.stringValue ?? "", update, update])
        #expect(pods.map { $0.spec?[["containers"]]?.arrayValue?.first?["image"]?.stringValue ?? "" } == ["nginx:1.27", "nginx:1.28", "nginx:1.28"])
        let deletions = try await Self.events(harness).filter { $0.0 == "SuccessfulDelete" }.map(\.1)
        #expect(deletions == ["delete Pod db-2 in StatefulSet db successful", "delete Pod db-1 in StatefulSet db successful"])
        #expect(set.json[["status", "currentReplicas"]] == 1)
        #expect(set.json[["status", "updatedReplicas"]] == 2)

        // Partition 0 finishes the rollout: the update revision becomes current.
        try await harness.mergePatch(
            BuiltinResources.statefulSets, "db", ["spec": ["updateStrategy": ["rollingUpdate": ["partition": 0]]]])
        try await harness.settle()
        let done = try await harness.get(BuiltinResources.statefulSets, "db")
        #expect(done.json[["status", "currentRevision"]] == .string(update))
        #expect(done.json[["status", "currentReplicas"]] == 3)
        #expect(try await Self.pods(harness).allSatisfy { $0.labels["controller-revision-hash"] == update })
    }

    @Test func deleteRetentionPolicyMakesTheSetOwnItsClaims() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(
            BuiltinResources.statefulSets,
            Self.statefulSet(replicas: 1, extraSpec: ["persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Delete"]]))
        try await harness.settle()
        let set = try await harness.get(BuiltinResources.statefulSets, "db")
        let claim = try await harness.get(BuiltinResources.persistentVolumeClaims, "data-db-0")
        #expect(claim.ownerReferences.map { $0["uid"]?.stringValue } == [set.uid])
        #expect(claim.ownerReferences.first?["controller"] == true)
    }

    @Test func settledSetWritesNothingMore() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.statefulSets, Self.statefulSet())
        try await harness.settle()
        try await harness.mergePatch(BuiltinResources.statefulSets, "db", ["spec": ["replicas": 2]])
        try await harness.settle()
        let revision = try await harness.revision()
        // A fresh StatefulSet controller sees every object as ADDED, as after kube-controller-manager restarts.
        let restarted = ControllerManager(
            api: harness.registry, controllers: [StatefulSetController()], clock: harness.clock, names: NameGenerator.seeded(2))
        let report = try await restarted.settle(on: harness.clock)
        #expect(report.settled)
        #expect(try await harness.revision() == revision)
    }
}
