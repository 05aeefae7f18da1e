import Foundation
import KubeAPI

/// A pod's status at a simulated time, as `generateAPIPodStatus` (`pkg/kubelet/kubelet_pods.go`) reports it
/// from what the runtime says: phase, conditions, host and pod IPs, start time, QoS class, and the init and
/// app containers' statuses (app containers sorted by name, init containers in spec order).
enum PodStatusGenerator {
    static func status(of run: PodRun, pod: KubeObject, at now: Date) -> JSONValue {
        let previous = pod.json["status"] ?? .emptyObject
        let states = run.containers.map { ContainerState($0, at: now, termination: run.termination) }
        let initStates = states.filter(\.run.isInit)
        let appStates = states.filter { !$0.run.isInit }
        let phase = self.phase(initContainers: initStates, containers: appStates)
        let terminal = phase == "Succeeded" || phase == "Failed"
        let sandboxReady = run.sandbox <= now && !terminal && !(run.termination.map { $0.stopped <= now } ?? false)

        var previousStatuses: [String: JSONValue] = [:]
        for item in (previous["initContainerStatuses"]?.arrayValue ?? []) + (previous["containerStatuses"]?.arrayValue ?? []) {
            if let name = item["name"]?.stringValue { previousStatuses[name] = item }
        }
        let hasInit = !initStates.isEmpty
        var status: JSONValue = [
            "phase": .string(phase),
            "conditions": .array(
                PodConditions.generate(
                    previous: previous, sandboxReady: sandboxReady, initContainers: initStates, containers: appStates,
                    phase: phase, now: now)),
            "hostIP": .string(run.hostIP), "hostIPs": [["ip": .string(run.hostIP)]],
            "startTime": .string(RFC3339Timestamp.string(from: run.accepted)),
            "containerStatuses": .array(
                appStates.sorted { $0.run.name < $1.run.name }.map {
                    $0.json(podHasInitContainers: hasInit, previous: previousStatuses[$0.run.name])
                }),
        ]
        if hasInit {
            status["initContainerStatuses"] = .array(
                initStates.map { $0.json(podHasInitContainers: hasInit, previous: previousStatuses[$0.run.name]) })
        }
        if run.sandbox <= now {
            status["podIP"] = .string(run.podIP)
            status["podIPs"] = [["ip": .string(run.podIP)]]
        }
        if let ephemeral = EphemeralContainerStatuses.statuses(of: pod, previous: previous, running: phase == "Running", at: now) {
            status["ephemeralContainerStatuses"] = ephemeral
        }
        if let qos = previous["qosClass"] { status["qosClass"] = qos }
        return status
    }

    /// `getPhase`: Pending while an init container has not succeeded or an app container waits; Running while
    /// one runs; once all have stopped, Succeeded if all exited 0, else Failed.
    static func phase(initContainers: [ContainerState], containers: [ContainerState]) -> String {
        if initContainers.contains(where: { $0.isTerminated && !$0.succeeded }) { return "Failed" }
        if initContainers.contains(where: { !$0.succeeded }) { return "Pending" }
        if containers.contains(where: { $0.phase == .waiting }) { return "Pending" }
        if containers.contains(where: \.isRunning) { return "Running" }
        return containers.allSatisfy(\.succeeded) ? "Succeeded" : "Failed"
    }
}
