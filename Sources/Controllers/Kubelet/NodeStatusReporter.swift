import Foundation
import KubeAPI

/// The kubelet's node status loop (`pkg/kubelet/kubelet_node_status.go`, `tryUpdateNodeStatus`): every
/// `nodeStatusUpdateFrequency` it works out the status; it writes it only when something changed (ignoring
/// heartbeat times) or `nodeStatusReportFrequency` has passed since the last heartbeat, and then every
/// condition's lastHeartbeatTime is now. The simulated node is healthy: no memory, disk or PID pressure,
/// Ready; its `images` list grows with what its pods pulled (largest first, at most 50).
enum NodeStatusReporter {
    /// The four conditions of a healthy node, with their kubelet reasons and messages.
    static let conditions: [(type: String, status: String, reason: String, message: String)] = [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ]

    /// The status to write at `now`, or nil when nothing is due.
    static func update(
        _ status: JSONValue, pods: [KubeObject], now: Date, reportFrequency: TimeInterval
    ) -> JSONValue? {
        let time = JSONValue.string(RFC3339Timestamp.string(from: now))
        let previous = status["conditions"]?.arrayValue ?? []
        var desired = status
        var conditions = previous.filter { old in !Self.conditions.contains { $0.type == old["type"]?.stringValue } }
        for wanted in Self.conditions {
            let old = previous.first { $0["type"]?.stringValue == wanted.type }
            let same = old?["status"]?.stringValue == wanted.status
            conditions.append([
                "type": .string(wanted.type), "status": .string(wanted.status), "reason": .string(wanted.reason),
                "message": .string(wanted.message), "lastHeartbeatTime": old?["lastHeartbeatTime"] ?? time,
                "lastTransitionTime": same ? old?["lastTransitionTime"] ?? time : time,
            ])
        }
        desired["conditions"] = .array(conditions)
        desired["images"] = images(status["images"]?.arrayValue ?? [], pods: pods)
        if desired["images"] == .array([]) && status["images"] == nil { desired["images"] = nil }
        let heartbeat = lastHeartbeat(status)
        let due = heartbeat.map { now.timeIntervalSince($0) >= reportFrequency } ?? true
        guard desired != status || due else { return nil }
        desired["conditions"] = .array(conditions.map { condition in
            var condition = condition
            condition["lastHeartbeatTime"] = time
            return condition
        })
        return desired
    }

    /// When the Ready condition was last written.
    static func lastHeartbeat(_ status: JSONValue) -> Date? {
        status["conditions"]?.arrayValue?.first { $0["type"] == "Ready" }?["lastHeartbeatTime"]?.stringValue
            .flatMap(RFC3339Timestamp.date(from:))
    }

    /// The node's images and those its pods' containers run, largest first, at most 50
    /// (`nodeStatusMaxImages`), each named by digest and by tag; the list as it is when nothing was added.
    static func images(_ existing: [JSONValue], pods: [KubeObject]) -> JSONValue {
        var images = existing
        var known = Set(existing.flatMap { $0["names"]?.arrayValue?.compactMap(\.stringValue) ?? [] })
        for pod in pods {
            let statuses = (pod.json[["status", "initContainerStatuses"]]?.arrayValue ?? [])
                + (pod.json[["status", "containerStatuses"]]?.arrayValue ?? [])
            for status in statuses {
                guard let imageID = status["imageID"]?.stringValue, !imageID.isEmpty,
                    let reference = status["image"]?.stringValue, !known.contains(reference)
                else { continue }
                known.insert(reference)
                let names = imageID == reference ? [reference] : [imageID, reference]
                images.append([
                    "names": .array(names.map(JSONValue.string)), "sizeBytes": .int(ContainerImage(reference).sizeBytes),
                ])
            }
        }
        if images.count == existing.count { return .array(existing) }
        let sorted = images.enumerated().sorted { a, b in
            let (sizeA, sizeB) = (a.element["sizeBytes"]?.intValue ?? 0, b.element["sizeBytes"]?.intValue ?? 0)
            return sizeA != sizeB ? sizeA > sizeB : a.offset < b.offset
        }
        return .array(sorted.prefix(50).map(\.element))
    }

    /// The image references a node reports holding.
    static func imageReferences(_ node: KubeObject) -> Set<String> {
        Set((node.json[["status", "images"]]?.arrayValue ?? []).flatMap { $0["names"]?.arrayValue?.compactMap(\.stringValue) ?? [] })
    }
}
