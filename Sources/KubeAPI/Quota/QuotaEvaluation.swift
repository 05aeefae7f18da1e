import Foundation

/// What a ResourceQuota counts (kubernetes `pkg/quota/v1/evaluator/core` and `generic`): the resources each
/// kind's evaluator tracks, an object's usage of them, the quota scopes that select pods, and the constraints a
/// pod must meet when its quota tracks cpu or memory. Shared by the ResourceQuota admission plugin and the
/// resource quota controller.
public enum QuotaEvaluation {
    /// The compute resources a pod must state when a quota tracks them (`validationSet`).
    static let requiredComputeResources: Set<String> = [
        "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
    ]
    private static let podResources: Set<String> = requiredComputeResources.union([
        "pods", "count/pods", "ephemeral-storage", "requests.ephemeral-storage", "limits.ephemeral-storage",
    ])

    /// The resources of `names` the evaluator of `type` tracks (`MatchingResources`).
    static func matchingResources(_ names: [String], type: ResourceType) -> [String] {
        let count = "count/" + type.groupResource
        return names.filter { name in
            if name == count { return true }
            switch (type.group, type.plural) {
            case ("", "pods"): return podResources.contains(name) || name.hasPrefix("requests.hugepages-")
            case ("", "services"): return ["services", "services.loadbalancers", "services.nodeports"].contains(name)
            case ("", "persistentvolumeclaims"):
                return ["persistentvolumeclaims", "requests.storage"].contains(name)
                    || name.hasSuffix(".storageclass.storage.k8s.io/requests.storage")
                    || name.hasSuffix(".storageclass.storage.k8s.io/persistentvolumeclaims")
            case ("", "configmaps"), ("", "secrets"), ("", "replicationcontrollers"), ("", "resourcequotas"):
                return name == type.plural
            default: return false
            }
        }
    }

    /// An object's usage (`Usage`): one of its count, plus what a pod asks of compute resources while it is
    /// not terminal, a service's load balancers and node ports, a claim's storage.
    static func usage(of object: KubeObject, type: ResourceType, now: Date) -> ResourceList {
        var usage = ResourceList.one("count/" + type.groupResource)
        switch (type.group, type.plural) {
        case ("", "pods"):
            guard countsAgainstQuota(pod: object, now: now) else { return usage }
            let (requests, limits) = podResources(object)
            usage = usage.adding(computeUsage(requests: requests, limits: limits))
        case ("", "services"):
            usage = usage.adding(.one("services"))
            let serviceType = object.spec?["type"]?.stringValue ?? "ClusterIP"
            let ports = Int64(object.spec?["ports"]?.arrayValue?.count ?? 0)
            if serviceType == "LoadBalancer" {
                usage["services.loadbalancers"] = Quantity(value: 1, format: .decimalSI)
                let nodePorts = object.spec?["allocateLoadBalancerNodePorts"]?.boolValue ?? true
                usage["services.nodeports"] = Quantity(value: Decimal(nodePorts ? ports : 0), format: .decimalSI)
            } else if serviceType == "NodePort" {
                usage["services.nodeports"] = Quantity(value: Decimal(ports), format: .decimalSI)
            }
        case ("", "persistentvolumeclaims"):
            usage = usage.adding(.one("persistentvolumeclaims"))
            let storage = Quantity(json: object.spec?[["resources", "requests", "storage"]])
            if let storage { usage["requests.storage"] = storage }
            if let storageClass = object.spec?["storageClassName"]?.stringValue, !storageClass.isEmpty {
                usage["\(storageClass).storageclass.storage.k8s.io/persistentvolumeclaims"] = Quantity(value: 1, format: .decimalSI)
                if let storage { usage["\(storageClass).storageclass.storage.k8s.io/requests.storage"] = storage }
            }
        case ("", "configmaps"), ("", "secrets"), ("", "replicationcontrollers"), ("", "resourcequotas"):
            usage = usage.adding(.one(type.plural))
        default:
            break
        }
        return usage
    }

