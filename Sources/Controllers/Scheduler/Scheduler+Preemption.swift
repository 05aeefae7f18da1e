import KubeAPI

extension Scheduler {
    /// `prepareCandidate`: each victim gets `DisruptionTarget=True` (reason `PreemptionByScheduler`), a
    /// `Preempted` event and is deleted; the preemptor is then nominated to the node.
    func preempt(_ candidate: DefaultPreemption.Candidate, for pod: PodInfo, context: ControllerContext) async throws {
        for victim in candidate.victims {
            var status = victim.object.json["status"] ?? .emptyObject
            var conditions = (status["conditions"]?.arrayValue ?? []).filter { $0["type"]?.stringValue != "DisruptionTarget" }
            conditions.append([
                "type": "DisruptionTarget", "status": "True", "lastProbeTime": .null,
                "lastTransitionTime": .string(RFC3339Timestamp.string(from: context.clock.now())),
                "reason": "PreemptionByScheduler",
                "message": .string("\(name): preempting to accommodate a higher priority pod"),
            ])
            status["conditions"] = .array(conditions)
            do {
                _ = try await context.api.updateStatus(
                    BuiltinResources.pods, namespace: victim.namespace, name: victim.name, status: status,
                    options: context.writeOptions)
                await context.events.record(
                    victim.object, reason: "Preempted", message: "Preempted by pod \(pod.uid) on node \(candidate.node)")
                _ = try await context.api.delete(
                    BuiltinResources.pods, namespace: victim.namespace, name: victim.name, options: DeleteOptions())
            } catch let error as StatusError where error.code == 404 {
                continue
            }
        }
    }
}
