import Controllers
import Foundation
import KubeAPI
import Testing

/// Static provisioning as kube-controller-manager's persistent volume controller and kube-scheduler's
/// VolumeBinding plugin carry it: a claim bound to the smallest matching volume, a pod kept Pending while its
/// immediate claim is unbound, a released volume when its claim goes.
@Suite(.serialized)
struct PersistentVolumeBinderTests {
    static func volume(_ name: String, size: String, modes: [String] = ["ReadWriteOnce"], policy: String = "Retain") -> JSONValue {
        [
            "apiVersion": "v1", "kind": "PersistentVolume", "metadata": ["name": .string(name)],
            "spec": [
                "capacity": ["storage": .string(size)], "accessModes": .array(modes.map(JSONValue.string)),
                "persistentVolumeReclaimPolicy": .string(policy), "hostPath": ["path": .string("/data/\(name)")],
            ],
        ]
    }

    static func claim(_ name: String, size: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": .string(name)],
            "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": .string(size)]], "storageClassName": ""],
        ]
    }

    @Test func aClaimIsBoundToTheSmallestVolumeThatFits() async throws {
        let harness = try await ClusterHarness(controllers: [PersistentVolumeBinder()])
        defer { Task { await harness.finish() } }
        for (name, size) in [("big", "10Gi"), ("small", "1Gi"), ("medium", "5Gi")] {
            _ = try await harness.registry.create(BuiltinResources.persistentVolumes, namespace: nil, object: Self.volume(name, size: size))
        }
        try await harness.create(BuiltinResources.persistentVolumeClaims, Self.claim("data", size: "2Gi"))
        _ = try await harness.settle()

        let claim = try await harness.get(BuiltinResources.persistentVolumeClaims, "data")
        #expect(claim.spec?["volumeName"] == "medium")
        #expect(claim.annotations["pv.kubernetes.io/bind-completed"] == "yes")
        #expect(claim.json["status"] == ["phase": "Bound", "capacity": ["storage": "5Gi"], "accessModes": ["ReadWriteOnce"]])
        let volume = try await harness.registry.get(BuiltinResources.persistentVolumes, namespace: nil, name: "medium")
        #expect(volume.json[["status", "phase"]] == "Bound")
        #expect(volume.spec?[["claimRef", "name"]] == "data" && volume.spec?[["claimRef", "uid"]]?.stringValue == claim.uid)
        let quiet = try await harness.revision()
        _ = try await harness.settle()
        #expect(try await harness.revision() == quiet)

        // The claim gone, its Retain volume is Released, not reused.
        _ = try await harness.registry.delete(BuiltinResources.persistentVolumeClaims, namespace: "default", name: "data")
        _ = try await harness.settle()
        let released = try await harness.registry.get(BuiltinResources.persistentVolumes, namespace: nil, name: "medium")
        #expect(released.json[["status", "phase"]] == "Released")
    }

    @Test func aPodWithAnUnboundClaimWaitsUntilAVolumeBindsIt() async throws {
        let harness = try await ClusterHarness(controllers: [PersistentVolumeBinder(), Scheduler()])
        defer { Task { await harness.finish() } }
        let cluster = SchedulerTestCluster(harness: harness)
        try await cluster.node("node01")
        try await harness.create(BuiltinResources.persistentVolumeClaims, Self.claim("data", size: "1Gi"))
        try await harness.create(BuiltinResources.pods, [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "db"],
            "spec": [
                "containers": [["name": "db", "image": "postgres"]],
                "volumes": [["name": "data", "persistentVolumeClaim": ["claimName": "data"]]],
            ],
        ])
        _ = try await harness.settle()
        let pending = try await harness.get(BuiltinResources.pods, "db")
        #expect(pending.spec?["nodeName"] == nil)
        let events = try await harness.registry.list(BuiltinResources.events, namespace: "default").items
        #expect(events.contains {
            $0.json["reason"] == "FailedScheduling"
                && $0.json["message"]
                    == "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
        })
        #expect(events.contains {
            $0.json["reason"] == "FailedBinding"
                && $0.json["message"] == "no persistent volumes available for this claim and no storage class is set"
        })

        _ = try await harness.registry.create(BuiltinResources.persistentVolumes, namespace: nil, object: Self.volume("pv1", size: "1Gi"))
        _ = try await harness.settle()
        #expect(try await harness.get(BuiltinResources.pods, "db").spec?["nodeName"] == "node01")
    }
}
