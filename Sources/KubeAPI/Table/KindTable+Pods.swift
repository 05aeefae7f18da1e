import Foundation

extension KindTable {
    /// `kubectl get pods`: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES.
    static let pods = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Ready", description: "The aggregate readiness state of this pod for accepting traffic."),
            TableColumn(name: "Status", description: "The aggregate status of the containers in this pod."),
            TableColumn(
                name: "Restarts",
                description:
                    "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."
            ),
            .ageColumn,
            TableColumn(name: "IP", description: APIFieldDocs.podStatusPodIP, priority: 1),
            TableColumn(name: "Node", description: APIFieldDocs.podSpecNodeName, priority: 1),
            TableColumn(name: "Nominated Node", description: APIFieldDocs.podStatusNominatedNodeName, priority: 1),
            TableColumn(name: "Readiness Gates", description: APIFieldDocs.podSpecReadinessGates, priority: 1),
        ],
        cells: { pod, now in
            let summary = PodSummary(pod)
            let status = pod.json["status"]
            let spec = pod.spec
            var restarts = "\(summary.restarts)"
            if summary.restarts != 0, let last = summary.lastRestart {
                restarts += " (\(HumanDuration.string(for: now.timeIntervalSince(last))) ago)"
            }
            return [
                .string(pod.name), .string("\(summary.readyContainers)/\(summary.totalContainers)"),
                .string(summary.reason), .string(restarts), age(pod, now),
                .string(text(status?["podIPs"]?.arrayValue?.first?["ip"], or: "<none>")),
                .string(text(spec?["nodeName"], or: "<none>")),
                .string(text(status?["nominatedNodeName"], or: "<none>")),
                .string(readinessGates(pod)),
            ]
        },
        conditions: { pod in
            switch pod.json[["status", "phase"]]?.stringValue {
            case "Succeeded": completedCondition(reason: "Succeeded", message: "The pod has completed successfully.")
            case "Failed": completedCondition(reason: "Failed", message: "The pod failed.")
            default: nil
            }
        })

    private static func completedCondition(reason: String, message: String) -> JSONValue {
        [["type": "Completed", "status": "True", "reason": .string(reason), "message": .string(message)]]
    }

    /// `true/total` of the readiness gates whose condition is True, or `<none>`.
    private static func readinessGates(_ pod: KubeObject) -> String {
        let gates = pod.spec?["readinessGates"]?.arrayValue ?? []
        guard !gates.isEmpty else { return "<none>" }
        let conditions = pod.json[["status", "conditions"]]?.arrayValue ?? []
        let passing = gates.filter { gate in
            conditions.first { $0["type"] == gate["conditionType"] }?["status"]?.stringValue == "True"
        }
        return "\(passing.count)/\(gates.count)"
    }
}

/// A pod's READY, STATUS and RESTARTS as kube-apiserver's pod printer derives them from its container
/// statuses: init containers (`Init:1/2`, `Init:CrashLoopBackOff`), sidecars (restartable init containers),
/// waiting and terminated reasons (`ContainerCreating`, `CrashLoopBackOff`, `Completed`, `Error`,
/// `ExitCode:1`), `Terminating`, `SchedulingGated`, `NotReady` and `Unknown` (node lost).
struct PodSummary {
    private(set) var readyContainers = 0
    private(set) var totalContainers = 0
    private(set) var reason = ""
    private(set) var restarts: Int64 = 0
    /// When a container last terminated before a restart, if any did.
    private(set) var lastRestart: Date?

    init(_ pod: KubeObject) {
        let spec = pod.spec
        let status = pod.json["status"]
        let phase = status?["phase"]?.stringValue ?? ""
        let statusReason = status?["reason"]?.stringValue ?? ""
        reason = statusReason.isEmpty ? phase : statusReason
        let conditions = status?["conditions"]?.arrayValue ?? []
        if conditions.contains(where: { $0["type"] == "PodScheduled" && $0["reason"] == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }

        let initContainers = spec?["initContainers"]?.arrayValue ?? []
        let sidecarList = initContainers.filter { $0["restartPolicy"] == "Always" }
        let sidecars = Set(sidecarList.compactMap { $0["name"]?.stringValue })
        totalContainers = (spec?["containers"]?.arrayValue?.count ?? 0) + sidecarList.count

        var sidecarRestarts: Int64 = 0
        var lastSidecarRestart: Date?
        var initializing = false
        for (index, container) in (status?["initContainerStatuses"]?.arrayValue ?? []).enumerated() {
            let count = container["restartCount"]?.intValue ?? 0
            let finished = Self.lastTermination(container)
            restarts += count
            lastRestart = Self.later(lastRestart, finished)
            let isSidecar = sidecars.contains(container["name"]?.stringValue ?? "")
            if isSidecar {
                sidecarRestarts += count
                lastSidecarRestart = Self.later(lastSidecarRestart, finished)
            }
            let terminated = Self.state(container, "terminated")
            if let terminated, (terminated["exitCode"]?.intValue ?? 0) == 0 {
                continue
            }
            if isSidecar, container["started"]?.boolValue == true {
                if container["ready"]?.boolValue == true { readyContainers += 1 }
                continue
            }
            if let terminated {
                reason = "Init:" + Self.terminationReason(terminated)
            } else if let waiting = Self.state(container, "waiting")?["reason"]?.stringValue, !waiting.isEmpty,
                waiting != "PodInitializing"
            {
                reason = "Init:" + waiting
            } else {
                reason = "Init:\(index)/\(initContainers.count)"
            }
            initializing = true
            break
        }

        let initialized = conditions.contains { $0["type"] == "Initialized" && $0["status"] == "True" }
        if !initializing || initialized {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            for container in (status?["containerStatuses"]?.arrayValue ?? []).reversed() {
                restarts += container["restartCount"]?.intValue ?? 0
                lastRestart = Self.later(lastRestart, Self.lastTermination(container))
                if let waiting = Self.state(container, "waiting")?["reason"]?.stringValue, !waiting.isEmpty {
                    reason = waiting
                } else if let terminated = Self.state(container, "terminated") {
                    reason = Self.terminationReason(terminated)
                } else if container["ready"]?.boolValue == true, Self.state(container, "running") != nil {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            if reason == "Completed", hasRunning {
                let podReady = conditions.contains { $0["type"] == "Ready" && $0["status"] == "True" }
                reason = podReady ? "Running" : "NotReady"
            }
        }

        if pod.deletionTimestamp != nil {
            if statusReason == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Failed", phase != "Succeeded" {
                reason = "Terminating"
            }
        }
    }

    /// A terminated state's reason, else `Signal:N` or `ExitCode:N`.
    private static func terminationReason(_ terminated: JSONValue) -> String {
        if let reason = terminated["reason"]?.stringValue, !reason.isEmpty { return reason }
        let signal = terminated["signal"]?.intValue ?? 0
        return signal != 0 ? "Signal:\(signal)" : "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
    }

    /// One of a container status's `state` objects (`waiting`, `running`, `terminated`), if set.
    private static func state(_ container: JSONValue, _ name: String) -> JSONValue? {
        guard let state = container["state"]?[name], state.objectValue != nil else { return nil }
        return state
    }

    /// When the container's previous run ended (`lastState.terminated.finishedAt`), if known.
    private static func lastTermination(_ container: JSONValue) -> Date? {
        container["lastState"]?["terminated"]?["finishedAt"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
    }

    private static func later(_ current: Date?, _ candidate: Date?) -> Date? {
        guard let candidate else { return current }
        guard let current else { return candidate }
        return max(current, candidate)
    }
}
