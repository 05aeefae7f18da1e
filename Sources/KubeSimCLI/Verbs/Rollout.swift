import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim rollout status`: kubectl's status viewers for deployments, daemon sets and stateful sets. Embedded,
/// the cluster has settled when the command starts, so the rollout is over; against a server it polls until the
/// rollout is done or `--timeout` passes.
struct Rollout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Manage the rollout of a resource.", subcommands: [Status.self, Pause.self, Resume.self, Restart.self, History.self, Undo.self])

    /// Completion of the objects a rollout acts on: deployments, daemon sets and stateful sets.
    static let completion = ResourceCompletion.kind(allowedTypes: ["deployments", "daemonsets", "statefulsets"])

    /// `rollout pause` and `resume`: sets `spec.paused` of a deployment.
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pause", abstract: "Mark the provided resource as paused.")
        @OptionGroup var targets: TargetOptions
        @Argument(completion: Rollout.completion) var arguments: [String] = []
        func run() async throws { try await Rollout.setPaused(true, arguments, targets) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused resource.")
        @OptionGroup var targets: TargetOptions
        @Argument(completion: Rollout.completion) var arguments: [String] = []
        func run() async throws { try await Rollout.setPaused(false, arguments, targets) }
    }

    static func setPaused(_ paused: Bool, _ arguments: [String], _ targets: TargetOptions) async throws {
        try await targets.forEach(arguments) { client, type, object in
            let name = "\(type.plural)\(type.group.isEmpty ? "" : ".\(type.group)") \(GoStringLiteral.quote(object.name))"
            guard type.group == "apps", type.kind == "Deployment" else {
                throw CommandError("\(name) \(paused ? "pausing" : "resuming") is not supported")
            }
            if (object.json[["spec", "paused"]]?.boolValue ?? false) == paused {
                throw CommandError("\(name) \(paused ? "is already paused" : "is not paused")")
            }
            _ = try await targets.mergePatch(["spec": ["paused": paused ? true : .null]], object, type: type, client: client, manager: "kubectl-rollout")
            Console.standard.out.line("\(type.kubectlName)/\(object.name) \(paused ? "paused" : "resumed")")
        }
    }

    /// `rollout restart`: stamps the pod template with `kubectl.kubernetes.io/restartedAt`, so the workload rolls.
    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart a resource.")
        @OptionGroup var targets: TargetOptions
        @Argument(completion: Rollout.completion) var arguments: [String] = []

        func run() async throws {
            try await targets.forEach(arguments) { client, type, object in
                guard type.group == "apps", ["Deployment", "DaemonSet", "StatefulSet"].contains(type.kind) else {
                    throw CommandError("\(type.plural)\(type.group.isEmpty ? "" : ".\(type.group)") \(GoStringLiteral.quote(object.name)) restarting is not supported")
                }
                let now = RFC3339Timestamp.string(from: Get.now(client, store: targets.store))
                let patch: JSONValue = ["spec": ["template": ["metadata": ["annotations": ["kubectl.kubernetes.io/restartedAt": .string(now)]]]]]
                _ = try await targets.mergePatch(patch, object, type: type, client: client, manager: "kubectl-rollout")
                Console.standard.out.line("\(type.kubectlName)/\(object.name) restarted")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the status of the rollout.")
        @OptionGroup var targets: TargetOptions
        @Option(help: "How long to wait (e.g. 30s, 5m); 0 waits forever.") var timeout: String = "0s"
        @Option(name: [.customShort("w"), .customLong("watch")], help: "Watch the status until it is done.") var watch: Bool = true
        @Argument(completion: Rollout.completion) var arguments: [String] = []

        func run() async throws {
            let limit = try Self.seconds(timeout)
            try await targets.forEach(arguments, settling: false) { client, type, object in
                let deadline = Date().addingTimeInterval(limit)
                var current = object
                while true {
                    // As kubectl does, the status is printed at each look, repeated or not.
                    let (message, done) = try Self.status(current, type: type)
                    Console.standard.out.write(message)
                    Console.standard.out.flush()
                    if done || !watch { return }
                    if limit > 0 && Date() > deadline { throw CommandError("timed out waiting for the condition") }
                    try await Task.sleep(for: .milliseconds(500))
                    current = try await client.get(type, namespace: object.namespace, name: object.name)
                }
            }
        }

        /// Go's duration text, as `--timeout` takes it (`30s`, `5m`, `1h`, `0`).
        static func seconds(_ text: String) throws -> TimeInterval {
            if text == "0" { return 0 }
            let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600]
            guard let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()) else {
                throw CommandError("invalid argument \(FieldError.quoted(text)) for \"--timeout\" flag: time: invalid duration \(FieldError.quoted(text))")
            }
            return value * factor
        }

        /// The viewer's message and whether the rollout is done.
        static func status(_ object: KubeObject, type: ResourceType) throws -> (String, Bool) {
            let json = object.json
            let spec = json["spec"] ?? .emptyObject
            let status = json["status"] ?? .emptyObject
            func int(_ value: JSONValue?) -> Int64 { value?.intValue ?? 0 }
            let observed = int(status["observedGeneration"]) >= int(json[["metadata", "generation"]])
            let name = object.name
            switch (type.group, type.kind) {
            case ("apps", "Deployment"):
                guard observed else { return ("Waiting for deployment spec update to be observed...\n", false) }
                let progressing = (status["conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == "Progressing" }
                if progressing?["reason"]?.stringValue == "ProgressDeadlineExceeded" {
                    throw CommandError("deployment \(GoStringLiteral.quote(name)) exceeded its progress deadline")
                }
                let replicas = spec["replicas"]?.intValue ?? 1
                let updated = int(status["updatedReplicas"]), total = int(status["replicas"]), available = int(status["availableReplicas"])
                let waiting = "Waiting for deployment \(GoStringLiteral.quote(name)) rollout to finish: "
                if updated < replicas { return (waiting + "\(updated) out of \(replicas) new replicas have been updated...\n", false) }
                if total > updated { return (waiting + "\(total - updated) old replicas are pending termination...\n", false) }
                if available < updated { return (waiting + "\(available) of \(updated) updated replicas are available...\n", false) }
                return ("deployment \(GoStringLiteral.quote(name)) successfully rolled out\n", true)
            case ("apps", "DaemonSet"):
                guard observed else { return ("Waiting for daemon set spec update to be observed...\n", false) }
                let desired = int(status["desiredNumberScheduled"]), updated = int(status["updatedNumberScheduled"])
                let available = int(status["numberAvailable"])
                let waiting = "Waiting for daemon set \(GoStringLiteral.quote(name)) rollout to finish: "
                if updated < desired { return (waiting + "\(updated) out of \(desired) new pods have been updated...\n", false) }
                if available < desired { return (waiting + "\(available) of \(desired) updated pods are available...\n", false) }
                return ("daemon set \(GoStringLiteral.quote(name)) successfully rolled out\n", true)
            case ("apps", "StatefulSet"):
                guard observed else { return ("Waiting for statefulset spec update to be observed...\n", false) }
                let replicas = spec["replicas"]?.intValue ?? 1
                let ready = int(status["readyReplicas"])
                if ready < replicas {
                    return ("Waiting for \(replicas - ready) pods to be ready...\n", false)
                }
                if let partition = spec[["updateStrategy", "rollingUpdate", "partition"]]?.intValue, partition > 0 {
                    let updated = int(status["updatedReplicas"])
                    if updated < replicas - partition {
                        return ("Waiting for partitioned roll out to finish: \(updated) out of \(replicas - partition) new pods have been updated...\n", false)
                    }
                    return ("partitioned roll out complete: \(updated) new pods have been updated...\n", true)
                }
                let updateRevision = status["updateRevision"]?.stringValue ?? ""
                if updateRevision != status["currentRevision"]?.stringValue {
                    return ("waiting for statefulset rolling update to complete \(int(status["updatedReplicas"])) pods at revision \(updateRevision)...\n", false)
                }
                return ("statefulset rolling update complete \(int(status["currentReplicas"])) pods at revision \(status["currentRevision"]?.stringValue ?? "")...\n", true)
            default:
                throw CommandError("no status viewer has been implemented for \(type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)")")
            }
        }
    }
}
