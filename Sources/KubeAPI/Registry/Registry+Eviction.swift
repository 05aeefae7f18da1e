import Foundation

extension Registry {
    /// The `pods/eviction` subresource (`POST .../pods/<name>/eviction` with a policy/v1 `Eviction`, what
    /// `kubectl drain` sends): checks the body, then evicts as `evict(namespace:name:options:)` does.
    /// - Parameter dryRun: the request's `dryRun=All`, which the eviction's delete options inherit.
    /// - Throws: `StatusError`: 400 BadRequest (not an Eviction, a name that is not the URL's, bad delete
    ///   options), and what `evict(namespace:name:options:)` throws.
    @discardableResult
    public func evict(namespace: String?, name: String, eviction: JSONValue, dryRun: Bool = false) async throws -> KubeObject {
        guard eviction.objectValue != nil else { throw StatusError.badRequest("the object provided is not a JSON object") }
        let apiVersion = eviction["apiVersion"]?.stringValue ?? "policy/v1"
        let kind = eviction["kind"]?.stringValue ?? "Eviction"
        guard ["policy/v1", "policy/v1beta1"].contains(apiVersion), kind == "Eviction" else {
            throw StatusError.badRequest("not a Eviction object: \(apiVersion), Kind=\(kind)")
        }
        guard eviction[["metadata", "name"]]?.stringValue == name else {
            throw StatusError.badRequest("name in URL does not match name in Eviction object")
        }
        var options = try DeleteOptions(decoding: eviction["deleteOptions"])
        if dryRun { options.dryRun = true }
        return try await evict(namespace: namespace, name: name, options: options)
    }

    /// Evicts a pod as kube-apiserver's eviction REST does (`pkg/registry/core/pod/storage/eviction.go`): a pod
    /// that is Pending, Succeeded, Failed or already being deleted is deleted directly (a live one with its
    /// resourceVersion as a precondition unless the options name one, retried on conflict). Any other pod is
    /// deleted only if the one PodDisruptionBudget covering it allows a disruption, which the eviction takes
    /// (`disruptionsAllowed` decremented, the pod recorded in `disruptedPods`); an unready pod passes without
    /// taking one while the budget is healthy or its `unhealthyPodEvictionPolicy` is `AlwaysAllow`. The pod is
    /// marked with the `DisruptionTarget` condition before it is deleted.
    /// - Returns: the pod as deleted (or as marked, when finalizers hold it).
    /// - Throws: `StatusError`: 404 NotFound, 409 Conflict (the options' preconditions), 429 TooManyRequests
    ///   (the budget allows no disruption now, or has not observed its latest generation), 403 Forbidden (a
    ///   budget in a state no eviction may use), 500 (more than one budget covers the pod).
    @discardableResult
    public func evict(namespace: String?, name: String, options: DeleteOptions = DeleteOptions()) async throws -> KubeObject {
        let pods = BuiltinResources.pods
        let pinned = options.resourceVersion != nil
        var conflicts = 0
        var pod: KubeObject
        while true {
            pod = try await get(pods, namespace: namespace, name: name)
            let phase = pod.json[["status", "phase"]]?.stringValue ?? ""
            let terminal = phase == "Succeeded" || phase == "Failed" || pod.deletionTimestamp != nil
            guard terminal || phase == "Pending" else { break }
            var attempt = options
            // A Pending pod could become ready meanwhile: delete only the version looked at.
            if !terminal && !pinned { attempt.resourceVersion = pod.resourceVersion }
            do {
                return try await markDisruptedAndDelete(pod, options: attempt)
            } catch let error as StatusError where error.code == 409 && !pinned && conflicts < Self.evictionRetries {
                conflicts += 1
            }
        }
        let budgets = try await list(BuiltinResources.podDisruptionBudgets, namespace: pod.namespace).items
            .filter { DisruptionBudgets.selects($0, pod) }
        guard budgets.count <= 1 else {
            throw StatusError(
                code: 500, reason: "",
                message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
        }
        var attempt = options
        if let budget = budgets.first {
            let policy = budget.json[["spec", "unhealthyPodEvictionPolicy"]]?.stringValue
            let status = budget.json["status"] ?? .emptyObject
            let current = status["currentHealthy"]?.intValue ?? 0
            let desired = status["desiredHealthy"]?.intValue ?? 0
            let unhealthyMayGo =
                !DisruptionBudgets.isReady(pod) && (policy == "AlwaysAllow" || (current >= desired && desired > 0))
            if unhealthyMayGo {
                // The pod takes no disruption, so it must still be the unready pod looked at.
                if !pinned { attempt.resourceVersion = pod.resourceVersion }
            } else {
                try await takeDisruption(from: budget, for: pod, dryRun: options.dryRun)
            }
            do {
                return try await markDisruptedAndDelete(pod, options: attempt)
            } catch let error as StatusError where error.code == 409 && unhealthyMayGo && !pinned {
                throw Self.budgetBeingProcessed(budget.name)
            }
        }
        return try await markDisruptedAndDelete(pod, options: attempt)
    }

    /// How often an eviction retries a conflicting delete (`EvictionsRetry`: 20 steps).
    static let evictionRetries = 20
}

extension DeleteOptions {
    /// `metav1.DeleteOptions` as a JSON object (nil: the defaults): `preconditions`, `dryRun`,
    /// `propagationPolicy` and the deprecated `orphanDependents`. (`gracePeriodSeconds` has no effect: KubeSim
    /// deletes pods at once.)
    /// - Throws: 400 BadRequest for an unknown propagation policy.
    public init(decoding json: JSONValue?) throws {
        self.init()
        guard let json, json.objectValue != nil else { return }
        uid = json[["preconditions", "uid"]]?.stringValue
        resourceVersion = json[["preconditions", "resourceVersion"]]?.stringValue
        dryRun = (json["dryRun"]?.arrayValue ?? []).contains("All")
        if json["orphanDependents"]?.boolValue == true { propagationPolicy = .orphan }
        if let policy = json["propagationPolicy"]?.stringValue {
            guard let parsed = PropagationPolicy(rawValue: policy) else {
                throw StatusError.badRequest(
                    "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
            }
            propagationPolicy = parsed
        }
    }
}
