import Foundation
import KubeAPI

/// One container's simulated life on its node: when its image is ready, when it starts, becomes ready and
/// exits. Times are simulated cluster time.
struct ContainerRun {
    var name: String
    var isInit: Bool
    var image: ContainerImage
    var volumeMounts: [JSONValue]
    var containerID: String
    var started: Date
    /// When it becomes ready; nil for init containers (ready once they exit 0).
    var readyAt: Date?
    /// When it exits by itself; nil for a container that runs until it is stopped.
    var finishes: Date?
    var exitCode: Int64

    /// How events name it: `spec.containers{nginx}`, `spec.initContainers{setup}`.
    var fieldPath: String { isInit ? "spec.initContainers{\(name)}" : "spec.containers{\(name)}" }
}

/// What the kubelet does to a pod being deleted: `Killing` at `killing`, its containers stopped at `stopped`.
struct PodTermination {
    var killing: Date
    var stopped: Date
    /// SIGKILL at the end of the grace period (exit code 137) rather than a clean stop on SIGTERM.
    var killed: Bool
}

/// An event the kubelet records about a pod, at a simulated time.
struct PodEvent {
    var time: Date
    var type: EventRecorder.EventType = .normal
    var reason: String
    var message: String
    var fieldPath: String?
}

/// The simulated life of one pod on its node, planned when the kubelet takes the pod on: its sandbox, its
/// containers one after another, its events, and its termination once deleted. The pod's status at any time
/// follows from it (`PodStatusGenerator`).
struct PodRun {
    var uid: String
    var node: String
    var accepted: Date
    var sandbox: Date
    /// The pod's IP (the node's for host-network pods).
    var podIP: String
    var hostIP: String
    /// Init containers, then the others, in spec order.
    var containers: [ContainerRun]
    var events: [PodEvent]
    /// How many of `events` have been recorded.
    var recorded = 0
    var termination: PodTermination?
    var timings: PodPlanTimings
    /// The runtime IDs of the containers whose exit their log has (`ContainerLogWriter`).
    var loggedExits: Set<String> = []

    /// The times at which something changes after `now`, earliest first.
    func nextChange(after now: Date) -> Date? {
        var times = [sandbox] + events.map(\.time)
        for container in containers {
            if let termination, container.started > termination.killing { continue }
            times.append(container.started)
            if let ready = container.readyAt { times.append(ready) }
            if let finishes = container.finishes { times.append(finishes) }
        }
        if let termination { times.append(termination.stopped) }
        return times.filter { $0 > now }.min()
    }

    /// Stops the pod: `Killing` for every container running at `now`; they stop after the timings' stop
    /// time, or at `deadline` (the end of the grace period) when they ignore SIGTERM; what has not started
    /// never will.
    mutating func terminate(at now: Date, deadline: Date) {
        guard termination == nil else { return }
        events = Array(events.prefix(recorded))
        var running: [ContainerRun] = []
        for container in containers where container.started <= now && (container.finishes.map { $0 > now } ?? true) {
            running.append(container)
        }
        for container in running {
            events.append(
                PodEvent(time: now, reason: "Killing", message: "Stopping container \(container.name)", fieldPath: container.fieldPath))
        }
        let stop = timings.ignoresSIGTERM ? max(now, deadline) : min(now.addingTimeInterval(timings.stop), max(now, deadline))
        termination = PodTermination(
            killing: now, stopped: running.isEmpty ? now : stop, killed: timings.ignoresSIGTERM && !running.isEmpty)
    }
}
