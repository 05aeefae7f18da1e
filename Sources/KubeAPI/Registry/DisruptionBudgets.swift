import Foundation

/// The rules of PodDisruptionBudgets that kube-apiserver's eviction and kube-controller-manager's disruption
/// controller share (kubernetes `component-helpers/apps/poddisruptionbudget`, `pkg/api/pod`).
public enum DisruptionBudgets {
    /// `policy.DisruptionAllowedCondition`.
    public static let condition = "DisruptionAllowed"
    /// How long a pod an eviction approved counts as disrupted before the controller stops waiting for its
    /// deletion (`DeletionTimeout`).
    public static let deletionTimeout: TimeInterval = 120

    /// Whether `budget` covers `pod`: same namespace and its selector matches (a missing selector matches
    /// nothing, an empty one everything, as `LabelSelectorAsSelector`; an invalid one nothing).
    public static func selects(_ budget: KubeObject, _ pod: KubeObject) -> Bool {
        guard budget.namespace == pod.namespace, let object = budget.json[["spec", "selector"]], !object.isNull,
            let selector = try? LabelSelector(object: object)
        else { return false }
        return selector.matches(pod.labels)
    }

    /// `IsPodReady`: the pod's `Ready` condition is `True`.
    public static func isReady(_ pod: KubeObject) -> Bool {
        (pod.json[["status", "conditions"]]?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
        }
    }

    /// `UpdateDisruptionAllowedCondition`: `DisruptionAllowed` True/`SufficientPods` while disruptions are
    /// allowed, else False/`InsufficientPods`, as `SetStatusCondition` sets it (the transition time moves only
    /// when the status does).
    public static func updatingCondition(_ status: JSONValue, time: String) -> JSONValue {
        let allowed = (status["disruptionsAllowed"]?.intValue ?? 0) > 0
        return settingCondition(
            status, status: allowed ? "True" : "False", reason: allowed ? "SufficientPods" : "InsufficientPods", message: "",
            time: time)
    }

    /// `SetStatusCondition` of `DisruptionAllowed` with the status's `observedGeneration`.
    public static func settingCondition(_ status: JSONValue, status value: String, reason: String, message: String, time: String) -> JSONValue {
        var status = status
        var conditions = status["conditions"]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == condition }
        var entry: JSONValue = index.map { conditions[$0] } ?? ["type": .string(condition)]
        if entry["status"]?.stringValue != value { entry["lastTransitionTime"] = .string(time) }
        entry["status"] = .string(value)
        entry["reason"] = .string(reason)
        entry["message"] = .string(message)
        entry["observedGeneration"] = .int(status["observedGeneration"]?.intValue ?? 0)
        if let index { conditions[index] = entry } else { conditions.append(entry) }
        status["conditions"] = .array(conditions)
        return status
    }

    /// `ConditionsAreUpToDate`: the condition exists, the status observed the current generation and the
    /// condition says what `disruptionsAllowed` says.
    public static func conditionsAreUpToDate(_ budget: KubeObject) -> Bool {
        let status = budget.json["status"] ?? .emptyObject
        guard let entry = (status["conditions"]?.arrayValue ?? []).first(where: { $0["type"]?.stringValue == condition }),
            (status["observedGeneration"]?.intValue ?? 0) == (budget.generation ?? 0)
        else { return false }
        let allowed = (status["disruptionsAllowed"]?.intValue ?? 0) > 0
        return entry["status"]?.stringValue == (allowed ? "True" : "False")
            && entry["reason"]?.stringValue == (allowed ? "SufficientPods" : "InsufficientPods")
    }
}
