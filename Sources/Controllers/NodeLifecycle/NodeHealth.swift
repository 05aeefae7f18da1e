import Foundation
import KubeAPI

/// The node lifecycle controller's reading of a node's health (`tryUpdateNodeHealth` in
/// `pkg/controller/nodelifecycle/node_lifecycle_controller.go`): a node is heard from when its kubelet posts
/// its Ready condition or renews its Lease in `kube-node-lease`; once neither happened for the grace period,
/// its Ready, MemoryPressure, DiskPressure and PIDPressure conditions become `Unknown`.
enum NodeHealth {
    /// The conditions the controller marks Unknown (NetworkUnavailable is left to the network's owner).
    static let monitoredConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]

    static func condition(_ type: String, of node: KubeObject) -> JSONValue? {
        node.json[["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// The Ready condition's status (`True`, `False`, `Unknown`), nil when the kubelet never posted one.
    static func readyStatus(_ node: KubeObject) -> String? {
        condition("Ready", of: node)?["status"]?.stringValue
    }

    /// When the node was last heard from: its Ready heartbeat or its lease's renewal, whichever is later, and
    /// never before `floor` (when this controller started watching it: a restarted controller gives every
    /// node a full grace period, as kube-controller-manager's does); its creation when it never reported.
    static func lastHeard(_ node: KubeObject, lease: KubeObject?, floor: Date) -> Date {
        let heartbeat = condition("Ready", of: node)?["lastHeartbeatTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
        let created = node.creationTimestamp.flatMap(RFC3339Timestamp.date(from:))
        let renewed = lease?.spec?["renewTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
        return [heartbeat ?? created, renewed, floor].compactMap { $0 }.max() ?? floor
    }

    /// `status` with the monitored conditions Unknown as of `now`: a condition that is not Unknown yet gets
    /// reason `NodeStatusUnknown` ("Kubelet stopped posting node status.") and a new transition time, its
    /// heartbeat kept; a missing one is added with reason `NodeStatusNeverUpdated` ("Kubelet never posted
    /// node status."), its heartbeat the node's creation.
    static func unknownStatus(_ status: JSONValue, node: KubeObject, now: Date) -> JSONValue {
        let time = JSONValue.string(RFC3339Timestamp.string(from: now))
        var status = status
        var conditions = status["conditions"]?.arrayValue ?? []
        for type in monitoredConditions {
            if let index = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
                guard conditions[index]["status"]?.stringValue != "Unknown" else { continue }
                conditions[index]["status"] = "Unknown"
                conditions[index]["reason"] = "NodeStatusUnknown"
                conditions[index]["message"] = "Kubelet stopped posting node status."
                conditions[index]["lastTransitionTime"] = time
            } else {
                conditions.append([
                    "type": .string(type), "status": "Unknown", "reason": "NodeStatusNeverUpdated",
                    "message": "Kubelet never posted node status.",
                    "lastHeartbeatTime": node.creationTimestamp.map(JSONValue.string) ?? .null,
                    "lastTransitionTime": time,
                ])
            }
        }
        status["conditions"] = .array(conditions)
        return status
    }

    /// The zone a node counts in for disruption (`topology.GetZoneKey`): its region and zone labels.
    static func zone(of node: KubeObject) -> String {
        let labels = node.labels
        let region = labels["topology.kubernetes.io/region"] ?? labels["failure-domain.beta.kubernetes.io/region"] ?? ""
        let zone = labels["topology.kubernetes.io/zone"] ?? labels["failure-domain.beta.kubernetes.io/zone"] ?? ""
        return region.isEmpty && zone.isEmpty ? "" : "\(region):\u{0}:\(zone)"
    }

    /// Whether node disruption checks leave it out (`node.kubernetes.io/exclude-disruption`).
    static func excludedFromDisruption(_ node: KubeObject) -> Bool {
        node.labels["node.kubernetes.io/exclude-disruption"] != nil
    }
}
