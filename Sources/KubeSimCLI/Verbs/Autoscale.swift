import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim autoscale TYPE NAME --max=N [--min=N] [--cpu-percent=N] [--name=NAME]`: creates the autoscaling/v1
/// HorizontalPodAutoscaler kubectl creates for a resource with a scale subresource, saying `... autoscaled`.
struct Autoscale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoscale",
        abstract: "Auto-scale a deployment, replica set, stateful set, or replication controller.")
    @OptionGroup var targets: TargetOptions
    @Option(help: "The lower limit for the number of pods that can be set by the autoscaler.") var min: Int32 = -1
    @Option(help: "The upper limit for the number of pods that can be set by the autoscaler. Required.") var max: Int32?
    @Option(name: .customLong("cpu-percent"), help: "The target average CPU utilization (a percent of requested CPU).")
    var cpuPercent: Int32 = -1
    @Option(help: "The name for the newly created object (by default the resource's).") var name: String?
    @Option(name: .customLong("dry-run"), help: "none, client or server.") var dryRun: DryRun = .none
    @Argument var arguments: [String] = []

    func run() async throws {
        guard let max else { throw CommandError("required flag(s) \"max\" not set") }
        guard max >= 1 else { throw CommandError("--max=MAXPODS is required and must be at least 1, max: \(max)") }
        guard max >= min else { throw CommandError("--max=MAXPODS must be larger or equal to --min=MINPODS, max: \(max), min: \(min)") }
        var count = 0
        try await targets.forEach(arguments, settling: dryRun == .none) { client, type, object in
            guard type.subresources.contains(where: { $0.name == "scale" }) else {
                throw CommandError(
                    "cannot autoscale a \(type.kind): could not find scale subresource for \(type.apiVersion.contains("/") ? type.apiVersion : "/" + type.apiVersion), Resource=\(type.plural) in discovery information")
            }
            guard let hpaType = client.catalog.type(apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler") else {
                throw CommandError("the server doesn't serve autoscaling/v1 HorizontalPodAutoscalers")
            }
            var spec: JSONValue = [
                "scaleTargetRef": ["apiVersion": .string(type.apiVersion), "kind": .string(type.kind), "name": .string(object.name)],
                "maxReplicas": .int(Int64(max)),
            ]
            if min > 0 { spec["minReplicas"] = .int(Int64(min)) }
            if cpuPercent >= 0 { spec["targetCPUUtilizationPercentage"] = .int(Int64(cpuPercent)) }
            let hpa: JSONValue = [
                "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": generatedMetadata(name ?? object.name),
                "spec": spec, "status": ["currentReplicas": 0, "desiredReplicas": 0],
            ]
            count += 1
            if dryRun == .client {
                Console.standard.out.line("\(hpaType.kubectlName)/\(name ?? object.name) created (dry run)")
                return
            }
            let created = try await client.create(
                hpaType, namespace: object.namespace, object: hpa,
                options: WriteOptions(dryRun: dryRun == .server, fieldManager: "kubectl-autoscale"))
            Console.standard.out.line("\(hpaType.kubectlName)/\(created.name) autoscaled\(dryRun.suffix)")
        }
        if count == 0 { throw CommandError("no objects passed to autoscale") }
    }
}
