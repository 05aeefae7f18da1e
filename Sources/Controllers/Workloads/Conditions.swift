import Foundation
import KubeAPI

/// A status's `conditions` list as the apps controllers edit it (`SetDeploymentCondition`, `SetCondition` of
/// `replicaset/replica_set_utils.go`).
struct Conditions: Equatable {
    var items: [JSONValue]

    init(_ status: JSONValue?) {
        items = status?["conditions"]?.arrayValue ?? []
    }

    subscript(type: String) -> JSONValue? {
        items.first { $0["type"]?.stringValue == type }
    }

    /// Sets a condition: one with the same status and reason changes nothing (not even its message); one with
    /// the same status keeps its lastTransitionTime; the condition moves to the end of the list.
    mutating func set(_ condition: JSONValue) {
        var condition = condition
        let type = condition["type"]?.stringValue ?? ""
        if let current = self[type], current["status"] == condition["status"] {
            if current["reason"] == condition["reason"] { return }
            condition["lastTransitionTime"] = current["lastTransitionTime"]
        }
        remove(type)
        items.append(condition)
    }

    mutating func remove(_ type: String) {
        items.removeAll { $0["type"]?.stringValue == type }
    }

    /// The list as a status field: nil when empty (`omitempty`).
    var json: JSONValue? { items.isEmpty ? nil : .array(items) }
}

extension JSONValue {
    /// A condition with both times at `now`; `lastUpdateTime` only for kinds that have one (Deployments).
    static func condition(
        type: String, status: String, reason: String, message: String, now: Date, withUpdateTime: Bool
    ) -> JSONValue {
        let time = JSONValue.string(RFC3339Timestamp.string(from: now))
        var condition: JSONValue = [
            "type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
            "lastTransitionTime": time,
        ]
        if withUpdateTime { condition["lastUpdateTime"] = time }
        return condition
    }
}
