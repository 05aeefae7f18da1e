import Foundation
import KubeAPI

/// The taints the node lifecycle controller keeps on nodes (`node_lifecycle_controller.go`,
/// `doNoScheduleTaintingPass` and `doNoExecuteTaintingPass`, `SwapNodeControllerTaint`):
/// - `NoSchedule` taints mirroring the node's conditions (`node.kubernetes.io/not-ready` for Ready=False,
///   `unreachable` for Ready=Unknown, `memory-pressure`, `disk-pressure`, `pid-pressure`,
///   `network-unavailable` when those are True) and `node.kubernetes.io/unschedulable` for a cordoned node;
/// - one `NoExecute` taint, `not-ready` or `unreachable` after the Ready condition, that the taint eviction
///   controller acts on.
/// A taint the controller adds carries `timeAdded`; new ones go after the node's others.
enum NodeConditionTaints {
    static let notReady = "node.kubernetes.io/not-ready"
    static let unreachable = "node.kubernetes.io/unreachable"
    static let unschedulable = "node.kubernetes.io/unschedulable"

    /// Condition type → (status → taint key), `nodeConditionToTaintKeyStatusMap`.
    static let conditionTaints: [String: [String: String]] = [
        "Ready": ["False": notReady, "Unknown": unreachable],
        "MemoryPressure": ["True": "node.kubernetes.io/memory-pressure"],
        "DiskPressure": ["True": "node.kubernetes.io/disk-pressure"],
        "NetworkUnavailable": ["True": "node.kubernetes.io/network-unavailable"],
        "PIDPressure": ["True": "node.kubernetes.io/pid-pressure"],
    ]

    static let managedNoScheduleKeys: Set<String> = Set(conditionTaints.values.flatMap(\.values)).union([unschedulable])

    /// The NoSchedule taint keys the node's conditions and cordon call for, in the order of its conditions.
    static func wantedNoSchedule(_ node: KubeObject) -> [String] {
        var keys: [String] = []
        for condition in node.json[["status", "conditions"]]?.arrayValue ?? [] {
            guard let type = condition["type"]?.stringValue, let status = condition["status"]?.stringValue,
                let key = conditionTaints[type]?[status], !keys.contains(key)
            else { continue }
            keys.append(key)
        }
        if node.spec?["unschedulable"]?.boolValue == true { keys.append(unschedulable) }
        return keys
    }

    /// The NoExecute taint key a node's Ready status calls for: `not-ready` (False), `unreachable` (Unknown),
    /// none (True, or no Ready condition).
    static func wantedNoExecute(readyStatus: String?) -> String? {
        switch readyStatus {
        case "False": notReady
        case "Unknown": unreachable
        default: nil
        }
    }

    static func taints(of node: KubeObject) -> [JSONValue] { node.spec?["taints"]?.arrayValue ?? [] }

    static func has(_ taints: [JSONValue], key: String, effect: String) -> Bool {
        taints.contains { $0["key"]?.stringValue == key && $0["effect"]?.stringValue == effect }
    }

    /// `taints` with `remove` (key, effect) dropped and `add` keys appended with `effect` and `timeAdded` now;
    /// nil when that changes nothing.
    static func swapped(
        _ taints: [JSONValue], adding add: [String], removing remove: [String], effect: String, now: Date
    ) -> [JSONValue]? {
        var result = taints.filter { taint in
            !(taint["effect"]?.stringValue == effect && remove.contains(taint["key"]?.stringValue ?? ""))
        }
        for key in add where !has(result, key: key, effect: effect) {
            result.append(["key": .string(key), "effect": .string(effect), "timeAdded": .string(RFC3339Timestamp.string(from: now))])
        }
        return result == taints ? nil : result
    }

    /// Writes a node's taints, with its resourceVersion as precondition (`PatchNodeTaints`).
    static func write(_ taints: [JSONValue], to node: KubeObject, context: ControllerContext) async throws -> KubeObject {
        var metadata: JSONValue = .emptyObject
        if let version = node.resourceVersion { metadata["resourceVersion"] = .string(version) }
        return try await context.api.mergePatch(
            BuiltinResources.nodes, namespace: nil, name: node.name,
            ["metadata": metadata, "spec": ["taints": taints.isEmpty ? .null : .array(taints)]],
            options: context.writeOptions)
    }
}
