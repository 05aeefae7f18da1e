import Foundation
import KubeAPI

/// kube-controller-manager's disruption controller (`pkg/controller/disruption`): keeps each
/// PodDisruptionBudget's status (expected, healthy and desired pods, the disruptions allowed, the
/// `DisruptionAllowed` condition) true to the pods it selects, which the eviction subresource consults. Pods
/// an eviction approved count as disrupted until they are gone or `DisruptionBudgets.deletionTimeout` passes.
public struct DisruptionController: Controller {
    public init() {}

    /// Its events carry the component kube-controller-manager gives this controller's recorder.
    public var name: String { "controllermanager" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] {
        [
            BuiltinResources.podDisruptionBudgets, BuiltinResources.pods, BuiltinResources.replicationControllers,
            BuiltinResources.replicaSets, BuiltinResources.deployments, BuiltinResources.statefulSets,
        ]
    }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.podDisruptionBudgets:
            return [ObjectKey(change.object)]
        case BuiltinResources.pods:
            // `getPdbForPod`: the first budget selecting the pod (its old labels too, when they changed).
            let budgets = cache.list(BuiltinResources.podDisruptionBudgets, namespace: change.object.namespace)
            var keys: [ObjectKey] = []
            for pod in [change.object] + (change.old.map { [$0] } ?? []) {
                if let budget = budgets.first(where: { DisruptionBudgets.selects($0, pod) }) {
                    let key = ObjectKey(budget)
                    if !keys.contains(key) { keys.append(key) }
                }
            }
            return keys
        default:
            return []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let type = BuiltinResources.podDisruptionBudgets
        guard let budget = context.cache.get(type, key) else { return }
        let pods = context.cache.list(BuiltinResources.pods, namespace: key.namespace)
            .filter { DisruptionBudgets.selects(budget, $0) }
        let now = context.clock.now()
        let counts: (expected: Int64, desired: Int64, unmanaged: [String])
        do {
            counts = try expectedPods(budget, pods: pods, cache: context.cache)
        } catch let failure as CountFailure {
            await context.events.record(
                budget, type: .warning, reason: "CalculateExpectedPodCountFailed",
                message: "Failed to calculate the number of expected pods: \(failure.message)")
            try await failSafe(budget, message: failure.message, context: context)
            return
        }
        let (disrupted, recheck) = disruptedPods(budget, pods: pods, now: now)
        let healthy = Int64(pods.filter { pod in
            pod.deletionTimestamp == nil && disrupted[pod.name] == nil && DisruptionBudgets.isReady(pod)
        }.count)
        var allowed = healthy - counts.desired
        if counts.expected <= 0 || allowed <= 0 { allowed = 0 }

