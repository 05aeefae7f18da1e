import Foundation
import KubeAPI

/// A container's status at a simulated time (`convertToAPIContainerStatuses` in `pkg/kubelet/kubelet_pods.go`):
/// waiting (`ContainerCreating`, or `PodInitializing` in a pod with init containers) until it starts, then
/// running with its containerd ID and the image as containerd names it, then terminated.
struct ContainerState {
    enum Phase: Equatable {
        case waiting
        case running
        case terminated(exitCode: Int64, finished: Date)
    }

    var run: ContainerRun
    var phase: Phase
    var ready: Bool

    /// `container`'s state at `now` in a pod run (stopped by `termination` if the pod is being deleted).
    init(_ container: ContainerRun, at now: Date, termination: PodTermination?) {
        run = container
        if let termination, container.started > termination.killing {
            phase = .waiting
        } else if now < container.started {
            phase = .waiting
        } else if let finishes = container.finishes, finishes <= now, termination.map({ finishes <= $0.stopped }) ?? true {
            phase = .terminated(exitCode: container.exitCode, finished: finishes)
        } else if let termination, termination.stopped <= now {
            phase = .terminated(exitCode: termination.killed ? 137 : 0, finished: termination.stopped)
        } else {
            phase = .running
        }
        switch phase {
        case .waiting: ready = false
        case .running: ready = !container.isInit && (container.readyAt.map { $0 <= now } ?? false)
        case .terminated(let code, _): ready = container.isInit && code == 0
        }
    }

    var isRunning: Bool { phase == .running }

    var succeeded: Bool {
        if case .terminated(0, _) = phase { return true }
        return false
    }

    var isTerminated: Bool {
        if case .terminated = phase { return true }
        return false
    }

    /// The status object; `previous` is its last reported status (restart count and last state are kept).
    func json(podHasInitContainers: Bool, previous: JSONValue?) -> JSONValue {
        var status: JSONValue = [
            "name": .string(run.name), "image": .string(run.image.spec), "imageID": "", "ready": .bool(ready),
            "restartCount": previous?["restartCount"] ?? 0, "started": .bool(isRunning),
            "lastState": previous?["lastState"] ?? .emptyObject,
        ]
        if !run.volumeMounts.isEmpty { status["volumeMounts"] = .array(run.volumeMounts) }
        let started = JSONValue.string(RFC3339Timestamp.string(from: run.started))
        let containerID = JSONValue.string("containerd://\(run.containerID)")
        switch phase {
        case .waiting:
            status["state"] = ["waiting": ["reason": podHasInitContainers ? "PodInitializing" : "ContainerCreating"]]
        case .running:
            status["state"] = ["running": ["startedAt": started]]
        case .terminated(let code, let finished):
            status["state"] = [
                "terminated": [
                    "containerID": containerID, "exitCode": .int(code), "reason": code == 0 ? "Completed" : "Error",
                    "startedAt": started, "finishedAt": .string(RFC3339Timestamp.string(from: finished)),
                ]
            ]
        }
        if phase != .waiting {
            status["containerID"] = containerID
            // What the runtime reported for this container stays as reported.
            let reported = previous?["containerID"] == containerID && previous?["imageID"] != ""
            status["image"] = reported ? previous?["image"] : .string(run.image.reference)
            status["imageID"] = reported ? previous?["imageID"] : .string(run.image.imageID)
        }
        return status
    }
}
