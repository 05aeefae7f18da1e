import Foundation
import KubeAPI

/// An autoscaling/v2 HorizontalPodAutoscaler's status as the HPA controller edits it (`setCondition`, `setStatus`).
struct HorizontalPodAutoscalerStatus {
    private(set) var json: JSONValue
    let now: Date

    init(_ status: JSONValue?, now: Date) {
        json = status ?? ["desiredReplicas": 0]
        self.now = now
    }

    var desired: Int64? { json["desiredReplicas"]?.intValue }

    /// `setConditionInList`: the condition of that type is updated in place (appended when missing); its
    /// lastTransitionTime moves only when its status does.
    mutating func setCondition(_ type: String, _ status: String, reason: String, message: String) {
        var conditions = json["conditions"]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == type } ?? {
            conditions.append(["type": .string(type)])
            return conditions.count - 1
        }()
        var condition = conditions[index]
        if condition["status"]?.stringValue != status {
            condition["lastTransitionTime"] = .string(RFC3339Timestamp.string(from: now))
        }
        condition["status"] = .string(status)
        condition["reason"] = .string(reason)
        condition["message"] = .string(message)
        conditions[index] = condition
        json["conditions"] = .array(conditions)
    }

    /// `setStatus`: the replica counts and metric statuses; a rescale stamps `lastScaleTime`.
    mutating func set(current: Int64, desired: Int64?, metrics: JSONValue?, rescaled: Bool) {
        json["currentReplicas"] = current == 0 ? nil : .int(current)
        json["desiredReplicas"] = .int(desired ?? 0)
        json["currentMetrics"] = metrics
        if rescaled { json["lastScaleTime"] = .string(RFC3339Timestamp.string(from: now)) }
    }
}
