import ComponentLogs
import Foundation

/// What a simulated container's log holds: no process runs in it, so its log is what its kubelet did for it,
/// line by line as it happened (the image pulled, the container created, started, stopped, and how it exited),
/// each marked as the simulated kubelet's. The log is the container instance's (by runtime ID), as a real
/// kubelet's log files are; it ends when the container exits and goes when the pod leaves the node.
struct ContainerLogWriter {
    let logs: ClusterLogs

    static let prefix = "kubelet (simulated): "

    /// The line for a kubelet event about one of the run's containers (`fieldPath` names it).
    func record(_ event: PodEvent, in run: PodRun) {
        guard let fieldPath = event.fieldPath, let container = run.containers.first(where: { $0.fieldPath == fieldPath }),
            !container.containerID.isEmpty
        else { return }
        let log = logs.containerLog(container.containerID)
        log.append(Self.prefix + event.message, at: event.time)
        if event.reason == "Started" {
            log.append(
                Self.prefix + "container \(container.name) is simulated: no process runs in it, so its log shows what the kubelet did for it",
                at: event.time)
        }
    }

    /// For a run just planned for a pod whose containers had started before (a kubelet that started again, as
    /// with a new `kubesim serve` or an embedded command): a line saying so, since what was written before is not
    /// kept. A container had started when the pod's status reported its runtime ID (`reported`) with a start
    /// no later than now, the same instant included (an embedded command's clock may start where the last
    /// one's stopped, at that start).
    func adopted(_ run: PodRun, reported: Set<String>, at now: Date) {
        for container in run.containers
        where container.started <= now && !container.containerID.isEmpty && reported.contains(container.containerID) {
            logs.containerLog(container.containerID).append(
                Self.prefix
                    + "container \(container.name) was already running when this simulated kubelet started; its earlier lines are not kept (logs live in the memory of kubesim serve)",
                at: now)
        }
    }

    /// A line for each container that has exited by `now` and was not yet logged as such, at its exit time; its
    /// log then ends.
    func exits(_ run: inout PodRun, at now: Date) {
        for container in run.containers where !container.containerID.isEmpty && !run.loggedExits.contains(container.containerID) {
            guard case .terminated(let code, let finished) = ContainerState(container, at: now, termination: run.termination).phase
            else { continue }
            let log = logs.containerLog(container.containerID)
            log.append(
                Self.prefix + "Container \(container.name) exited with code \(code) (\(code == 0 ? "Completed" : "Error"))", at: finished)
            log.close()
            run.loggedExits.insert(container.containerID)
        }
    }

    /// Drops the logs of the run's containers: the pod has left the node.
    func remove(_ run: PodRun) {
        for container in run.containers where !container.containerID.isEmpty { logs.removeContainer(container.containerID) }
    }
}
