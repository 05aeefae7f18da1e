import Crypto
import Foundation
import KubeAPI

/// The statuses of a pod's ephemeral containers (`kubectl debug`), as `convertToAPIContainerStatuses` reports
/// them: the kubelet starts each one it finds in the spec of a running pod, with the image taken as present,
/// and it runs from then on; a status once reported is kept. The container ID is a function of the pod's uid
/// and the container's name, so a simulation that replays gives the same one.
enum EphemeralContainerStatuses {
    /// The statuses in spec order; nil when the pod has no ephemeral containers.
    static func statuses(of pod: KubeObject, previous: JSONValue, running: Bool, at now: Date) -> JSONValue? {
        let specs = pod.json[["spec", "ephemeralContainers"]]?.arrayValue ?? []
        guard !specs.isEmpty else { return nil }
        var reported: [String: JSONValue] = [:]
        for item in previous["ephemeralContainerStatuses"]?.arrayValue ?? [] {
            if let name = item["name"]?.stringValue { reported[name] = item }
        }
        return .array(
            specs.compactMap { spec -> JSONValue? in
                guard let name = spec["name"]?.stringValue else { return nil }
                if let status = reported[name], status["containerID"] != nil { return status }
                let image = ContainerImage(spec["image"]?.stringValue ?? "")
                guard running else {
                    return [
                        "name": .string(name), "image": .string(image.spec), "imageID": "", "ready": false, "restartCount": 0,
                        "lastState": .emptyObject, "state": ["waiting": ["reason": "ContainerCreating"]],
                    ]
                }
                let id = SHA256.hash(data: Data("ephemeral/\(pod.uid ?? "")/\(name)".utf8)).map { String(format: "%02x", $0) }.joined()
                return [
                    "name": .string(name), "image": .string(image.reference), "imageID": .string(image.imageID),
                    "containerID": .string("containerd://\(id)"), "ready": false, "restartCount": 0, "started": true,
                    "lastState": .emptyObject, "state": ["running": ["startedAt": .string(RFC3339Timestamp.string(from: now))]],
                ]
            })
    }
}