    /// `QuotaV1Pod`: a pod stops counting once terminal, or once its deletion grace has run out.
    static func countsAgainstQuota(pod: KubeObject, now: Date) -> Bool {
        let phase = pod.json[["status", "phase"]]?.stringValue
        if phase == "Succeeded" || phase == "Failed" { return false }
        if let deletion = pod.deletionTimestamp.flatMap(RFC3339Timestamp.date(from:)),
            let grace = pod.json[["metadata", "deletionGracePeriodSeconds"]]?.intValue,
            now > deletion.addingTimeInterval(TimeInterval(grace))
        {
            return false
        }
        return true
    }

    /// `PodRequests`/`PodLimits`: the containers' sum, or the largest init container's when larger.
    private static func podResources(_ pod: KubeObject) -> (ResourceList, ResourceList) {
        func totals(_ field: String) -> ResourceList {
            let containers = pod.spec?["containers"]?.arrayValue ?? []
            var sum = containers.reduce(ResourceList()) { $0.adding(ResourceList(json: $1[["resources", field]])) }
            for initContainer in pod.spec?["initContainers"]?.arrayValue ?? [] {
                let own = ResourceList(json: initContainer[["resources", field]])
                for (name, quantity) in own.quantities where quantity.value > (sum[name]?.value ?? 0) { sum[name] = quantity }
            }
            return sum
        }
        return (totals("requests"), totals("limits"))
    }

    /// `podComputeUsageHelper`: one pod, its requests under both plain and `requests.` names, its limits.
    static func computeUsage(requests: ResourceList, limits: ResourceList) -> ResourceList {
        var usage = ResourceList.one("pods")
        for resource in ["cpu", "memory", "ephemeral-storage"] {
            if let request = requests[resource] {
                usage[resource] = request
                usage["requests.\(resource)"] = request
            }
            if let limit = limits[resource] { usage["limits.\(resource)"] = limit }
        }
        for (name, request) in requests.quantities where name.hasPrefix("hugepages-") { usage["requests.\(name)"] = request }
        return usage
    }

    /// The pod evaluator's `Constraints`: with cpu or memory tracked, every container states them.
    /// - Returns: `must specify limits.cpu for: a,b; ...`, or nil when the pod complies.
    static func missingCompute(_ pod: KubeObject, tracked: [String]) -> String? {
        let required = requiredComputeResources.intersection(tracked)
        guard !required.isEmpty else { return nil }
        var missing: [String: Set<String>] = [:]
        let containers = (pod.spec?["containers"]?.arrayValue ?? []) + (pod.spec?["initContainers"]?.arrayValue ?? [])
        for container in containers {
            let usage = computeUsage(
                requests: ResourceList(json: container[["resources", "requests"]]),
                limits: ResourceList(json: container[["resources", "limits"]]))
            for resource in required where usage[resource] == nil {
                missing[resource, default: []].insert(container["name"]?.stringValue ?? "")
            }
        }
        guard !missing.isEmpty else { return nil }
        let parts = missing.keys.sorted().map { "\($0) for: \(missing[$0]!.sorted().joined(separator: ","))" }
        return "must specify " + parts.joined(separator: "; ")
    }

    /// `generic.Matches`: the quota's hard limits name a resource the evaluator tracks, and the object is in
    /// every scope the quota lists (only pods can be: other kinds match no scope).
    static func matches(_ quota: KubeObject, _ object: KubeObject, type: ResourceType, hard: [String]) -> Bool {
        guard !matchingResources(hard, type: type).isEmpty else { return false }
        return scopeSelectors(quota).allSatisfy { selector in
            type == BuiltinResources.pods && podMatches(object, scope: selector)
        }
    }

    /// The quota's `scopes` as `Exists` selectors, then its `scopeSelector` expressions.
    private static func scopeSelectors(_ quota: KubeObject) -> [JSONValue] {
        let scopes: [JSONValue] = (quota.spec?["scopes"]?.arrayValue ?? []).map { ["scopeName": $0, "operator": "Exists"] }
        return scopes + (quota.spec?[["scopeSelector", "matchExpressions"]]?.arrayValue ?? [])
    }

