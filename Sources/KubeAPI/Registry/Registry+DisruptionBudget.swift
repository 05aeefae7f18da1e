import Foundation

extension Registry {
    /// `checkAndDecrement`: takes one allowed disruption from `budget` for `pod` (fetching the budget again and
    /// retrying when another eviction updated it first), recording the pod in `disruptedPods` so the disruption
    /// controller does not count it as healthy. Written as kube-apiserver's loopback client writes it.
    /// - Throws: 429 TooManyRequests when the budget allows no disruption or has not observed its latest
    ///   generation; 403 Forbidden when its count is negative or too many evictions wait for the controller.
    func takeDisruption(from budget: KubeObject, for pod: KubeObject, dryRun: Bool) async throws {
        let type = BuiltinResources.podDisruptionBudgets
        var budget = budget
        for _ in 0...Self.evictionRetries {
            var status = budget.json["status"] ?? .emptyObject
            if (status["observedGeneration"]?.intValue ?? 0) < (budget.generation ?? 0) {
                throw Self.budgetBeingProcessed(budget.name)
            }
            let allowed = status["disruptionsAllowed"]?.intValue ?? 0
            if allowed < 0 { throw Self.budgetForbidden(budget.name, "pdb disruptions allowed is negative") }
            var disrupted = status["disruptedPods"]?.objectValue ?? [:]
            if disrupted.count > Self.maxDisruptedPods {
                throw Self.budgetForbidden(
                    budget.name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller")
            }
            if allowed == 0 {
                throw StatusError.tooManyRequests(
                    Self.violatesBudget, retryAfterSeconds: 0,
                    causes: [.init(
                        type: "DisruptionBudget",
                        message: "The disruption budget \(budget.name) needs \(status["desiredHealthy"]?.intValue ?? 0) healthy pods and has \(status["currentHealthy"]?.intValue ?? 0) currently")])
            }
            status["disruptionsAllowed"] = .int(allowed - 1)
            let time = RFC3339Timestamp.string(from: now())
            if allowed - 1 == 0 { status = DisruptionBudgets.updatingCondition(status, time: time) }
            if dryRun { return }
            disrupted[pod.name] = .string(time)
            status["disruptedPods"] = .object(disrupted)
            do {
                _ = try await updateStatus(
                    type, namespace: budget.namespace, name: budget.name, status: status,
                    expecting: budget.resourceVersion, options: WriteOptions(fieldManager: "kube-apiserver"))
                return
            } catch let error as StatusError where error.code == 409 {
                budget = try await get(type, namespace: budget.namespace, name: budget.name)
            }
        }
        // `NewTimeoutError(..., 10)`.
        var timeout = StatusError(
            code: 504, reason: "Timeout", message: "Timeout: couldn't update PodDisruptionBudget \"\(budget.name)\" due to conflicts")
        timeout.retryAfterSeconds = 10
        throw timeout
    }

    /// `addConditionAndDeletePod`: the pod gets `DisruptionTarget` True (`EvictionByEvictionAPI`) in its status,
    /// then is deleted with `options` (a resourceVersion precondition moved to the marked version).
    func markDisruptedAndDelete(_ pod: KubeObject, options: DeleteOptions) async throws -> KubeObject {
        let pods = BuiltinResources.pods
        var options = options
        if !options.dryRun {
            let latest = try await get(pods, namespace: pod.namespace, name: pod.name)
            if let uid = options.uid, !uid.isEmpty, uid != latest.uid {
                throw Self.podConflict(
                    pod.name, "the UID in the precondition (\(uid)) does not match the UID in record (\(latest.uid ?? "")). The object might have been deleted and then recreated")
            }
            if let version = options.resourceVersion, !version.isEmpty, version != latest.resourceVersion {
                throw Self.podConflict(
                    pod.name, "the ResourceVersion in the precondition (\(version)) does not match the ResourceVersion in record (\(latest.resourceVersion ?? "")). The object might have been modified")
            }
            let status = PodCondition.setting(
                latest.json["status"] ?? .emptyObject, type: "DisruptionTarget", status: "True",
                reason: "EvictionByEvictionAPI", message: "Eviction API: evicting", time: RFC3339Timestamp.string(from: now()))
            // The eviction writes through the pod's status storage, below the handlers that record managedFields.
            let marked = try await updateStatus(
                pods, namespace: pod.namespace, name: pod.name, status: status, expecting: latest.resourceVersion,
                options: WriteOptions(fieldManager: ""))
            if options.resourceVersion != nil { options.resourceVersion = marked.resourceVersion }
        }
        return try await delete(pods, namespace: pod.namespace, name: pod.name, options: options)
    }

    /// The conflict the eviction's own precondition check answers (it names the resource `Pod`).
    private static func podConflict(_ name: String, _ detail: String) -> StatusError {
        StatusError(
            code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on Pod \(FieldError.quoted(name)): \(detail)",
            name: name, kind: "Pod")
    }

    /// `createTooManyRequestsError`: the budget has not caught up with its spec, or a conflict moved the pod.
    static func budgetBeingProcessed(_ name: String) -> StatusError {
        .tooManyRequests(
            violatesBudget, retryAfterSeconds: 10,
            causes: [.init(type: "DisruptionBudget", message: "The disruption budget \(name) is still being processed by the server.")])
    }

    static func budgetForbidden(_ name: String, _ detail: String) -> StatusError {
        StatusError(
            code: 403, reason: "Forbidden", message: "poddisruptionbudget.policy \(FieldError.quoted(name)) is forbidden: \(detail)",
            name: name, group: "policy", kind: "poddisruptionbudget")
    }

    static let violatesBudget = "Cannot evict pod as it would violate the pod's disruption budget."
    /// `MaxDisruptedPodSize`.
    static let maxDisruptedPods = 2000
}
