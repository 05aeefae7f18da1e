import Foundation
import KubeAPI

/// What the workload controllers read of a pod's state (`k8s.io/kubernetes/pkg/api/v1/pod` and
/// `controller_utils.go`): active, ready, available.
enum PodState {
    /// Neither terminal (Succeeded, Failed) nor being deleted (`controller.IsPodActive`).
    static func isActive(_ pod: KubeObject) -> Bool {
        let phase = pod.json[["status", "phase"]]?.stringValue
        return phase != "Succeeded" && phase != "Failed" && pod.deletionTimestamp == nil
    }

    /// The pod's Ready condition, when it is True.
    static func readyCondition(_ pod: KubeObject) -> JSONValue? {
        (pod.json[["status", "conditions"]]?.arrayValue ?? []).first {
            $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
        }
    }

    static func isReady(_ pod: KubeObject) -> Bool { readyCondition(pod) != nil }

    /// When the pod last became Ready (nil when it is not ready, or the time is unset).
    static func readySince(_ pod: KubeObject) -> Date? {
        readyCondition(pod)?["lastTransitionTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
    }

    /// Ready for more than `minReadySeconds` at `now` (`podutil.IsPodAvailable`: strictly after the ready time
    /// plus minReadySeconds).
    static func isAvailable(_ pod: KubeObject, minReadySeconds: Int64, now: Date) -> Bool {
        guard isReady(pod) else { return false }
        if minReadySeconds == 0 { return true }
        guard let since = readySince(pod) else { return false }
        return since.addingTimeInterval(TimeInterval(minReadySeconds)) < now
    }

    static func creationTime(_ object: KubeObject) -> Date? {
        object.creationTimestamp.flatMap(RFC3339Timestamp.date(from:))
    }
}

/// Controller owner references (`metav1.NewControllerRef`, `metav1.GetControllerOf`).
enum ControllerRef {
    /// The reference naming `owner` as controller: `controller` and `blockOwnerDeletion` both true.
    static func make(to owner: KubeObject, apiVersion: String, kind: String) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(owner.name),
            "uid": .string(owner.uid ?? ""), "controller": true, "blockOwnerDeletion": true,
        ]
    }

    /// The object's controller reference, if it has one.
    static func of(_ object: KubeObject) -> JSONValue? {
        object.ownerReferences.first { $0["controller"]?.boolValue == true }
    }

    /// The uid of the object's controller.
    static func uid(of object: KubeObject) -> String? { of(object)?["uid"]?.stringValue }
}

extension KubeObject {
    /// An integer field of the spec, or `default` when unset.
    func specInt(_ field: String, default value: Int64 = 0) -> Int64 { spec?[field]?.intValue ?? value }

    /// An integer field of the status, 0 when unset.
    func statusInt(_ field: String) -> Int64 { json[["status", field]]?.intValue ?? 0 }
}