    /// `podMatchesScopeFunc`.
    private static func podMatches(_ pod: KubeObject, scope: JSONValue) -> Bool {
        let terminating = (pod.spec?["activeDeadlineSeconds"]?.intValue ?? -1) >= 0
        switch scope["scopeName"]?.stringValue {
        case "Terminating": return terminating
        case "NotTerminating": return !terminating
        case "BestEffort": return isBestEffort(pod)
        case "NotBestEffort": return !isBestEffort(pod)
        case "PriorityClass":
            let priorityClass = pod.spec?["priorityClassName"]?.stringValue ?? ""
            let values = (scope["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            switch scope["operator"]?.stringValue {
            case "Exists": return !priorityClass.isEmpty
            case "DoesNotExist": return priorityClass.isEmpty
            case "In": return !priorityClass.isEmpty && values.contains(priorityClass)
            case "NotIn": return priorityClass.isEmpty || !values.contains(priorityClass)
            default: return false
            }
        case "CrossNamespacePodAffinity":
            let affinity = pod.spec?["affinity"]
            let terms = ["podAffinity", "podAntiAffinity"].flatMap { kind in
                (affinity?[[kind, "requiredDuringSchedulingIgnoredDuringExecution"]]?.arrayValue ?? [])
                    + (affinity?[[kind, "preferredDuringSchedulingIgnoredDuringExecution"]]?.arrayValue ?? []).compactMap { $0["podAffinityTerm"] }
            }
            return terms.contains { !($0["namespaces"]?.arrayValue ?? []).isEmpty || ($0["namespaceSelector"].map { !$0.isNull } ?? false) }
        default: return false
        }
    }

    /// A BestEffort pod states no cpu or memory request or limit in any container.
    private static func isBestEffort(_ pod: KubeObject) -> Bool {
        let containers = (pod.spec?["containers"]?.arrayValue ?? []) + (pod.spec?["initContainers"]?.arrayValue ?? [])
        return containers.allSatisfy { container in
            ["requests", "limits"].allSatisfy { field in
                let list = container[["resources", field]]?.objectValue ?? [:]
                return list["cpu"] == nil && list["memory"] == nil
            }
        }
    }

    /// A quota's status as the resource quota controller computes it: `hard` from the spec, `used` summed over
    /// `objects` (every object of each type, in the quota's namespace) for each hard resource some evaluator
    /// tracks, zero when nothing uses it.
    /// - Parameter objects: the objects of a type in the quota's namespace.
    public static func status(of quota: KubeObject, objects: (ResourceType) -> [KubeObject], types: [ResourceType], now: Date) -> JSONValue {
        let hard = ResourceList(json: quota.spec?["hard"])
        var used = ResourceList()
        for type in types {
            let tracked = matchingResources(hard.names, type: type)
            guard !tracked.isEmpty else { continue }
            for object in objects(type) where matches(quota, object, type: type, hard: hard.names) {
                used = used.adding(usage(of: object, type: type, now: now).masked(to: tracked))
            }
            for name in tracked where used[name] == nil { used[name] = Quantity(value: 0, format: .decimalSI) }
        }
        return ["hard": hard.json, "used": used.json]
    }

    /// Whether two quota statuses hold the same quantities (so an unchanged usage is not written again).
    public static func sameStatus(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        ["hard", "used"].allSatisfy { field in
            ResourceList(json: left?[field]).sameQuantities(as: ResourceList(json: right?[field]))
                && (left?[field]?.objectValue?.count ?? 0) == (right?[field]?.objectValue?.count ?? 0)
        }
    }

    /// The types whose objects quotas count, in the order the controller lists them.
    public static let countedTypes: [ResourceType] = [
        BuiltinResources.pods, BuiltinResources.services, BuiltinResources.persistentVolumeClaims, BuiltinResources.configMaps,
        BuiltinResources.secrets, BuiltinResources.replicationControllers, BuiltinResources.resourceQuotas,
        BuiltinResources.deployments, BuiltinResources.replicaSets, BuiltinResources.statefulSets, BuiltinResources.daemonSets,
        BuiltinResources.jobs, BuiltinResources.cronJobs,
    ]
}
