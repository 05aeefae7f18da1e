import ComponentLogs
import Foundation
import KubeAPI

/// The kubelet's work on one pod bound to its node (`pkg/kubelet/pod_workers.go` and the status manager):
/// plans the pod's run when it first sees it, then at each stage records the events that fell due and
/// reports the status; once the pod is deleted, stops its containers and deletes it for good (grace period
/// 0, with its uid as precondition), as the status manager does when the pod has terminated.
struct PodWorker {
    var configuration: KubeletConfiguration
    var state: KubeletState

    func sync(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let pod = context.cache.get(BuiltinResources.pods, key), let uid = pod.uid else {
            state.forget(key)
            return
        }
        guard let nodeName = pod.spec?["nodeName"]?.stringValue, !nodeName.isEmpty,
            let node = context.cache.get(BuiltinResources.nodes, namespace: nil, name: nodeName),
            Kubelet.simulates(node), pod.annotations[Kubelet.mirrorAnnotation] == nil
        else { return }
        let phase = pod.json[["status", "phase"]]?.stringValue
        let finished = phase == "Succeeded" || phase == "Failed"
        if pod.deletionTimestamp == nil && finished && state.run(key, uid: uid) == nil { return }
        // Being deleted with no grace period left: only its finalizers keep it.
        if pod.deletionTimestamp != nil && pod.metadata["deletionGracePeriodSeconds"]?.intValue == 0 { return }

        let now = context.clock.now()
        let planned = state.run(key, uid: uid) != nil
        guard var run = plannedRun(key, pod: pod, node: node, context: context, now: now) else { return }
        let containerLogs = context.logs.map(ContainerLogWriter.init)
        if !planned {
            let statuses = ["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"].flatMap {
                pod.json[["status", $0]]?.arrayValue ?? []
            }
            let reported = Set(statuses.compactMap { $0["containerID"]?.stringValue?.split(separator: "/").last.map(String.init) })
            containerLogs?.adopted(run, reported: reported, at: now)
        }
        await recordDueEvents(&run, pod: pod, now: now, context: context)
        if pod.deletionTimestamp != nil, run.termination == nil {
            // The kubelet gives the containers the pod's grace period from when it starts stopping them.
            let grace = pod.metadata["deletionGracePeriodSeconds"]?.intValue ?? 30
            run.terminate(at: now, deadline: now.addingTimeInterval(Double(grace)))
            await recordDueEvents(&run, pod: pod, now: now, context: context)
        }
        containerLogs?.exits(&run, at: now)
        state.store(run, for: key)
        let status = PodStatusGenerator.status(of: run, pod: pod, at: now)
        if status != pod.json["status"] {
            _ = try await context.api.updateStatus(
                BuiltinResources.pods, namespace: key.namespace, name: key.name, status: status,
                options: context.writeOptions)
        }
        if let termination = run.termination, termination.stopped <= now {
            state.forget(key)
            containerLogs?.remove(run)
            do {
                _ = try await context.api.delete(
                    BuiltinResources.pods, namespace: key.namespace, name: key.name,
                    options: DeleteOptions(uid: uid, gracePeriodSeconds: 0))
            } catch let error as StatusError where error.code == 404 || error.code == 409 {
                return  // gone already, or another pod of that name
            }
            return
        }
        if let next = run.nextChange(after: now) { context.requeue(key, at: next) }
    }

    /// Records the run's events that are due at `now`, in order.
    private func recordDueEvents(_ run: inout PodRun, pod: KubeObject, now: Date, context: ControllerContext) async {
        while run.recorded < run.events.count && run.events[run.recorded].time <= now {
            let event = run.events[run.recorded]
            context.logs.map(ContainerLogWriter.init)?.record(event, in: run)
            await context.events.record(
                pod, type: event.type, reason: event.reason, message: event.message, fieldPath: event.fieldPath,
                host: run.node)
            run.recorded += 1
        }
    }

    /// The pod's run: the one planned before, or a new plan when its node can give it an address (its pod
    /// range set and its own address known); nil while it cannot.
    private func plannedRun(
        _ key: ObjectKey, pod: KubeObject, node: KubeObject, context: ControllerContext, now: Date
    ) -> PodRun? {
        guard let hostIP = NodeRegistration.internalIP(of: node) else { return state.run(key, uid: pod.uid ?? "") }
        let names = context.names
        return state.run(key, uid: pod.uid ?? "", onNode: node.name) { plannedIPs, plannedImages in
            let podIP: String
            if pod.spec?["hostNetwork"] == true {
                podIP = hostIP
            } else if let reported = pod.json[["status", "podIP"]]?.stringValue {
                podIP = reported
            } else {
                guard let cidr = NodeIPAMController.podCIDR(of: node),
                    let address = PodIPAllocator.allocate(
                        podCIDR: cidr, pods: context.cache.pods(onNode: node.name), planned: plannedIPs)
                else { return nil }
                podIP = address
            }
            let planner = PodRunPlanner(
                timings: configuration.timings,
                imagesOnNode: NodeStatusReporter.imageReferences(node).union(plannedImages),
                newContainerID: { (0..<4).map { _ in String(format: "%016llx", names.next()) }.joined() })
            return planner.plan(pod, node: node.name, hostIP: hostIP, podIP: podIP, now: now)
        }
    }
}