        let status = budget.json["status"] ?? .emptyObject
        let generation = budget.generation ?? 0
        let unchanged =
            status["currentHealthy"]?.intValue ?? 0 == healthy && status["desiredHealthy"]?.intValue ?? 0 == counts.desired
            && status["expectedPods"]?.intValue ?? 0 == counts.expected
            && status["disruptionsAllowed"]?.intValue ?? 0 == allowed
            && (status["disruptedPods"]?.objectValue ?? [:]) == disrupted.mapValues(JSONValue.string)
            && status["observedGeneration"]?.intValue ?? 0 == generation && DisruptionBudgets.conditionsAreUpToDate(budget)
        if !unchanged {
            // kube-controller-manager records these on every sync; here only when the status moves, so a settled
            // cluster stays unwritten.
            if pods.isEmpty { await context.events.record(budget, reason: "NoPods", message: "No matching pods found") }
            if !counts.unmanaged.isEmpty {
                await context.events.record(
                    budget, type: .warning, reason: "UnmanagedPods",
                    message: "Pods selected by this PodDisruptionBudget (selector: \(Self.selectorString(budget.spec?["selector"]))) "
                        + "were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which "
                        + "may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field "
                        + "of the PDB to an integer value.")
            }
            var next: JSONValue = [
                "currentHealthy": .int(healthy), "desiredHealthy": .int(counts.desired), "expectedPods": .int(counts.expected),
                "disruptionsAllowed": .int(allowed), "observedGeneration": .int(generation),
            ]
            if !disrupted.isEmpty { next["disruptedPods"] = .object(disrupted.mapValues(JSONValue.string)) }
            if let conditions = status["conditions"] { next["conditions"] = conditions }
            next = DisruptionBudgets.updatingCondition(next, time: RFC3339Timestamp.string(from: now))
            _ = try await context.api.updateStatus(
                type, namespace: key.namespace, name: key.name, status: next, options: context.writeOptions)
        }
        if let recheck { context.requeue(key, at: recheck) }
    }

    /// Why the expected pods could not be counted (`found no controllers for pod "x"`).
    struct CountFailure: Error {
        var message: String
    }

    /// `getExpectedPodCount`: an integer `minAvailable` expects the selected pods themselves; a percentage, or
    /// `maxUnavailable`, expects the sum of the scales of the pods' controllers (pods without one are named).
    func expectedPods(
        _ budget: KubeObject, pods: [KubeObject], cache: ObjectCache
    ) throws -> (expected: Int64, desired: Int64, unmanaged: [String]) {
        let spec = budget.spec ?? .emptyObject
        if let maxUnavailable = spec["maxUnavailable"], !maxUnavailable.isNull {
            let (expected, unmanaged) = try controllerScale(pods, cache: cache)
            let unavailable = RolloutArithmetic.scaled(maxUnavailable, of: expected, roundUp: true)
            return (expected, max(0, expected - unavailable), unmanaged)
        }
        guard let minAvailable = spec["minAvailable"], !minAvailable.isNull else { return (0, 0, []) }
        if minAvailable.stringValue == nil { return (Int64(pods.count), minAvailable.intValue ?? 0, []) }
        let (expected, unmanaged) = try controllerScale(pods, cache: cache)
        return (expected, RolloutArithmetic.scaled(minAvailable, of: expected, roundUp: true), unmanaged)
    }

    /// `getExpectedScale`: each pod's controller counted once: a ReplicationController's or StatefulSet's
    /// replicas, a ReplicaSet's, or its Deployment's when one controls it. Pods without a controller are left
    /// out (kube-controller-manager warns about them); a controller of another kind fails the count.
    func controllerScale(_ pods: [KubeObject], cache: ObjectCache) throws -> (Int64, unmanaged: [String]) {
        var scales: [String: Int64] = [:]
        var unmanaged: [String] = []
        for pod in pods {
            guard let reference = ControllerRef.of(pod), let uid = reference["uid"]?.stringValue else {
                unmanaged.append(pod.name)
                continue
            }
            if scales[uid] != nil { continue }
            guard let (owner, replicas) = scale(of: reference, namespace: pod.namespace, cache: cache) else {
                throw CountFailure(message: "found no controllers for pod \(FieldError.quoted(pod.name))")
            }
            scales[owner] = replicas
        }
        return (scales.values.reduce(0, +), unmanaged)
    }

    /// A `*metav1.LabelSelector` as `%v` prints it (its generated `String()`).
    static func selectorString(_ selector: JSONValue?) -> String {
        let labels = (selector?["matchLabels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key): \($0.value.stringValue ?? ""),"}.joined()
        let expressions = (selector?["matchExpressions"]?.arrayValue ?? []).map { item in
            let values = (item["values"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")
            return "LabelSelectorRequirement{Key:\(item["key"]?.stringValue ?? ""),Operator:\(item["operator"]?.stringValue ?? ""),Values:[\(values)],},"
        }.joined()
        return "&LabelSelector{MatchLabels:map[string]string{\(labels)},MatchExpressions:[]LabelSelectorRequirement{\(expressions)},}"
    }

    /// The finders of `dc.finders()`: the controller's uid and scale, or nil when none applies.
    private func scale(of reference: JSONValue, namespace: String?, cache: ObjectCache) -> (String, Int64)? {
        let name = reference["name"]?.stringValue ?? ""
        let uid = reference["uid"]?.stringValue ?? ""
        let apiVersion = reference["apiVersion"]?.stringValue ?? ""
        func found(_ type: ResourceType) -> KubeObject? {
            cache.get(type, namespace: namespace, name: name).flatMap { $0.uid == uid ? $0 : nil }
        }
        switch (apiVersion.split(separator: "/").first.map(String.init) ?? "", reference["kind"]?.stringValue ?? "") {
        case ("v1", "ReplicationController"):
            return found(BuiltinResources.replicationControllers).map { (uid, $0.spec?["replicas"]?.intValue ?? 1) }
        case ("apps", "StatefulSet"):
            return found(BuiltinResources.statefulSets).map { (uid, $0.spec?["replicas"]?.intValue ?? 1) }
        case ("apps", "ReplicaSet"):
            guard let replicaSet = found(BuiltinResources.replicaSets) else { return nil }
            if let owner = ControllerRef.of(replicaSet), owner["kind"]?.stringValue == "Deployment",
                let deployment = cache.get(BuiltinResources.deployments, namespace: namespace, name: owner["name"]?.stringValue ?? ""),
                deployment.uid == owner["uid"]?.stringValue
            {
                return (deployment.uid ?? "", deployment.spec?["replicas"]?.intValue ?? 1)
            }
            return (uid, replicaSet.spec?["replicas"]?.intValue ?? 1)
        default:
            return nil
        }
    }

    /// `buildDisruptedPodMap`: the evicted pods still present and not yet being deleted, while their
    /// deletion is awaited; and when to look again.
    func disruptedPods(_ budget: KubeObject, pods: [KubeObject], now: Date) -> ([String: String], Date?) {
        guard let recorded = budget.json[["status", "disruptedPods"]]?.objectValue else { return ([:], nil) }
        var result: [String: String] = [:]
        var recheck: Date?
        for pod in pods where pod.deletionTimestamp == nil {
            guard let text = recorded[pod.name]?.stringValue, let time = RFC3339Timestamp.date(from: text) else { continue }
            let expected = time.addingTimeInterval(DisruptionBudgets.deletionTimeout)
            guard expected >= now else { continue }
            result[pod.name] = text
            if recheck.map({ expected < $0 }) ?? true { recheck = expected }
        }
        return (result, recheck)
    }

    /// `failSafe`: no disruptions allowed, and the condition says why.
    private func failSafe(_ budget: KubeObject, message: String, context: ControllerContext) async throws {
        var status = budget.json["status"] ?? .emptyObject
        status["disruptionsAllowed"] = 0
        status = DisruptionBudgets.settingCondition(
            status, status: "False", reason: "SyncFailed", message: message,
            time: RFC3339Timestamp.string(from: context.clock.now()))
        _ = try await context.api.updateStatus(
            BuiltinResources.podDisruptionBudgets, namespace: budget.namespace, name: budget.name, status: status,
            options: context.writeOptions)
    }
}
