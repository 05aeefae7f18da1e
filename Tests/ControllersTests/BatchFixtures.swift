import Controllers
import Foundation
import KubeAPI

/// A cluster for the Job, CronJob and TTL-after-finished controllers' tests: one simulated node with its
/// kubelet and the scheduler, so Job pods run (for `kubesim.io/run-duration`, 5 s by default) and exit with
/// `kubesim.io/exit-code`.
enum BatchFixtures {
    static let jobs = BuiltinResources.jobs
    static let cronJobs = BuiltinResources.cronJobs
    static let pods = BuiltinResources.pods

    static func harness() async throws -> ClusterHarness {
        let configuration = ControlPlaneConfiguration()
        let harness = try await ClusterHarness(controllers: [
            NodeIPAMController(configuration.nodeIPAM), JobController(), CronJobController(), TTLAfterFinishedController(),
            Scheduler(), Kubelet(configuration.kubelet), GarbageCollector(catalog: ResourceCatalog()),
        ])
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: KubeletFixtures.node("node01"))
        try await harness.settle()
        return harness
    }

    /// `kubectl create job NAME --image=perl -- perl -e 1`, with spec fields and pod annotations added.
    static func job(_ name: String, spec: [String: JSONValue] = [:], podAnnotations: [String: String] = [:]) -> JSONValue {
        var template: JSONValue = [
            "spec": [
                "containers": [["name": .string(name), "image": "perl", "command": ["perl", "-e", "1"]]],
                "restartPolicy": "Never",
            ]
        ]
        if !podAnnotations.isEmpty { template[["metadata", "annotations"]] = .object(podAnnotations.mapValues(JSONValue.string)) }
        var jobSpec: JSONValue = ["template": template]
        for (key, value) in spec { jobSpec[key] = value }
        return ["apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": .string(name)], "spec": jobSpec]
    }

    static func cronJob(_ name: String, schedule: String, spec: [String: JSONValue] = [:], podAnnotations: [String: String] = [:]) -> JSONValue {
        let job = Self.job(name, podAnnotations: podAnnotations)
        var cronSpec: JSONValue = ["schedule": .string(schedule), "jobTemplate": ["spec": job["spec"] ?? .emptyObject]]
        for (key, value) in spec { cronSpec[key] = value }
        return ["apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": .string(name)], "spec": cronSpec]
    }

    /// The pods a Job controls, by name.
    static func pods(of job: KubeObject, _ harness: ClusterHarness) async throws -> [KubeObject] {
        try await harness.registry.list(pods, namespace: "default").items
            .filter { ($0.ownerReferences.first?["uid"]?.stringValue) == job.uid }
    }

    /// (reason, message) of an object's events, oldest first (by first timestamp, then name).
    static func events(_ harness: ClusterHarness, about name: String) async throws -> [(String, String)] {
        try await harness.registry.list(BuiltinResources.events, namespace: "default").items
            .filter { $0.json[["involvedObject", "name"]]?.stringValue == name }
            .sorted { ($0.json["firstTimestamp"]?.stringValue ?? "", $0.name) < ($1.json["firstTimestamp"]?.stringValue ?? "", $1.name) }
            .map { ($0.json["reason"]?.stringValue ?? "", $0.json["message"]?.stringValue ?? "") }
    }

    static func conditions(_ object: KubeObject) -> [JSONValue] {
        object.json[["status", "conditions"]]?.arrayValue ?? []
    }
}
