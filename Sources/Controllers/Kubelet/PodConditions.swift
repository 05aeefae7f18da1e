import Foundation
import KubeAPI

/// The pod conditions the kubelet owns (`pkg/kubelet/status/generate.go`), in the order
/// `generateAPIPodStatus` writes them after the conditions it does not own: PodReadyToStartContainers,
/// Initialized, Ready, ContainersReady, PodScheduled. A condition keeps its lastTransitionTime while its
/// status stays; `lastProbeTime` is null.
enum PodConditions {
    static let kubeletOwned = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]

    static func condition(_ type: String, in status: JSONValue) -> JSONValue? {
        status["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// - Parameters:
    ///   - sandboxReady: a sandbox with its network exists (not yet, or no longer once the pod finished).
    ///   - phase: the pod phase being reported.
    static func generate(
        previous: JSONValue, sandboxReady: Bool, initContainers: [ContainerState], containers: [ContainerState],
        phase: String, now: Date
    ) -> [JSONValue] {
        let time = JSONValue.string(RFC3339Timestamp.string(from: now))
        func make(_ type: String, _ status: Bool, reason: String? = nil, message: String? = nil) -> JSONValue {
            let value = status ? "True" : "False"
            var condition: JSONValue = ["type": .string(type), "status": .string(value), "lastProbeTime": .null]
            if let reason { condition["reason"] = .string(reason) }
            if let message { condition["message"] = .string(message) }
            let old = Self.condition(type, in: previous)
            condition["lastTransitionTime"] = old?["status"]?.stringValue == value ? old?["lastTransitionTime"] ?? time : time
            return condition
        }
        func list(_ names: [String]) -> String { "[\(names.joined(separator: " "))]" }

        let initialized: JSONValue
        let incomplete = initContainers.filter { !$0.ready }.map(\.run.name)
        if phase == "Succeeded" {
            initialized = make("Initialized", true, reason: "PodCompleted")
        } else if incomplete.isEmpty {
            initialized = make("Initialized", true)
        } else {
            initialized = make("Initialized", false, reason: "ContainersNotInitialized", message: "containers with incomplete status: \(list(incomplete))")
        }
        let ready: (Bool, String?, String?)
        let unready = containers.filter { !$0.ready }.map(\.run.name)
        if phase == "Succeeded" || phase == "Failed" {
            ready = (false, phase == "Succeeded" ? "PodCompleted" : "PodFailed", nil)
        } else if unready.isEmpty {
            ready = (true, nil, nil)
        } else {
            ready = (false, "ContainersNotReady", "containers with unready status: \(list(unready))")
        }
        let scheduled = condition("PodScheduled", in: previous) ?? make("PodScheduled", true)
        let others = (previous["conditions"]?.arrayValue ?? []).filter {
            !kubeletOwned.contains($0["type"]?.stringValue ?? "")
        }
        return others + [
            make("PodReadyToStartContainers", sandboxReady), initialized,
            make("Ready", ready.0, reason: ready.1, message: ready.2),
            make("ContainersReady", ready.0, reason: ready.1, message: ready.2), scheduled,
        ]
    }
}
